package io.apogee.it;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RpcHook;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which broker thread serves the official push consumer's pulls: with {@code pullMessageOnIoThread} (the
 * default) the I/O thread that read the pull, and for a pull parked until a message came, its connection's I/O
 * thread; without it, the pull executor's threads for both. Either way every message arrives.
 */
class PullThreadingTest {

    private static final String TOPIC = "PullThreadingTopic";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "pullMessageOnIoThread={0}")
    @CsvSource({"true, broker-io", "false, broker-pull"})
    void pullsAndResumedPullsRunWhereTheSettingSays(boolean onIoThread, String threadPrefix) throws Exception {
        cluster = new LocalCluster(dir, config -> config.pullMessageOnIoThread(onIoThread));
        Set<String> servedOn = ConcurrentHashMap.newKeySet();
        List<String> messagesAnsweredOn = new CopyOnWriteArrayList<>();
        AtomicInteger unanswered = new AtomicInteger();
        cluster.broker().addHook(new RpcHook() {
            @Override
            public void beforeRequest(String remoteAddress, RemotingCommand request) {
                if (request.code() == RequestCode.PULL_MESSAGE) {
                    servedOn.add(Thread.currentThread().getName());
                    unanswered.incrementAndGet();
                }
            }

            @Override
            public void afterResponse(String remoteAddress, RemotingCommand request, RemotingCommand response) {
                if (request.code() == RequestCode.PULL_MESSAGE) {
                    unanswered.decrementAndGet();
                    if (response != null && response.code() == ResponseCode.SUCCESS) {
                        messagesAnsweredOn.add(Thread.currentThread().getName());
                    }
                }
            }
        });
        producer = startedProducer(cluster.namesrvAddr(), "PullThreadingProducers", "pull-threading");
        assertThat(producer.send(message(TOPIC, "first")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        cluster.awaitRoute(TOPIC); // the send created the topic; the name server learns it a moment later
        int queues = producer.fetchPublishMessageQueues(TOPIC).size();
        Set<String> received = ConcurrentHashMap.newKeySet();
        consumer = startConsuming(consumerFromFirstOffset(cluster.namesrvAddr(), "PullThreadingGroup",
                uniqueInstanceName("pull-threading")), TOPIC, m -> received.add(new String(m.getBody())));
        await().atMost(WAIT).until(() -> received.contains("first"));

        // Every queue's pull now finds nothing and is parked; the next message resumes one of them.
        await().atMost(WAIT).until(() -> unanswered.get() >= queues);
        int answeredBefore = messagesAnsweredOn.size();
        assertThat(producer.send(message(TOPIC, "second")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        await().atMost(WAIT).until(() -> received.contains("second"));

        assertThat(servedOn).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith(threadPrefix));
        assertThat(messagesAnsweredOn.subList(answeredBefore, messagesAnsweredOn.size()))
                .as("the resumed pull's answer").isNotEmpty()
                .allSatisfy(name -> assertThat(name).startsWith(threadPrefix));
    }
}
