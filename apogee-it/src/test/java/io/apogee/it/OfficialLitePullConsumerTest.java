package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;

/** The official lite pull consumer, in subscribe and assign modes, against Apogee. */
class OfficialLitePullConsumerTest {

    private static final String TOPIC = "LitePullTopic";
    private static final int COUNT = 40;

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private long middleTimestamp;

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir);
        DefaultMQProducer producer = startedProducer(namesrvAddr(), "lite_test_producer", "lite-producer");
        try {
            for (int i = 0; i < COUNT; i++) {
                if (i == COUNT / 2) {
                    Thread.sleep(20); // a clear gap in store times for the seek below
                    middleTimestamp = System.currentTimeMillis();
                    Thread.sleep(20);
                }
                producer.send(new Message(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
        } finally {
            producer.shutdown();
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private String namesrvAddr() {
        return cluster.namesrvAddr();
    }

    private DefaultLitePullConsumer consumer(String group) {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        consumer.setNamesrvAddr(namesrvAddr());
        consumer.setInstanceName(uniqueInstanceName(group));
        return consumer;
    }

    private static Set<String> pollUntil(DefaultLitePullConsumer consumer, int expected) {
        Set<String> bodies = new HashSet<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (bodies.size() < expected && System.nanoTime() < deadline) {
            for (MessageExt message : consumer.poll(500)) {
                bodies.add(new String(message.getBody(), StandardCharsets.UTF_8));
            }
        }
        return bodies;
    }

    @Test
    void subscribeModeReadsEveryMessage() throws Exception {
        DefaultLitePullConsumer consumer = consumer("lite_subscribe_group");
        consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.start();
        try {
            assertThat(pollUntil(consumer, COUNT)).hasSize(COUNT);
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void assignModeSeeksToTheOffsetOfATimestamp() throws Exception {
        DefaultLitePullConsumer consumer = consumer("lite_assign_group");
        consumer.start();
        try {
            Collection<MessageQueue> queues = consumer.fetchMessageQueues(TOPIC);
            consumer.assign(queues);
            List<String> expected = new ArrayList<>();
            for (int i = COUNT / 2; i < COUNT; i++) {
                expected.add("m" + i);
            }
            for (MessageQueue queue : queues) {
                consumer.seek(queue, consumer.offsetForTimestamp(queue, middleTimestamp));
            }
            assertThat(pollUntil(consumer, expected.size())).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            consumer.shutdown();
        }
    }
}
