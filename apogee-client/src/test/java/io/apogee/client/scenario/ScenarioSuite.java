package io.apogee.client.scenario;

import io.apogee.client.Collector;
import io.apogee.client.LitePolling;
import io.apogee.client.admin.Admin;
import io.apogee.client.consumer.LitePullConsumer;
import io.apogee.client.consumer.ConsumeOrderlyStatus;
import io.apogee.client.consumer.MessageListenerOrderly;
import io.apogee.client.consumer.PushConsumer;
import io.apogee.client.message.Message;
import io.apogee.client.message.MessageExt;
import io.apogee.client.producer.LocalTransactionState;
import io.apogee.client.producer.Producer;
import io.apogee.client.producer.SendResult;
import io.apogee.client.producer.SendStatus;
import io.apogee.client.producer.TransactionListener;
import io.apogee.client.producer.TransactionProducer;
import io.apogee.client.producer.TransactionSendResult;
import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.QueueData;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenarios every peer must pass, written once and run against each peer by a subclass: sends of
 * every kind, a two-member group, tag filtering, broadcasting, lite pull with seek, and interop
 * with the official 5.3.3 client in both directions on one topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScenarioSuite {

    static final Duration WAIT = Duration.ofSeconds(60);

    Path dir;
    Producer producer;
    Admin admin;
    final List<Runnable> cleanups = new ArrayList<>();

    /** Starts the peer's name server and broker under {@code dir}; answers the name-server address. */
    abstract String startPeer(Path dir) throws Exception;

    abstract void stopPeer();

    String namesrvAddr;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        System.setProperty("rocketmq.client.rebalance.waitInterval", "1000");
        namesrvAddr = startPeer(dir);
        admin = new Admin(namesrvAddr);
        producer = new Producer("scenario_producer");
        producer.setNamesrvAddr(namesrvAddr);
        producer.start();
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (admin != null) {
            admin.close();
        }
        stopPeer();
    }

    @AfterEach
    void cleanUp() {
        cleanups.forEach(Runnable::run);
        cleanups.clear();
    }

    String topic(String prefix) {
        String topic = prefix + UUID.randomUUID().toString().substring(0, 8);
        // The peer's broker may not have registered with its name server yet when the first test starts.
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> admin.createTopic("DefaultCluster", topic, 4));
        await().atMost(WAIT).ignoreExceptions().until(() -> admin.examineTopicRouteInfo(topic) != null);
        return topic;
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    PushConsumer pushConsumer(String group, String topic, String tags,
                              io.apogee.client.consumer.MessageListenerConcurrently listener) {
        PushConsumer consumer = new PushConsumer(group);
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName(unique("c"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, tags);
        consumer.registerMessageListener(listener);
        cleanups.add(consumer::shutdown);
        return consumer;
    }

    @Test
    void sendsOfEveryKindAreConsumedOnce() throws Exception {
        String topic = topic("Kinds");
        List<CompletableFuture<SendResult>> async = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assertThat(producer.send(message(topic, "sync-" + i)).sendStatus()).isEqualTo(SendStatus.SEND_OK);
            async.add(producer.sendAsync(message(topic, "async-" + i)));
            producer.sendOneway(message(topic, "oneway-" + i));
        }
        producer.send(List.of(message(topic, "batch-0"), message(topic, "batch-1"), message(topic, "batch-2")));
        producer.send(message(topic, "large-" + "x".repeat(10_000)));
        for (CompletableFuture<SendResult> f : async) {
            assertThat(f.get(30, TimeUnit.SECONDS).sendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        Collector collector = new Collector();
        pushConsumer(unique("kinds_"), topic, "*", collector).start();
        await().atMost(WAIT).until(() -> collector.deliveries().size() == 19);
        assertThat(collector.deliveries().values()).allMatch(n -> n.get() == 1);
        assertThat(collector.deliveries()).containsKey("large-" + "x".repeat(10_000));
    }

    @Test
    void twoMembersOfAGroupConsumeEachMessageOnce() {
        String topic = topic("Pair");
        String group = unique("pair_");
        Collector first = new Collector();
        Collector second = new Collector();
        PushConsumer a = pushConsumer(group, topic, "*", first);
        PushConsumer b = pushConsumer(group, topic, "*", second);
        a.start();
        b.start();
        await().atMost(WAIT).until(() -> {
            Set<MessageQueue> union = new HashSet<>(a.assignedQueues());
            union.addAll(b.assignedQueues());
            union.removeIf(q -> !q.topic().equals(topic));
            return union.size() == 4 && a.assignedQueues().stream().noneMatch(b.assignedQueues()::contains)
                    && a.assignedQueues().stream().anyMatch(q -> q.topic().equals(topic))
                    && b.assignedQueues().stream().anyMatch(q -> q.topic().equals(topic));
        });
        for (int i = 0; i < 100; i++) {
            producer.send(message(topic, "m-" + i));
        }
        await().atMost(WAIT).until(() -> first.total() + second.total() >= 100);
        Set<String> seen = new HashSet<>(first.deliveries().keySet());
        seen.addAll(second.deliveries().keySet());
        assertThat(seen).hasSize(100);
        assertThat(first.total() + second.total()).isEqualTo(100);
        assertThat(first.total()).isPositive();
        assertThat(second.total()).isPositive();
    }

    @Test
    void onlySubscribedTagsAreDelivered() {
        String topic = topic("Tags");
        for (String tag : List.of("a", "b", "c", "b", "c")) {
            producer.send(new Message(topic, tag, (tag + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)));
        }
        Collector collector = new Collector();
        pushConsumer(unique("tags_"), topic, "a || c", collector).start();
        await().atMost(WAIT).until(() -> collector.total() == 3);
        assertThat(collector.messages()).extracting(MessageExt::getTags).containsExactlyInAnyOrder("a", "c", "c");
    }

    @Test
    void everyBroadcastMemberConsumesEveryMessage() {
        String topic = topic("Broadcast");
        String group = unique("broadcast_");
        List<Collector> collectors = List.of(new Collector(), new Collector());
        List<PushConsumer> members = new ArrayList<>();
        for (Collector collector : collectors) {
            PushConsumer consumer = pushConsumer(group, topic, "*", collector);
            consumer.setMessageModel(MessageModel.BROADCASTING);
            consumer.setOffsetStoreDir(dir.resolve("offsets").toString());
            consumer.start();
            members.add(consumer);
        }
        for (int i = 0; i < 20; i++) {
            producer.send(message(topic, "b-" + i));
        }
        await().atMost(WAIT).until(() -> collectors.stream().allMatch(c -> c.deliveries().size() == 20));
        collectors.forEach(c -> assertThat(c.total()).isEqualTo(20));
        members.forEach(PushConsumer::shutdown);
        for (PushConsumer member : members) {
            Path file = ((io.apogee.client.consumer.LocalFileOffsetStore) member.getOffsetStore()).file();
            assertThat(file).exists();
            assertThat(member.getOffsetStore().cloneOffsetTable(topic).values().stream().mapToLong(Long::longValue)
                    .sum()).isEqualTo(20);
        }
    }

    @Test
    void aLitePullConsumerSeeksBackAndReadsAgain() {
        String topic = topic("Seek");
        for (int i = 0; i < 12; i++) {
            producer.send(message(topic, "s-" + i));
        }
        LitePullConsumer consumer = new LitePullConsumer(unique("seek_"));
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        cleanups.add(consumer::shutdown);
        consumer.start();
        consumer.assign(consumer.fetchMessageQueues(topic));
        List<MessageExt> first = pollUntil(consumer, 12);
        assertThat(first).extracting(Collector::body).doesNotHaveDuplicates();
        MessageExt sample = first.get(0);
        MessageQueue queue = new MessageQueue(topic, sample.getBrokerName(), sample.getQueueId());
        List<String> inQueue = first.stream().filter(m -> m.getQueueId() == queue.queueId()).map(Collector::body).toList();
        consumer.seek(queue, 0);
        assertThat(pollUntil(consumer, inQueue.size())).extracting(Collector::body)
                .containsExactlyInAnyOrderElementsOf(inQueue);
    }

    static List<MessageExt> pollUntil(LitePullConsumer consumer, int count) {
        return LitePolling.pollUntil(consumer, count, WAIT);
    }

    @Test
    void theOfficialClientAndThisOneExchangeMessagesOnOneTopic() throws Exception {
        String topic = topic("Interop");
        DefaultMQProducer official = new DefaultMQProducer(unique("official_p_"));
        official.setNamesrvAddr(namesrvAddr);
        official.setInstanceName(unique("op"));
        official.start();
        cleanups.add(official::shutdown);
        Collector ours = new Collector();
        pushConsumer(unique("ours_"), topic, "*", ours).start();

        Map<String, Integer> theirs = new ConcurrentHashMap<>();
        DefaultMQPushConsumer officialConsumer = new DefaultMQPushConsumer(unique("official_c_"));
        officialConsumer.setNamesrvAddr(namesrvAddr);
        officialConsumer.setInstanceName(unique("oc"));
        officialConsumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        officialConsumer.subscribe(topic, "*");
        officialConsumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            msgs.forEach(m -> theirs.merge(new String(m.getBody(), StandardCharsets.UTF_8) + "|" + m.getTags()
                    + "|" + m.getUserProperty("origin"), 1, Integer::sum));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        officialConsumer.start();
        cleanups.add(officialConsumer::shutdown);

        for (int i = 0; i < 10; i++) {
            org.apache.rocketmq.common.message.Message m = new org.apache.rocketmq.common.message.Message(topic,
                    "from-official", ("official-" + i).getBytes(StandardCharsets.UTF_8));
            m.putUserProperty("origin", "official");
            official.send(m);
            Message mine = new Message(topic, "from-apogee", ("apogee-" + i).getBytes(StandardCharsets.UTF_8));
            mine.putUserProperty("origin", "apogee");
            producer.send(mine);
        }
        String large = "official-large-" + "y".repeat(8_000);
        official.send(new org.apache.rocketmq.common.message.Message(topic, large.getBytes(StandardCharsets.UTF_8)));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ours.deliveries().keySet()).hasSize(21);
            assertThat(theirs.keySet()).hasSize(21);
        });
        assertThat(ours.messages()).filteredOn(m -> Collector.body(m).startsWith("official-"))
                .hasSize(11)
                .filteredOn(m -> !Collector.body(m).equals(large))
                .allSatisfy(m -> {
                    assertThat(m.getTags()).isEqualTo("from-official");
                    assertThat(m.getUserProperty("origin")).isEqualTo("official");
                    assertThat(m.getMsgId()).isNotBlank();
                });
        assertThat(ours.deliveries()).containsKey(large);
        for (int i = 0; i < 10; i++) {
            assertThat(theirs).containsEntry("apogee-" + i + "|from-apogee|apogee", 1);
        }
    }

    @Test
    void aBatchSentToABatchQueueTopicIsConsumedMessageByMessage() throws Exception {
        String topic = unique("BatchCq");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                admin.createTopic("DefaultCluster", topic, 1, 1, QueueData.PERM_READ | QueueData.PERM_WRITE, false,
                        "+queue.type=BatchCQ"));
        await().atMost(WAIT).ignoreExceptions().until(() -> admin.examineTopicRouteInfo(topic) != null);
        DefaultMQProducer official = new DefaultMQProducer(unique("official_p_"));
        official.setNamesrvAddr(namesrvAddr);
        official.setInstanceName(unique("op"));
        official.start();
        cleanups.add(official::shutdown);
        List<org.apache.rocketmq.common.message.Message> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(new org.apache.rocketmq.common.message.Message(topic, "t" + (i % 2),
                    ("inner-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        long base = official.send(batch).getQueueOffset();
        official.send(new org.apache.rocketmq.common.message.Message(topic, "t0",
                "single".getBytes(StandardCharsets.UTF_8)));
        producer.send(List.of(message(topic, "ours-0"), message(topic, "ours-1"), message(topic, "ours-2")));

        Collector collector = new Collector();
        pushConsumer(unique("batchcq_"), topic, "*", collector).start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(collector.deliveries().keySet())
                .containsExactlyInAnyOrder("inner-0", "inner-1", "inner-2", "inner-3", "inner-4", "single",
                        "ours-0", "ours-1", "ours-2"));
        assertThat(collector.deliveries().values()).allMatch(n -> n.get() == 1);
        List<MessageExt> inner = collector.messages().stream()
                .filter(m -> Collector.body(m).startsWith("inner-"))
                .sorted(java.util.Comparator.comparingLong(MessageExt::getQueueOffset)).toList();
        assertThat(inner).extracting(Collector::body)
                .containsExactly("inner-0", "inner-1", "inner-2", "inner-3", "inner-4");
        assertThat(inner).extracting(MessageExt::getQueueOffset)
                .containsExactly(base, base + 1, base + 2, base + 3, base + 4);
        assertThat(inner).extracting(MessageExt::getTags).containsExactly("t0", "t1", "t0", "t1", "t0");
        assertThat(inner).extracting(MessageExt::getMsgId).doesNotHaveDuplicates();
        assertThat(inner).extracting(MessageExt::getCommitLogOffset).as("stored whole, as one record")
                .containsOnly(inner.get(0).getCommitLogOffset());
        List<MessageExt> ours = collector.messages().stream().filter(m -> Collector.body(m).startsWith("ours-"))
                .sorted(java.util.Comparator.comparingLong(MessageExt::getQueueOffset)).toList();
        assertThat(ours).extracting(MessageExt::getQueueOffset).containsExactly(base + 6, base + 7, base + 8);
        assertThat(ours).extracting(MessageExt::getCommitLogOffset).as("this client's batches are stored whole too")
                .containsOnly(ours.get(0).getCommitLogOffset());
        MessageExt single = collector.messages().stream()
                .filter(m -> Collector.body(m).equals("single")).findFirst().orElseThrow();
        assertThat(single.getQueueOffset()).isEqualTo(base + 5);
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
                return io.apogee.client.consumer.ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            return io.apogee.client.consumer.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
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
}
