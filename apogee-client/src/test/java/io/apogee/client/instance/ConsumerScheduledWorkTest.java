package io.apogee.client.instance;

import io.apogee.client.Collector;
import io.apogee.client.RecordingServer;
import io.apogee.client.ServiceState;
import io.apogee.client.ThreadLeaks;
import io.apogee.client.consumer.PushConsumer;
import io.apogee.client.producer.Producer;
import io.apogee.protocol.code.RequestCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consumer side of a client instance's scheduled work and services, seen from a recording server. */
class ConsumerScheduledWorkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private RecordingServer server;

    @BeforeEach
    void start() {
        server = new RecordingServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PushConsumer consumer(String instanceName) {
        PushConsumer consumer = new PushConsumer("g_" + UUID.randomUUID().toString().substring(0, 8));
        consumer.setNamesrvAddr(server.address());
        consumer.setInstanceName(instanceName);
        consumer.subscribe("Scheduled", "*");
        consumer.registerMessageListener(new Collector());
        return consumer;
    }

    @Test
    void offsetsArePersistedEveryInterval() {
        PushConsumer consumer = consumer("offsets-" + UUID.randomUUID());
        consumer.setPersistConsumerOffsetInterval(100);
        consumer.start();
        try {
            await().atMost(WAIT).until(() -> consumer.assignedQueues().stream().filter(q -> q.topic().equals("Scheduled")).count() == 4);
            long after = server.count(RequestCode.UPDATE_CONSUMER_OFFSET);
            await().atMost(WAIT).until(() -> server.count(RequestCode.UPDATE_CONSUMER_OFFSET) >= after + 8);
        } finally {
            consumer.shutdown();
        }
        assertThat(server.requests(RequestCode.UNREGISTER_CLIENT))
                .anySatisfy(r -> assertThat(r.extField("consumerGroup")).isEqualTo(consumer.getConsumerGroup()));
    }

    @Test
    void shutdownPersistsTheOffsetsOfEveryAssignedQueue() {
        PushConsumer consumer = consumer("shutdown-offsets-" + UUID.randomUUID());
        consumer.setPersistConsumerOffsetInterval(3_600_000); // no periodic persistence during the test
        consumer.start();
        await().atMost(WAIT).until(() -> consumer.assignedQueues().stream().filter(q -> q.topic().equals("Scheduled")).count() == 4);
        long before = updatesOf(consumer.getConsumerGroup(), "Scheduled");
        consumer.shutdown();
        assertThat(updatesOf(consumer.getConsumerGroup(), "Scheduled")).isEqualTo(before + 4);
    }

    private long updatesOf(String group, String topic) {
        return server.requests(RequestCode.UPDATE_CONSUMER_OFFSET).stream()
                .filter(r -> group.equals(r.extField("consumerGroup")) && topic.equals(r.extField("topic"))).count();
    }

    @Test
    void theRebalanceServiceRebalancesPeriodicallyWithoutAWakeUp() {
        PushConsumer consumer = consumer("periodic-rebalance-" + UUID.randomUUID());
        // Read when the client instance is made, at start.
        String previous = System.getProperty(RebalanceService.WAIT_INTERVAL_PROPERTY);
        System.setProperty(RebalanceService.WAIT_INTERVAL_PROPERTY, "200");
        try {
            consumer.start();
        } finally {
            if (previous == null) {
                System.clearProperty(RebalanceService.WAIT_INTERVAL_PROPERTY);
            } else {
                System.setProperty(RebalanceService.WAIT_INTERVAL_PROPERTY, previous);
            }
        }
        try {
            await().atMost(WAIT).until(() -> consumer.assignedQueues().stream().filter(q -> q.topic().equals("Scheduled")).count() == 4);
            long asked = server.count(RequestCode.GET_CONSUMER_LIST_BY_GROUP);
            await().atMost(WAIT).until(() -> server.count(RequestCode.GET_CONSUMER_LIST_BY_GROUP) >= asked + 6);
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void theFirstRouteRefreshAndHeartbeatRunSoonAfterStartNotAPeriodLater() {
        PushConsumer consumer = consumer("soon-" + UUID.randomUUID());
        assertThat(consumer.getPollNameServerInterval()).isEqualTo(30_000);
        assertThat(consumer.getHeartbeatBrokerInterval()).isEqualTo(30_000);
        consumer.start();
        try {
            // Start fetches the route and heartbeats once itself (and once more for the new broker); with
            // 30 s periods, more within seconds are the first scheduled runs (10 ms and 1 s, as 5.3.3).
            await().atMost(Duration.ofSeconds(10)).until(() -> server.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                    .stream().filter(r -> "Scheduled".equals(r.extField("topic"))).count() >= 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.count(RequestCode.HEART_BEAT) >= 3);
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void theRebalanceServiceAssignsQueuesAndAWakeUpRebalancesAtOnce() {
        PushConsumer consumer = consumer("rebalance-" + UUID.randomUUID());
        consumer.start();
        try {
            ClientInstance instance = consumer.clientInstance();
            await().atMost(WAIT).until(() -> consumer.assignedQueues().stream().filter(q -> q.topic().equals("Scheduled")).count() == 4);
            assertThat(server.count(RequestCode.GET_CONSUMER_LIST_BY_GROUP)).isPositive();
            assertThat(server.count(RequestCode.PULL_MESSAGE)).isPositive();
            long asked = server.count(RequestCode.GET_CONSUMER_LIST_BY_GROUP);
            instance.rebalanceService().wakeup();
            await().atMost(WAIT).until(() -> server.count(RequestCode.GET_CONSUMER_LIST_BY_GROUP) > asked);
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .anyMatch(n -> n.startsWith("apogee-rebalance-" + instance.clientId()))
                    .anyMatch(n -> n.startsWith("apogee-pull-" + instance.clientId()));
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void aProducerAndAConsumerWithOneClientIdShareTheInstanceAndShutdownLeavesNoThread() {
        ThreadLeaks leaks = new ThreadLeaks();
        String instanceName = "mixed-" + UUID.randomUUID();
        PushConsumer consumer = consumer(instanceName);
        Producer producer = new Producer("p_" + UUID.randomUUID().toString().substring(0, 8));
        producer.setNamesrvAddr(server.address());
        producer.setInstanceName(instanceName);
        consumer.start();
        producer.start();
        ClientInstance instance = consumer.clientInstance();
        assertThat(producer.clientInstance()).isSameAs(instance);
        await().atMost(WAIT).until(() -> consumer.assignedQueues().stream().filter(q -> q.topic().equals("Scheduled")).count() == 4);
        producer.shutdown();
        assertThat(instance.state()).isEqualTo(ServiceState.RUNNING);
        consumer.shutdown();
        assertThat(instance.state()).isEqualTo(ServiceState.SHUTDOWN_ALREADY);
        assertThat(ClientManager.getInstance().find(instance.clientId())).isNull();
        leaks.assertNoneLeft();
        await().atMost(WAIT).until(() -> server.connectionCount() == 0);
    }
}
