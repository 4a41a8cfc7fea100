package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official TransactionMQProducer against an Apogee broker: half messages stay invisible until
 * committed, rollbacks are never delivered, undecided half messages are checked with the
 * producer's check listener, also after a broker restart.
 */
class OfficialTransactionTest {

    private static final String TOPIC = "TRANSACTION_TOPIC";
    /** User property telling the test's listener what to answer: execute answer, then check answer. */
    private static final String PLAN = "plan";

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private TransactionMQProducer producer;
    private DefaultMQPushConsumer consumer;
    private DefaultMQProducer plainProducer;
    private final Map<String, MessageExt> delivered = new ConcurrentHashMap<>();
    private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    private final List<MessageExt> checked = new CopyOnWriteArrayList<>();
    private volatile boolean checksMayDecide = true;

    private void start() throws Exception {
        start(15);
    }

    private void start(int transactionCheckMax) throws Exception {
        start(transactionCheckMax, 2_000);
    }

    private void start(int transactionCheckMax, long transactionTimeOut) throws Exception {
        cluster = new LocalCluster(dir, config -> config.transactionTimeOut(transactionTimeOut)
                .transactionCheckInterval(500).transactionCheckMax(transactionCheckMax));
        producer = new TransactionMQProducer("transaction_producer");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName(uniqueInstanceName("transaction-producer"));
        producer.setHeartbeatBrokerInterval(1_000);
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                return LocalTransactionState.valueOf(message.getUserProperty(PLAN).split("/")[0]);
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                checked.add(message);
                return checksMayDecide ? LocalTransactionState.valueOf(message.getUserProperty(PLAN).split("/")[1])
                        : LocalTransactionState.UNKNOW;
            }
        });
        producer.start();
        plainProducer = startedProducer(cluster.namesrvAddr(), "transaction_plain_producer", "transaction-plain");
        consumer = consumerFromFirstOffset(cluster.namesrvAddr(), "transaction_consumer",
                uniqueInstanceName("transaction-consumer"));
        consumer.setHeartbeatBrokerInterval(1_000);
        // The topic exists before the consumer looks for its route.
        plainProducer.send(message(TOPIC, "first"));
        startConsuming(consumer, TOPIC, message -> {
            String body = body(message);
            delivered.put(body, message);
            deliveries.merge(body, 1, Integer::sum);
        });
    }

    @AfterEach
    void stop() {
        consumer.shutdown();
        plainProducer.shutdown();
        producer.shutdown();
        cluster.close();
    }

    private TransactionSendResult sendInTransaction(String body, String plan) throws Exception {
        return producer.sendMessageInTransaction(transactional(body, plan), null);
    }

    private static Message transactional(String body, String plan) {
        Message message = new Message(TOPIC, "tx", body.getBytes(StandardCharsets.UTF_8));
        message.putUserProperty(PLAN, plan);
        return message;
    }

    /** Sends a plain message and waits for it: everything stored before it has had its chance to arrive. */
    private void awaitMarker(String name) throws Exception {
        plainProducer.send(new Message(TOPIC, name.getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.containsKey(name));
    }

    private long checksOf(String body) {
        return checked.stream().filter(m -> new String(m.getBody(), StandardCharsets.UTF_8).equals(body)).count();
    }

    @Test
    void aCommitDeliversOnceAndARollbackNever() throws Exception {
        start();
        TransactionSendResult committed = sendInTransaction("committed", "COMMIT_MESSAGE/ROLLBACK_MESSAGE");
        assertThat(committed.getLocalTransactionState()).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
        sendInTransaction("rolled-back", "ROLLBACK_MESSAGE/COMMIT_MESSAGE");

        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.containsKey("committed"));
        awaitMarker("marker");
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.broker().pendingHalfMessages().size() == 0);

        MessageExt message = delivered.get("committed");
        assertThat(message.getTopic()).isEqualTo(TOPIC);
        assertThat(message.getMsgId()).isEqualTo(committed.getMsgId());
        assertThat(message.getUserProperty(PLAN)).isEqualTo("COMMIT_MESSAGE/ROLLBACK_MESSAGE");
        assertThat(message.getProperty(MessageConst.PROPERTY_PRODUCER_GROUP)).isEqualTo("transaction_producer");
        assertThat(message.getProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED)).isNull();
        assertThat(message.getProperty(MessageConst.PROPERTY_REAL_TOPIC)).isNull();
        assertThat(message.getProperty(MessageConst.PROPERTY_REAL_QUEUE_ID)).isNull();
        assertThat(message.getPreparedTransactionOffset()).isPositive();
        assertThat(deliveries.get("committed")).isEqualTo(1);
        assertThat(delivered).doesNotContainKey("rolled-back");
        assertThat(checked).isEmpty();
    }

    @Test
    void anUnknownStateIsCheckedAndResolvedByTheCheckListener() throws Exception {
        start();
        TransactionSendResult unknown = sendInTransaction("checked-commit", "UNKNOW/COMMIT_MESSAGE");
        assertThat(unknown.getLocalTransactionState()).isEqualTo(LocalTransactionState.UNKNOW);
        sendInTransaction("checked-rollback", "UNKNOW/ROLLBACK_MESSAGE");

        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.containsKey("checked-commit"));
        await().atMost(Duration.ofSeconds(30)).until(() -> checksOf("checked-rollback") > 0
                && cluster.broker().pendingHalfMessages().size() == 0);
        awaitMarker("marker");

        // Both undecided messages are checked; in which order is the broker's choice.
        MessageExt check = checked.stream()
                .filter(m -> new String(m.getBody(), StandardCharsets.UTF_8).equals("checked-commit"))
                .findFirst().orElseThrow();
        assertThat(check.getTopic()).isEqualTo(TOPIC);
        assertThat(check.getTransactionId()).isEqualTo(unknown.getTransactionId());
        assertThat(deliveries.get("checked-commit")).isEqualTo(1);
        assertThat(delivered).doesNotContainKey("checked-rollback");
        assertThat(checksOf("checked-commit")).isPositive();
    }

    @Test
    void aHalfMessageOutstandingAcrossARestartIsStillChecked() throws Exception {
        start();
        checksMayDecide = false;
        sendInTransaction("across-restart", "UNKNOW/COMMIT_MESSAGE");
        sendInTransaction("rolled-back-before", "ROLLBACK_MESSAGE/COMMIT_MESSAGE");
        await().atMost(Duration.ofSeconds(30)).until(() -> checksOf("across-restart") > 0);

        cluster.restartBroker();
        assertThat(cluster.broker().pendingHalfMessages().size()).isEqualTo(1);
        int checksBefore = (int) checksOf("across-restart");
        checksMayDecide = true;

        await().atMost(Duration.ofSeconds(60)).until(() -> delivered.containsKey("across-restart"));
        assertThat(checksOf("across-restart")).isGreaterThan(checksBefore);
        assertThat(cluster.broker().pendingHalfMessages().size()).isZero();
        awaitMarker("marker");
        assertThat(delivered).doesNotContainKey("rolled-back-before");
        assertThat(checksOf("rolled-back-before")).isZero();
    }

    @Test
    void aHalfMessageNobodyDecidesIsDiscardedAfterTransactionCheckMaxChecksCountedAcrossARestart() throws Exception {
        start(2);
        checksMayDecide = false;
        sendInTransaction("never-decided", "UNKNOW/COMMIT_MESSAGE");
        await().atMost(Duration.ofSeconds(30)).until(() -> checksOf("never-decided") >= 1);

        cluster.restartBroker();
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.broker().pendingHalfMessages().size() == 0);
        // Two checks before and after the restart together, then the discard.
        await().atMost(Duration.ofSeconds(30)).until(() -> checksOf("never-decided") == 2);

        cluster.restartBroker();
        assertThat(cluster.broker().pendingHalfMessages().size()).as("the discard is recorded").isZero();
        checksMayDecide = true;
        awaitMarker("marker");
        assertThat(checksOf("never-decided")).isEqualTo(2);
        assertThat(delivered).doesNotContainKey("never-decided");
    }

    @Test
    void aMessagesCheckImmunityTimeReplacesTheTransactionTimeOut() throws Exception {
        start(15, 60_000);
        Message early = transactional("immune-for-a-second", "UNKNOW/COMMIT_MESSAGE");
        early.putUserProperty(MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS, "1");
        producer.sendMessageInTransaction(early, null);
        sendInTransaction("default-timeout", "UNKNOW/COMMIT_MESSAGE");

        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.containsKey("immune-for-a-second"));
        assertThat(checksOf("default-timeout")).as("not yet %d ms old", 60_000).isZero();
        assertThat(cluster.broker().pendingHalfMessages().size()).isEqualTo(1);
    }
}
