package io.apogee.client.consumer;

import io.apogee.client.ClientException;
import io.apogee.client.ClusterWithProducer;
import io.apogee.client.Collector;
import io.apogee.client.ServiceState;
import io.apogee.client.message.Message;
import io.apogee.client.producer.SendResult;
import io.apogee.client.producer.SendStatus;
import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.message.MessageSysFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Sends of every kind and push consumption against a real Apogee name server and broker. */
class PushConsumerApogeeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    static {
        System.setProperty("rocketmq.client.rebalance.waitInterval", "1000");
    }

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ClusterWithProducer cluster = new ClusterWithProducer(() -> dir, "apogee_producer");

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private PushConsumer consumer(String group, String topic, String tags, MessageListenerConcurrently listener) {
        PushConsumer consumer = new PushConsumer(group);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(unique("c"));
        // A topic created by a first send reaches the name server a moment later; poll for it often.
        consumer.setPollNameServerInterval(200);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, tags);
        consumer.registerMessageListener(listener);
        cluster.shutdownAfterEach(consumer::shutdown);
        return consumer;
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyKindOfSendIsConsumedExactlyOnce() throws Exception {
        String topic = unique("Sends");
        List<CompletableFuture<SendResult>> async = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertThat(cluster.producer().send(message(topic, "sync-" + i)).sendStatus()).isEqualTo(SendStatus.SEND_OK);
            async.add(cluster.producer().sendAsync(message(topic, "async-" + i)));
            cluster.producer().sendOneway(message(topic, "oneway-" + i));
        }
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(message(topic, "batch-" + i));
        }
        SendResult batchResult = cluster.producer().send(batch);
        assertThat(batchResult.msgId().split(",")).hasSize(10);
        for (CompletableFuture<SendResult> f : async) {
            assertThat(f.get(10, TimeUnit.SECONDS).sendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        Collector collector = new Collector();
        consumer(unique("all_kinds_"), topic, "*", collector).start();
        await().atMost(WAIT).until(() -> collector.deliveries().size() == 40);
        assertThat(collector.deliveries().values()).allMatch(n -> n.get() == 1);
        assertThat(collector.messages()).extracting(m -> m.getTopic()).containsOnly(topic);
    }

    @Test
    void aLargeBodyTravelsCompressedAndArrivesWhole() {
        String topic = unique("Compressed");
        String large = "apogee ".repeat(2_000);
        cluster.producer().send(message(topic, large));
        Collector collector = new Collector();
        consumer(unique("compressed_"), topic, "*", collector).start();
        await().atMost(WAIT).until(() -> collector.total() == 1);
        assertThat(Collector.body(collector.messages().get(0))).isEqualTo(large);
        assertThat(collector.messages().get(0).getSysFlag() & MessageSysFlag.COMPRESSED_FLAG).isNotZero();
    }

    @Test
    void onlySubscribedTagsAreDelivered() {
        String topic = unique("Tags");
        for (String tag : List.of("a", "b", "c", "a", "c")) {
            cluster.producer().send(new Message(topic, tag,
                    ("tag-" + tag + "-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)));
        }
        Collector collector = new Collector();
        consumer(unique("tags_"), topic, "a || b", collector).start();
        cluster.producer().send(new Message(topic, "b", "late-b".getBytes(StandardCharsets.UTF_8)));
        await().atMost(WAIT).until(() -> collector.total() == 4);
        assertThat(collector.messages()).extracting(m -> m.getTags()).containsExactlyInAnyOrder("a", "a", "b", "b");
    }

    @Test
    void twoMembersShareTheQueuesAndConsumeEachMessageOnce() {
        String topic = unique("Shared");
        cluster.producer().send(message(topic, "warm-up"));
        String group = unique("pair_");
        Collector first = new Collector();
        Collector second = new Collector();
        PushConsumer a = consumer(group, topic, "*", first);
        PushConsumer b = consumer(group, topic, "*", second);
        a.start();
        b.start();
        Set<MessageQueue> all = cluster.producer().clientInstance().routes().readableQueues(topic);
        await().atMost(WAIT).until(() -> {
            Set<MessageQueue> mineA = queuesOf(a, topic);
            Set<MessageQueue> mineB = queuesOf(b, topic);
            Set<MessageQueue> union = new HashSet<>(mineA);
            union.addAll(mineB);
            Set<MessageQueue> overlap = new HashSet<>(mineA);
            overlap.retainAll(mineB);
            return union.equals(all) && overlap.isEmpty() && !mineA.isEmpty() && !mineB.isEmpty();
        });
        for (int i = 0; i < 200; i++) {
            cluster.producer().send(message(topic, "m-" + i));
        }
        // The warm-up message may be seen twice while the group forms (at-least-once during a
        // rebalance); once membership has settled, every message is consumed exactly once.
        await().atMost(WAIT).until(() -> countOf(first, "m-") + countOf(second, "m-") >= 200);
        Set<String> both = new HashSet<>(first.deliveries().keySet());
        both.retainAll(second.deliveries().keySet());
        both.remove("warm-up");
        assertThat(both).isEmpty();
        assertThat(countOf(first, "m-") + countOf(second, "m-")).isEqualTo(200);
        assertThat(first.deliveries()).allSatisfy((body, n) -> assertThat(n.get() == 1 || body.equals("warm-up")).isTrue());
        assertThat(second.deliveries()).allSatisfy((body, n) -> assertThat(n.get() == 1 || body.equals("warm-up")).isTrue());
        assertThat(countOf(first, "m-")).isPositive();
        assertThat(countOf(second, "m-")).isPositive();
    }

    /** Deliveries of messages whose body starts with {@code prefix}, duplicates included. */
    private static int countOf(Collector collector, String prefix) {
        return collector.deliveries().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** The queues of {@code topic} a member consumes (its group's retry topic aside). */
    private static Set<MessageQueue> queuesOf(PushConsumer consumer, String topic) {
        Set<MessageQueue> queues = new HashSet<>(consumer.assignedQueues());
        queues.removeIf(q -> !q.topic().equals(topic));
        return queues;
    }

    @Test
    void aRestartedGroupResumesFromItsCommittedOffsets() {
        String topic = unique("Resume");
        String group = unique("resume_");
        for (int i = 0; i < 20; i++) {
            cluster.producer().send(message(topic, "old-" + i));
        }
        Collector before = new Collector();
        PushConsumer first = consumer(group, topic, "*", before);
        first.start();
        await().atMost(WAIT).until(() -> before.total() == 20);
        first.shutdown();
        for (int i = 0; i < 5; i++) {
            cluster.producer().send(message(topic, "new-" + i));
        }
        Collector after = new Collector();
        consumer(group, topic, "*", after).start();
        await().atMost(WAIT).until(() -> after.total() == 5);
        assertThat(after.deliveries().keySet()).allMatch(b -> b.startsWith("new-"));
    }

    @Test
    void pullsWaitWhileAQueueHoldsTooManyUnconsumedMessages() throws Exception {
        String topic = unique("Flow");
        cluster.producer().send(message(topic, "warm-up"));
        CountDownLatch release = new CountDownLatch(1);
        Collector collector = new Collector();
        PushConsumer consumer = consumer(unique("flow_"), topic, "*", (msgs, ctx) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return collector.consumeMessage(msgs, ctx);
        });
        consumer.setPullThresholdForQueue(5);
        consumer.setPullBatchSize(4);
        consumer.setConsumeThreadMin(1);
        consumer.setConsumeThreadMax(1);
        consumer.start();
        for (int i = 0; i < 100; i++) {
            cluster.producer().send(message(topic, "f-" + i));
        }
        await().atMost(WAIT).until(() -> consumer.flowControlTimes() > 0);
        int queues = cluster.producer().clientInstance().routes().readableQueues(topic).size();
        assertThat(consumer.cachedMessageCount()).isLessThanOrEqualTo((long) queues * (5 + 4 + 1));
        release.countDown();
        await().atMost(WAIT).until(() -> collector.total() == 101);
    }

    @Test
    void aPullThatFollowsAnAnswerDoesNotWaitForThePullThread() {
        String topic = unique("Follow");
        cluster.producer().send(message(topic, "create"));
        Set<MessageQueue> queues = cluster.producer().clientInstance().routes().readableQueues(topic);
        Collector collector = new Collector();
        PushConsumer consumer = consumer(unique("follow_"), topic, "*", collector);
        consumer.start();
        // One message into every queue, all consumed: every queue has had a pull answered and the next one sent.
        for (MessageQueue queue : queues) {
            cluster.producer().send(message(topic, "warm-up"), queue);
        }
        int warm = 1 + queues.size();
        await().atMost(WAIT).until(() -> collector.total() == warm);
        CountDownLatch release = new CountDownLatch(1);
        consumer.clientInstance().pullService().submit(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            for (int i = 0; i < 5 * queues.size(); i++) {
                cluster.producer().send(message(topic, "m-" + i));
            }
            await().atMost(WAIT).until(() -> collector.total() == warm + 5 * queues.size());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theConsumePoolGrowsWithABacklogAndShrinksAfter() {
        String topic = unique("Pool");
        cluster.producer().send(message(topic, "warm-up"));
        CountDownLatch release = new CountDownLatch(1);
        Collector collector = new Collector();
        PushConsumer consumer = consumer(unique("pool_"), topic, "*", (msgs, ctx) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return collector.consumeMessage(msgs, ctx);
        });
        consumer.setConsumeThreadMin(1);
        consumer.setConsumeThreadMax(3);
        consumer.setAdjustThreadPoolInterval(100);
        consumer.start();
        for (int i = 0; i < 20; i++) {
            cluster.producer().send(message(topic, "p-" + i));
        }
        await().atMost(WAIT).until(() -> consumer.consumeThreadPoolSize() == 3);
        release.countDown();
        await().atMost(WAIT).until(() -> collector.total() == 21);
        await().atMost(WAIT).until(() -> consumer.consumeThreadPoolSize() == 1);
    }

    @Test
    void aFailedMessageIsDeliveredAgainThroughTheRetryTopic() {
        String topic = unique("Again");
        cluster.producer().send(message(topic, "fail-once"));
        List<Integer> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        consumer(unique("again_"), topic, "*", (msgs, ctx) -> {
            attempts.add(msgs.get(0).getReconsumeTimes());
            assertThat(msgs.get(0).getTopic()).isEqualTo(topic);
            ctx.setDelayLevelWhenNextConsume(1);
            return attempts.size() == 1 ? ConsumeConcurrentlyStatus.RECONSUME_LATER
                    : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(attempts).containsExactly(0, 1));
    }

    @Test
    void consumerStartFollowsTheSameStatesAsTheProducer() {
        String topic = unique("States");
        cluster.producer().send(message(topic, "x"));
        String group = unique("states_");
        PushConsumer consumer = consumer(group, topic, "*", new Collector());
        String instanceName = consumer.getInstanceName();
        consumer.start();
        assertThat(consumer.getState()).isEqualTo(ServiceState.RUNNING);
        assertThatThrownBy(consumer::start).isInstanceOf(ClientException.class).hasMessageContaining("RUNNING");
        PushConsumer duplicate = consumer(group, topic, "*", new Collector());
        duplicate.setInstanceName(instanceName);
        assertThatThrownBy(duplicate::start).hasMessageContaining("created before");
        assertThat(duplicate.getState()).isEqualTo(ServiceState.CREATE_JUST);
        PushConsumer noListener = new PushConsumer(unique("nolistener_"));
        assertThatThrownBy(noListener::start).hasMessageContaining("listener");
        assertThat(noListener.getState()).isEqualTo(ServiceState.START_FAILED);
    }

    @Test
    void aConsumerOfATopicThatDoesNotExistYetStartsAndConsumesItOnceItDoes() {
        String topic = unique("Later");
        Collector collector = new Collector();
        PushConsumer consumer = consumer(unique("later_"), topic, "*", collector);
        consumer.start();
        assertThat(consumer.getState()).isEqualTo(ServiceState.RUNNING);
        cluster.producer().send(message(topic, "first of a new topic"));
        await().atMost(WAIT).until(() -> collector.total() == 1);
        assertThat(Collector.body(collector.messages().get(0))).isEqualTo("first of a new topic");
    }
}
