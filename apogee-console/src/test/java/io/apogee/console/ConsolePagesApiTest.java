package io.apogee.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.test.EmbeddedApogee;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

import static io.apogee.console.ConsoleApiTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's lag history, "consumed by" on a message, and a broker's store state, over HTTP against a real
 * name server and broker, with the official 5.3.3 client as the applications.
 */
class ConsolePagesApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddedApogee apogee;
    private static ConsoleServer console;
    private static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        apogee = EmbeddedApogee.start();
        console = new ConsoleServer(apogee.namesrvAddr(), ConsoleAccess.OPEN, Duration.ofMillis(200))
                .start("127.0.0.1", 0);
        producer = new DefaultMQProducer("pages-test-producer");
        producer.setNamesrvAddr(apogee.namesrvAddr());
        producer.setInstanceName("pages-test-producer");
        producer.start();
    }

    @AfterAll
    static void stop() {
        producer.shutdown();
        console.close();
        apogee.close();
    }

    @Test
    void lagHistoryRisesAfterSendsAndFallsToZeroAfterAConsumerReads() throws Exception {
        String topic = "LagHistoryTopic";
        String group = "lag-history-readers";
        apogee.createTopic(topic, 1);
        send(topic, "first");
        Set<String> read = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = pushConsumer(group, topic, m -> read.add(m.getKeys()) || true);
        await().atMost(WAIT).until(() -> read.contains("first"));
        consumer.shutdown();
        await().atMost(WAIT).until(() -> Long.valueOf(0).equals(lastLag(group)));

        for (int i = 0; i < 4; i++) {
            send(topic, "later-" + i);
        }
        await().atMost(WAIT).until(() -> Long.valueOf(4).equals(lastLag(group)));
        DefaultMQPushConsumer again = pushConsumer(group, topic, m -> read.add(m.getKeys()) || true);
        try {
            await().atMost(WAIT).until(() -> Long.valueOf(0).equals(lastLag(group)));
        } finally {
            again.shutdown();
        }

        JSONArray series = lagHistory(group);
        int rose = -1;
        int caughtUpBefore = -1;
        for (int i = 0; i < series.size(); i++) {
            long lag = series.getJSONObject(i).getLongValue("lag");
            if (lag == 4 && rose < 0) {
                rose = i;
            }
            if (lag == 0 && rose < 0) {
                caughtUpBefore = i;
            }
            if (i > 0) {
                assertThat(series.getJSONObject(i).getLongValue("t"))
                        .isGreaterThanOrEqualTo(series.getJSONObject(i - 1).getLongValue("t"));
            }
        }
        assertThat(rose).as("a sample saw the 4 unread messages: %s", series).isGreaterThan(0);
        assertThat(caughtUpBefore).as("after samples at 0: %s", series).isBetween(0, rose - 1);
        assertThat(series.getJSONObject(series.size() - 1).getLongValue("lag")).as("and fell back to 0").isZero();
        assertThat(series.size()).isLessThanOrEqualTo(LagHistory.POINTS);
        assertThat(lagHistory("no-such-group")).isEmpty();
    }

    @Test
    void aMessageViewSaysWhichGroupsHaveConsumedIt() throws Exception {
        String topic = "ConsumedByTopic";
        apogee.createTopic(topic, 1);
        SendResult first = send(topic, "first");
        SendResult second = send(topic, "second");

        Set<String> readByA = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer a = pushConsumer("consumed-by-a", topic, m -> readByA.add(m.getKeys()) || true);
        // B reads the first message and holds the second, so its committed offset stops between the two.
        CountDownLatch release = new CountDownLatch(1);
        DefaultMQPushConsumer b = pushConsumer("consumed-by-b", topic, m -> {
            if ("second".equals(m.getKeys())) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        });
        // C broadcasts: its offsets stay in its own client, so the broker cannot say what it consumed.
        Set<String> readByC = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer c = pushConsumer("consumed-by-c", topic, m -> readByC.add(m.getKeys()) || true,
                MessageModel.BROADCASTING);
        try {
            await().atMost(WAIT).until(() -> readByA.containsAll(Set.of("first", "second")));
            await().atMost(WAIT).until(() -> readByC.containsAll(Set.of("first", "second")));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(consumedBy(second.getOffsetMsgId()))
                        .containsEntry("consumed-by-a", "consumed")
                        .containsEntry("consumed-by-b", "not consumed")
                        .containsEntry("consumed-by-c", "unknown");
                assertThat(consumedBy(first.getOffsetMsgId()))
                        .containsEntry("consumed-by-a", "consumed")
                        .containsEntry("consumed-by-b", "consumed");
            });
        } finally {
            release.countDown();
            a.shutdown();
            b.shutdown();
            c.shutdown();
        }
    }

    @Test
    void theStoreStateMovesAfterSends() throws Exception {
        JSONObject before = store();
        assertThat(before.getString("flushDiskType")).isEqualTo("ASYNC_FLUSH");
        assertThat(before.getString("role")).isEqualTo("ASYNC_MASTER");
        assertThat(before.getJSONObject("replication").getJSONArray("slaveAckOffsets")).isEmpty();
        assertThat(before.getLongValue("diskTotalBytes")).isPositive();
        assertThat(before.getLongValue("diskFreeBytes")).isPositive().isLessThanOrEqualTo(before.getLongValue("diskTotalBytes"));
        assertThat(before.getLongValue("diskUsedBytes"))
                .isEqualTo(before.getLongValue("diskTotalBytes") - before.getLongValue("diskFreeBytes"));
        assertThat(before.getLongValue("commitLogMinOffset")).isLessThanOrEqualTo(before.getLongValue("commitLogMaxOffset"));

        apogee.createTopic("StoreStateTopic", 1);
        for (int i = 0; i < 10; i++) {
            send("StoreStateTopic", "store-" + i);
        }
        long sentAtLeast = 10L * 1000;
        await().atMost(WAIT).untilAsserted(() -> {
            JSONObject after = store();
            assertThat(after.getLongValue("commitLogMaxOffset"))
                    .isGreaterThanOrEqualTo(before.getLongValue("commitLogMaxOffset") + sentAtLeast);
            assertThat(after.getLongValue("writtenOffset")).isGreaterThanOrEqualTo(after.getLongValue("commitLogMaxOffset"));
            assertThat(after.getLongValue("flushedOffset")).as("the flusher catches up with what was written")
                    .isEqualTo(after.getLongValue("writtenOffset"))
                    .isGreaterThan(before.getLongValue("flushedOffset"));
        });
    }

    private static JSONObject store() throws Exception {
        var response = call(console, "GET", "/api/v1/brokers/" + apogee.brokerAddr() + "/store", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.parseObject(response.body());
    }

    private static Map<String, String> consumedBy(String offsetMsgId) throws Exception {
        var response = call(console, "GET", "/api/v1/messages/" + offsetMsgId, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> states = new HashMap<>();
        JSONArray rows = JSON.parseObject(response.body()).getJSONArray("consumedBy");
        for (int i = 0; i < rows.size(); i++) {
            states.put(rows.getJSONObject(i).getString("group"), rows.getJSONObject(i).getString("state"));
        }
        return states;
    }

    private static JSONArray lagHistory(String group) throws Exception {
        var response = call(console, "GET", "/api/v1/groups/" + group + "/lag-history", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.parseArray(response.body());
    }

    private static Long lastLag(String group) throws Exception {
        JSONArray series = lagHistory(group);
        return series.isEmpty() ? null : series.getJSONObject(series.size() - 1).getLong("lag");
    }

    private static SendResult send(String topic, String key) throws Exception {
        byte[] body = new byte[1000];
        Arrays.fill(body, (byte) 'x');
        return producer.send(new Message(topic, "t", key, body));
    }

    /** An official push consumer from the first offset, one message per call; {@code read} says whether it consumed. */
    private static DefaultMQPushConsumer pushConsumer(String group, String topic, Predicate<MessageExt> read)
            throws Exception {
        return pushConsumer(group, topic, read, MessageModel.CLUSTERING);
    }

    private static DefaultMQPushConsumer pushConsumer(String group, String topic, Predicate<MessageExt> read,
                                                      MessageModel model) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setMessageModel(model);
        consumer.setNamesrvAddr(apogee.namesrvAddr());
        consumer.setInstanceName(group + "-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeMessageBatchMaxSize(1);
        consumer.setPersistConsumerOffsetInterval(500);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                if (!read.test(m)) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }
}
