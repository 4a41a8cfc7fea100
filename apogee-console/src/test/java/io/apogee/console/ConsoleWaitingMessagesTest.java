package io.apogee.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.test.EmbeddedApogee;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.apogee.console.ConsoleApiTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages that have not reached their topic yet, on the console's message API: a delayed message is found by
 * key before it is delivered and says when it is due; a transaction's half message says whether it was
 * committed, rolled back or is still pending. A real broker and the official 5.3.3 client.
 */
class ConsoleWaitingMessagesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "WaitingTopic";

    private static EmbeddedApogee apogee;
    private static ConsoleServer console;

    @BeforeAll
    static void start() throws Exception {
        apogee = EmbeddedApogee.start();
        apogee.createTopic(TOPIC, 2);
        console = new ConsoleServer(apogee.namesrvAddr(), ConsoleAccess.OPEN, Duration.ofMillis(200))
                .start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        console.close();
        apogee.close();
    }

    @Test
    void aDelayedMessageIsFoundByKeyBeforeItsDeliveryAndSaysWhenItIsDue() throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("waiting-delay-producer");
        producer.setNamesrvAddr(apogee.namesrvAddr());
        producer.setInstanceName("waiting-delay-producer");
        producer.start();
        try {
            Message message = new Message(TOPIC, "t", "later", "in half a minute".getBytes(StandardCharsets.UTF_8));
            message.setDelayTimeLevel(4); // 30 s with the default levels
            producer.send(message);
        } finally {
            producer.shutdown();
        }

        List<JSONObject> found = search("later");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).getString("topic")).isEqualTo("SCHEDULE_TOPIC_XXXX");
        assertThat(found.get(0).getString("realTopic")).isEqualTo(TOPIC);
        JSONObject detail = detail(found.get(0).getString("offsetMsgId"));
        assertThat(detail.getIntValue("delayLevel")).isEqualTo(4);
        JSONObject due = detail.getJSONObject("due");
        assertThat(due.getString("state")).isEqualTo("waiting");
        assertThat(due.getLongValue("dueAt") - detail.getLongValue("storeTimestamp")).isEqualTo(30_000);
        assertThat(detail.getString("transaction")).isNull();
    }

    @Test
    void aHalfMessageSaysWhetherItsTransactionWasCommittedRolledBackOrIsPending() throws Exception {
        TransactionMQProducer producer = new TransactionMQProducer("waiting-tx-producer");
        producer.setNamesrvAddr(apogee.namesrvAddr());
        producer.setInstanceName("waiting-tx-producer");
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return switch (msg.getKeys()) {
                    case "commit-me" -> LocalTransactionState.COMMIT_MESSAGE;
                    case "roll-me" -> LocalTransactionState.ROLLBACK_MESSAGE;
                    default -> LocalTransactionState.UNKNOW;
                };
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                return LocalTransactionState.UNKNOW;
            }
        });
        producer.start();
        try {
            for (String key : List.of("commit-me", "roll-me", "wait-me")) {
                producer.sendMessageInTransaction(new Message(TOPIC, "t", key, key.getBytes(StandardCharsets.UTF_8)),
                        null);
            }
            // The decisions travel oneway: wait until the broker recorded them.
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(states("commit-me")).containsExactlyInAnyOrder(TOPIC + ": committed",
                        "RMQ_SYS_TRANS_HALF_TOPIC: committed");
                assertThat(states("roll-me")).containsExactly("RMQ_SYS_TRANS_HALF_TOPIC: rolled back");
            });
            assertThat(states("wait-me")).singleElement().asString()
                    .startsWith("RMQ_SYS_TRANS_HALF_TOPIC: pending (producer asked");
        } finally {
            producer.shutdown();
        }
    }

    /** "topic: transaction state" of each message found by {@code key} for the topic. */
    private static List<String> states(String key) throws Exception {
        List<String> states = new ArrayList<>();
        for (JSONObject m : search(key)) {
            states.add(m.getString("topic") + ": " + detail(m.getString("offsetMsgId")).getString("transaction"));
        }
        return states;
    }

    private static List<JSONObject> search(String key) throws Exception {
        var response = call(console, "GET", "/api/v1/messages?topic=" + TOPIC + "&key=" + key, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JSONArray messages = JSON.parseObject(response.body()).getJSONArray("messages");
        List<JSONObject> found = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            found.add(messages.getJSONObject(i));
        }
        return found;
    }

    private static JSONObject detail(String offsetMsgId) throws Exception {
        var response = call(console, "GET", "/api/v1/messages/" + offsetMsgId, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.parseObject(response.body());
    }
}
