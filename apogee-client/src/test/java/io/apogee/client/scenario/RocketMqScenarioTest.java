package io.apogee.client.scenario;

import io.apogee.client.Collector;
import io.apogee.client.RocketMqCluster;
import io.apogee.client.consumer.ConsumeConcurrentlyStatus;
import io.apogee.client.consumer.ConsumeOrderlyStatus;
import io.apogee.client.consumer.MessageListenerOrderly;
import io.apogee.client.consumer.PushConsumer;
import io.apogee.client.message.Message;
import io.apogee.client.message.MessageExt;
import io.apogee.client.producer.LocalTransactionState;
import io.apogee.client.producer.TransactionListener;
import io.apogee.client.producer.TransactionProducer;
import io.apogee.client.producer.TransactionSendResult;
import io.apogee.protocol.body.ConsumeFromWhere;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scenario suite against Apache RocketMQ 5.3.3's own name server and broker, started in this
 * JVM from the Maven Central jars, plus the scenarios Apogee's broker does not serve yet (orderly
 * consumption, retries, transactions). Tagged {@code rocketmq}: it runs with {@code -Procketmq}.
 */
@Tag("rocketmq")
class RocketMqScenarioTest extends ScenarioSuite {

    private RocketMqCluster cluster;

    @Override
    String startPeer(Path dir) throws Exception {
        cluster = new RocketMqCluster(dir.resolve("rocketmq"));
        return cluster.namesrvAddr();
    }

    @Test
    void anOrderlyConsumerSeesEachOrdersStepsInSendOrder() {
        String topic = topic("Orderly");
        int orders = 4;
        int steps = 15;
        for (int step = 0; step < steps; step++) {
            for (int order = 0; order < orders; order++) {
                producer.send(message(topic, order + ":" + step), (queues, msg, arg) ->
                        queues.get((Integer) arg % queues.size()), order);
            }
        }
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        PushConsumer consumer = new PushConsumer(unique("orderly_"));
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName(unique("o"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(4);
        consumer.setConsumeThreadMax(4);
        consumer.setSuspendCurrentQueueTimeMillis(100);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerOrderly) (msgs, context) -> {
            for (MessageExt m : msgs) {
                String[] parts = Collector.body(m).split(":");
                int step = Integer.parseInt(parts[1]);
                if (step == 7 && failures.getAndIncrement() == 0) {
                    return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
                }
                seen.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>()).add(step);
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        cleanups.add(consumer::shutdown);
        consumer.start();
        await().atMost(WAIT).until(() -> seen.values().stream().mapToInt(List::size).sum() == orders * steps);
        List<Integer> expected = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            expected.add(step);
        }
        assertThat(seen).hasSize(orders);
        seen.values().forEach(list -> assertThat(list).containsExactlyElementsOf(expected));
        assertThat(failures.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFailedMessageComesBackThroughTheRetryTopic() {
        String topic = topic("Retry");
        producer.send(message(topic, "retry-me"));
        List<Integer> reconsumeTimes = new CopyOnWriteArrayList<>();
        PushConsumer consumer = new PushConsumer(unique("retry_"));
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName(unique("r"));
        consumer.setPollNameServerInterval(500);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((io.apogee.client.consumer.MessageListenerConcurrently) (msgs, context) -> {
            MessageExt m = msgs.get(0);
            reconsumeTimes.add(m.getReconsumeTimes());
            assertThat(m.getTopic()).isEqualTo(topic);
            if (m.getReconsumeTimes() == 0) {
                context.setDelayLevelWhenNextConsume(1);
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        cleanups.add(consumer::shutdown);
        consumer.start();
        await().atMost(WAIT).until(() -> reconsumeTimes.size() >= 2);
        assertThat(reconsumeTimes).startsWith(0, 1);
    }

    @Test
    void transactionsCommitRollBackAndAreChecked() {
        String topic = topic("Tx");
        Map<String, LocalTransactionState> checked = new ConcurrentHashMap<>();
        TransactionProducer tx = new TransactionProducer(unique("tx_"));
        tx.setNamesrvAddr(namesrvAddr);
        tx.setInstanceName(unique("t"));
        tx.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                return (LocalTransactionState) arg;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                String body = Collector.body(message);
                LocalTransactionState answer = body.startsWith("unknown-commit") ? LocalTransactionState.COMMIT_MESSAGE
                        : LocalTransactionState.ROLLBACK_MESSAGE;
                checked.put(body, answer);
                return answer;
            }
        });
        tx.start();
        cleanups.add(tx::shutdown);
        TransactionSendResult committed = tx.sendMessageInTransaction(message(topic, "commit"),
                LocalTransactionState.COMMIT_MESSAGE);
        assertThat(committed.localTransactionState()).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
        tx.sendMessageInTransaction(message(topic, "rollback"), LocalTransactionState.ROLLBACK_MESSAGE);
        tx.sendMessageInTransaction(message(topic, "unknown-commit"), LocalTransactionState.UNKNOW);
        tx.sendMessageInTransaction(message(topic, "unknown-rollback"), LocalTransactionState.UNKNOW);

        Collector collector = new Collector();
        pushConsumer(unique("txc_"), topic, "*", collector).start();
        await().atMost(WAIT).until(() -> collector.deliveries().containsKey("commit")
                && collector.deliveries().containsKey("unknown-commit") && checked.size() >= 2);
        producer.send(message(topic, "after"));
        await().atMost(WAIT).until(() -> collector.deliveries().containsKey("after"));
        assertThat(collector.deliveries().keySet()).containsExactlyInAnyOrder("commit", "unknown-commit", "after");
        assertThat(checked).containsEntry("unknown-commit", LocalTransactionState.COMMIT_MESSAGE)
                .containsEntry("unknown-rollback", LocalTransactionState.ROLLBACK_MESSAGE);
    }

    @Test
    void aRequestGetsItsReply() {
        String topic = topic("Request");
        io.apogee.client.producer.Producer responder = new io.apogee.client.producer.Producer(unique("responder_"));
        responder.setNamesrvAddr(namesrvAddr);
        responder.setInstanceName(unique("rp"));
        responder.start();
        cleanups.add(responder::shutdown);
        PushConsumer server = pushConsumer(unique("server_"), topic, "*", (msgs, context) -> {
            for (MessageExt request : msgs) {
                responder.send(io.apogee.client.producer.Replies.createReply(request,
                        ("re: " + Collector.body(request)).getBytes(StandardCharsets.UTF_8)));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        server.start();
        await().atMost(WAIT).until(() -> !server.assignedQueues().isEmpty());
        MessageExt reply = producer.request(message(topic, "ping"), 15_000);
        assertThat(Collector.body(reply)).isEqualTo("re: ping");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> producer.request(message(topic("Unanswered"), "x"), 500))
                .hasMessageContaining("no reply");
    }

    @Override
    void stopPeer() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
