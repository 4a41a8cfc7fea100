package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.store.GetMessageResult;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.apogee.it.OfficialClients.startedProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The official 5.3.3 producer, unchanged, against an Apogee name server and broker. */
class OfficialProducerTest {

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private Broker broker;
    private DefaultMQProducer producer;

    private void startBroker(boolean autoCreate) throws MQClientException {
        cluster = new LocalCluster(dir, config -> config.autoCreateTopicEnable(autoCreate));
        broker = cluster.broker();
        producer = startedProducer(namesrvAddr(), "apogee_test_producer", "apogee-broker-test");
    }

    private String namesrvAddr() {
        return cluster.namesrvAddr();
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sendsOfEveryKindAreStoredAndAcknowledged() throws Exception {
        startBroker(true);
        String topic = "ApogeeTopic";

        SendResult sync = producer.send(message(topic, "TagA", "KEY-1", "sync"));
        assertThat(sync.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(sync.getOffsetMsgId()).hasSize(32);

        CompletableFuture<SendResult> async = new CompletableFuture<>();
        producer.send(message(topic, "TagB", "KEY-2", "async"), new org.apache.rocketmq.client.producer.SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                async.complete(result);
            }

            @Override
            public void onException(Throwable e) {
                async.completeExceptionally(e);
            }
        });
        assertThat(async.get(10, TimeUnit.SECONDS).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        producer.sendOneway(message(topic, "TagA", "KEY-3", "oneway"));

        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(message(topic, "TagC", "KEY-B" + i, "batch-" + i));
        }
        SendResult batchResult = producer.send(batch);
        assertThat(batchResult.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(batchResult.getOffsetMsgId().split(",")).hasSize(5);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(storedBodies(topic)).containsExactlyInAnyOrder("sync", "async", "oneway",
                        "batch-0", "batch-1", "batch-2", "batch-3", "batch-4"));
        assertThat(cluster.nameServer().registry().route(topic, null)).as("auto-created topic registered").isNotNull();
    }

    @Test
    void sentMessagesAreFoundByIdByKeyAndByQueueOffsets() throws Exception {
        startBroker(true);
        String topic = "QueryTopic";
        long before = System.currentTimeMillis();
        SendResult first = producer.send(message(topic, "TagA", "ORDER-1 ORDER-ALL", "first"));
        SendResult second = producer.send(message(topic, "TagA", "ORDER-2 ORDER-ALL", "second"));
        MessageQueue queue = first.getMessageQueue();

        MessageExt viewed = producer.viewMessage(topic, second.getOffsetMsgId());
        assertThat(new String(viewed.getBody(), StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(viewed.getKeys()).isEqualTo("ORDER-2 ORDER-ALL");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            QueryResult byKey = producer.queryMessage(topic, "ORDER-ALL", 32, before - 1_000, System.currentTimeMillis() + 1_000);
            assertThat(byKey.getMessageList()).extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("first", "second");
        });

        long stored = producer.maxOffset(queue);
        assertThat(stored).isGreaterThanOrEqualTo(1);
        assertThat(producer.minOffset(queue)).isZero();
        assertThat(producer.earliestMsgStoreTime(queue)).isBetween(before - 1_000, System.currentTimeMillis());
        assertThat(producer.searchOffset(queue, before - 60_000)).isZero();
    }

    @Test
    void unknownTopicWithoutAutoCreateIsRefused() throws Exception {
        startBroker(false);

        assertThatThrownBy(() -> producer.send(message("NotCreated", "TagA", "K", "x")))
                .isInstanceOf(MQClientException.class)
                .hasMessageContaining("No route info");
    }

    private List<String> storedBodies(String topic) {
        List<String> bodies = new ArrayList<>();
        for (int queue = 0; queue < 8; queue++) {
            GetMessageResult result = broker.store().getMessage(topic, queue, 0, 64, 1 << 20, null);
            if (result.messages() == null) {
                continue;
            }
            result.messages().forEach(buffer -> {
                StoredMessage message = StoredMessageCodec.decode(buffer.duplicate());
                bodies.add(new String(message.body(), StandardCharsets.UTF_8));
            });
        }
        return bodies;
    }

    private static Message message(String topic, String tag, String key, String body) {
        return new Message(topic, tag, key, body.getBytes(StandardCharsets.UTF_8));
    }
}
