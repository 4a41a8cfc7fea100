package io.apogee.client.consumer;

import io.apogee.client.ClientException;
import io.apogee.client.ClusterWithProducer;
import io.apogee.client.Collector;
import io.apogee.client.LitePolling;
import io.apogee.client.message.Message;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The lite pull consumer against a real Apogee name server and broker. */
class LitePullConsumerApogeeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ClusterWithProducer cluster = new ClusterWithProducer(() -> dir, "lite_producer");

    private LitePullConsumer consumer() {
        LitePullConsumer consumer = new LitePullConsumer("lite_" + UUID.randomUUID().toString().substring(0, 8));
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPollNameServerInterval(200);
        cluster.shutdownAfterEach(consumer::shutdown);
        return consumer;
    }

    private static String topicWith(int messages) {
        String topic = "Lite" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < messages; i++) {
            cluster.producer().send(new Message(topic, ("m-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        // A topic created by a first send reaches the name server a moment later.
        await().atMost(WAIT).until(() ->
                cluster.producer().clientInstance().nameServer().topicRoute(topic, 3_000) != null);
        return topic;
    }

    private static List<MessageExt> pollUntil(LitePullConsumer consumer, int count) {
        return LitePolling.pollUntil(consumer, count, WAIT);
    }

    @Test
    void subscribePollsEveryMessageAndCommitsWhatWasPolled() {
        String topic = topicWith(20);
        LitePullConsumer consumer = consumer();
        consumer.setAutoCommit(false);
        consumer.subscribe(topic, "*");
        consumer.start();
        List<MessageExt> polled = pollUntil(consumer, 20);
        assertThat(polled).extracting(Collector::body).doesNotHaveDuplicates().hasSize(20);
        MessageQueue queue = new MessageQueue(topic, polled.get(0).getBrokerName(), polled.get(0).getQueueId());
        long end = polled.stream().filter(m -> m.getQueueId() == queue.queueId())
                .mapToLong(MessageExt::getQueueOffset).max().orElseThrow() + 1;
        assertThat(consumer.committed(queue)).isLessThan(end);
        consumer.commitSync();
        assertThat(consumer.committed(queue)).isEqualTo(end);
    }

    @Test
    void assignedQueuesCanBeSeekedBackAndReadAgain() {
        String topic = topicWith(12);
        LitePullConsumer consumer = consumer();
        consumer.start();
        Set<MessageQueue> queues = consumer.fetchMessageQueues(topic);
        consumer.assign(queues);
        List<MessageExt> first = pollUntil(consumer, 12);
        MessageExt sample = first.get(0);
        MessageQueue queue = new MessageQueue(topic, sample.getBrokerName(), sample.getQueueId());
        List<String> inQueue = first.stream().filter(m -> m.getQueueId() == queue.queueId())
                .map(Collector::body).toList();
        consumer.seek(queue, 0);
        List<MessageExt> again = pollUntil(consumer, inQueue.size());
        assertThat(again).extracting(Collector::body).containsExactlyInAnyOrderElementsOf(inQueue);
        assertThatThrownBy(() -> consumer.seek(queue, 10_000)).isInstanceOf(ClientException.class)
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> consumer.seek(new MessageQueue("Other", "b", 0), 0))
                .hasMessageContaining("not assigned");
    }

    @Test
    void aPausedQueueIsNotFetchedUntilResumed() {
        String topic = topicWith(1);
        LitePullConsumer consumer = consumer();
        consumer.start();
        MessageQueue queue = consumer.fetchMessageQueues(topic).stream().sorted().findFirst().orElseThrow();
        consumer.assign(List.of(queue));
        consumer.seekToEnd(queue);
        consumer.pause(List.of(queue));
        for (int i = 0; i < 5; i++) {
            cluster.producer().send(new Message(topic, ("paused-" + i).getBytes(StandardCharsets.UTF_8)), queue);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(consumer.poll(300)).isEmpty();
        }
        consumer.resume(List.of(queue));
        assertThat(pollUntil(consumer, 5)).extracting(Collector::body)
                .containsExactlyInAnyOrder("paused-0", "paused-1", "paused-2", "paused-3", "paused-4");
    }

    @Test
    void subscribeAndAssignCannotBeMixed() {
        LitePullConsumer consumer = consumer();
        consumer.subscribe("Mixed", "*");
        assertThatThrownBy(() -> consumer.assign(List.of(new MessageQueue("Mixed", "b", 0))))
                .hasMessageContaining("cannot be mixed");
    }
}
