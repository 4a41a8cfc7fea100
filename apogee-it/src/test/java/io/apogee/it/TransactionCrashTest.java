package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.messagesIn;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker process holding an undecided half message, a committed one and a rolled-back one is
 * killed with SIGKILL and restarted over the same files: only the undecided one is checked (by a
 * producer of the group started after the crash), the decisions taken before the kill hold, and
 * nothing rolled back is ever delivered.
 */
class TransactionCrashTest {

    private static final String TOPIC = "CrashTransactionTopic";
    private static final String GROUP = "crash_transaction_producer";

    @TempDir
    Path dir;

    @Test
    void anUndecidedHalfMessageIsCheckedAfterSigkillAndDecisionsHold() throws Exception {
        Path data = dir.resolve("cluster");
        Process first = ClusterProcess.launch(data, dir.resolve("first.log"));
        try {
            String namesrv = ClusterProcess.awaitNamesrv(dir.resolve("first.log"));
            TransactionMQProducer producer = producer(namesrv, Map.of());
            try {
                producer.sendMessageInTransaction(message("rolled-back"), LocalTransactionState.ROLLBACK_MESSAGE);
                producer.sendMessageInTransaction(message("committed"), LocalTransactionState.COMMIT_MESSAGE);
                producer.sendMessageInTransaction(message("undecided"), LocalTransactionState.UNKNOW);
            } finally {
                producer.shutdown();
            }
            DefaultMQAdminExt admin = startedAdmin(namesrv, "crash_transaction_admin", "crash-transaction-admin");
            try {
                // Decisions are served in order: once the commit is visible, the rollback before it was taken.
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> messagesIn(admin, TOPIC) == 1);
            } finally {
                admin.shutdown();
            }
        } finally {
            ClusterProcess.kill(first);
        }

        Process second = ClusterProcess.launch(data, dir.resolve("second.log"));
        Map<String, Integer> checks = new ConcurrentHashMap<>();
        Map<String, Integer> delivered = new ConcurrentHashMap<>();
        TransactionMQProducer restarted = null;
        DefaultMQPushConsumer consumer = null;
        try {
            String namesrv = ClusterProcess.awaitNamesrv(dir.resolve("second.log"));
            restarted = producer(namesrv, checks);
            // An official producer only heartbeats to brokers it has routes for: the restarted
            // application sends again, and from then on it can be asked about the old transaction.
            restarted.send(message("after-restart"));
            consumer = startConsuming(consumerFromFirstOffset(namesrv, "crash_transaction_group",
                    uniqueInstanceName("crash-transaction-consumer")), TOPIC, m -> delivered.merge(body(m), 1, Integer::sum));

            await().atMost(Duration.ofSeconds(60)).until(() -> delivered.containsKey("undecided")
                    && delivered.containsKey("committed") && delivered.containsKey("after-restart"));
            assertThat(checks).containsOnlyKeys("undecided");
            assertThat(delivered).doesNotContainKey("rolled-back");
            assertThat(delivered.get("undecided")).isEqualTo(1);
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            if (restarted != null) {
                restarted.shutdown();
            }
            ClusterProcess.kill(second);
        }
    }

    private static Message message(String body) {
        return OfficialClients.message(TOPIC, body);
    }

    /** A transactional producer whose local transaction answers its argument and whose checks commit. */
    private static TransactionMQProducer producer(String namesrv, Map<String, Integer> checks) throws Exception {
        TransactionMQProducer producer = new TransactionMQProducer(GROUP);
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName(uniqueInstanceName("crash-transaction-producer"));
        producer.setHeartbeatBrokerInterval(1_000);
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object state) {
                return (LocalTransactionState) state;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                checks.merge(body(message), 1, Integer::sum);
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer.start();
        return producer;
    }
}
