package io.apogee.client.producer;

import io.apogee.client.ClientException;
import io.apogee.client.RecordingServer;
import io.apogee.client.ServiceState;
import io.apogee.client.instance.ClientInstance;
import io.apogee.client.instance.ClientManager;
import io.apogee.client.message.Message;
import io.apogee.protocol.code.RequestCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each step of {@link Producer#start()}, against a server that records what the client sends. */
class ProducerStartTest {

    private RecordingServer server;
    private final List<Producer> producers = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = new RecordingServer();
    }

    @AfterEach
    void stopAll() {
        producers.forEach(Producer::shutdown);
        server.close();
    }

    private Producer producer(String group, String instanceName) {
        Producer producer = new Producer(group);
        producer.setNamesrvAddr(server.address());
        if (instanceName != null) {
            producer.setInstanceName(instanceName);
        }
        producers.add(producer);
        return producer;
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void startStartsTheSharedClientInstanceToo() {
        Producer producer = producer(unique("g"), null);
        producer.start();
        assertThat(producer.getState()).isEqualTo(ServiceState.RUNNING);
        assertThat(producer.clientInstance().state()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void startWithoutTheInstanceLeavesItUnstarted() {
        Producer producer = producer(unique("g"), unique("inst"));
        producer.start(false);
        assertThat(producer.getState()).isEqualTo(ServiceState.RUNNING);
        assertThat(producer.clientInstance().state()).isEqualTo(ServiceState.CREATE_JUST);
        producer.clientInstance().start();
        assertThat(producer.clientInstance().state()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void startingARunningProducerNamesTheState() {
        Producer producer = producer(unique("g"), null);
        producer.start();
        assertThatThrownBy(producer::start).isInstanceOf(ClientException.class).hasMessageContaining("RUNNING");
    }

    @Test
    void startingAShutDownProducerNamesTheState() {
        Producer producer = producer(unique("g"), null);
        producer.start();
        producer.shutdown();
        assertThat(producer.getState()).isEqualTo(ServiceState.SHUTDOWN_ALREADY);
        assertThatThrownBy(producer::start).isInstanceOf(ClientException.class).hasMessageContaining("SHUTDOWN_ALREADY");
    }

    @Test
    void aFailedStartLeavesStartFailedAndNamesIt() {
        Producer producer = producer("", null);
        assertThatThrownBy(producer::start).isInstanceOf(ClientException.class).hasMessageContaining("blank");
        assertThat(producer.getState()).isEqualTo(ServiceState.START_FAILED);
        producer.setProducerGroup(unique("g"));
        assertThatThrownBy(producer::start).isInstanceOf(ClientException.class).hasMessageContaining("START_FAILED");
    }

    @Test
    void theGroupIsChecked() {
        assertThatThrownBy(producer("  ", null)::start).hasMessageContaining("blank");
        assertThatThrownBy(producer("g".repeat(256), null)::start).hasMessageContaining("255");
        assertThatThrownBy(producer("bad group!", null)::start).hasMessageContaining("characters outside");
        assertThatThrownBy(producer(Producer.DEFAULT_PRODUCER_GROUP, null)::start).hasMessageContaining("reserved");
        Producer longest = producer("%|a-Z_9".repeat(37).substring(0, 255), null);
        longest.start();
        assertThat(longest.getState()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void aDefaultInstanceNameBecomesTheProcessId() {
        Producer producer = producer(unique("g"), null);
        assertThat(producer.getInstanceName()).isEqualTo("DEFAULT");
        producer.start();
        assertThat(producer.getInstanceName()).startsWith(ProcessHandle.current().pid() + "#");
        assertThat(producer.clientInstance().clientId()).isEqualTo(producer.getClientIP() + "@"
                + producer.getInstanceName());
        Producer second = producer(unique("g"), null);
        second.start();
        assertThat(second.getInstanceName()).isNotEqualTo(producer.getInstanceName());
    }

    @Test
    void anExplicitInstanceNameAndTheInnerGroupKeepTheirNames() {
        Producer named = producer(unique("g"), "my-instance-" + UUID.randomUUID());
        String name = named.getInstanceName();
        named.start();
        assertThat(named.getInstanceName()).isEqualTo(name);
        Producer inner = producer(Producer.CLIENT_INNER_PRODUCER_GROUP, null);
        inner.setUnitName("unit-" + UUID.randomUUID());
        inner.start(false);
        assertThat(inner.getInstanceName()).isEqualTo("DEFAULT");
        assertThat(inner.clientInstance().clientId()).isEqualTo(inner.getClientIP() + "@DEFAULT@" + inner.getUnitName());
    }

    @Test
    void producersWithOneClientIdShareOneInstanceAndOneConnection() {
        String instanceName = unique("shared");
        Producer a = producer(unique("a"), instanceName);
        Producer b = producer(unique("b"), instanceName);
        a.start();
        b.start();
        ClientInstance instance = a.clientInstance();
        assertThat(b.clientInstance()).isSameAs(instance);
        assertThat(ClientManager.getInstance().find(instance.clientId())).isSameAs(instance);
        a.send(new Message("TopicA", "x".getBytes(StandardCharsets.UTF_8)));
        b.send(new Message("TopicB", "y".getBytes(StandardCharsets.UTF_8)));
        assertThat(server.connectionCount()).isEqualTo(1);
        assertThat(instance.producerGroups()).contains(a.getProducerGroup(), b.getProducerGroup(),
                Producer.CLIENT_INNER_PRODUCER_GROUP);
    }

    @Test
    void aGroupRegisteredBeforeSendsTheProducerBackToCreateJust() {
        String instanceName = unique("dup");
        String group = unique("dup");
        producer(group, instanceName).start();
        Producer duplicate = producer(group, instanceName);
        assertThatThrownBy(duplicate::start).isInstanceOf(ClientException.class)
                .hasMessageContaining("has been created before");
        assertThat(duplicate.getState()).isEqualTo(ServiceState.CREATE_JUST);
        duplicate.setProducerGroup(unique("other"));
        duplicate.start();
        assertThat(duplicate.getState()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void thePublishTableStartsWithTheAutoCreateKey() {
        Producer producer = producer(unique("g"), null);
        assertThat(producer.publishTopics()).isEmpty();
        producer.start();
        assertThat(producer.publishTopics()).containsExactly(Producer.AUTO_CREATE_TOPIC_KEY_TOPIC);
        producer.send(new Message("SomeTopic", "x".getBytes(StandardCharsets.UTF_8)));
        assertThat(producer.publishTopics()).containsExactlyInAnyOrder("TBW102", "SomeTopic");
    }

    @Test
    void startSendsAHeartbeatToEveryKnownBrokerAtOnce() {
        String instanceName = unique("hb");
        Producer first = producer(unique("first"), instanceName);
        first.setHeartbeatBrokerInterval(Duration.ofHours(1).toMillis());
        first.start();
        first.send(new Message("HeartbeatTopic", "x".getBytes(StandardCharsets.UTF_8)));
        long before = server.count(RequestCode.HEART_BEAT);
        Producer second = producer(unique("second"), instanceName);
        second.start();
        // start() returns after the heartbeat round, so the broker already knows the new group.
        assertThat(server.count(RequestCode.HEART_BEAT)).isGreaterThan(before);
        assertThat(server.heartbeatGroups()).contains(second.getProducerGroup());
    }

    @Test
    void shutdownUnregistersTheGroupFromEveryBroker() {
        Producer producer = producer(unique("bye"), null);
        producer.start();
        producer.send(new Message("ByeTopic", "x".getBytes(StandardCharsets.UTF_8)));
        producer.shutdown();
        assertThat(server.requests(RequestCode.UNREGISTER_CLIENT))
                .anySatisfy(r -> assertThat(r.extField("producerGroup")).isEqualTo(producer.getProducerGroup()));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
    }
}
