package io.apogee.client.instance;

import com.sun.net.httpserver.HttpServer;
import io.apogee.client.ClientException;
import io.apogee.client.RecordingServer;
import io.apogee.client.ServiceState;
import io.apogee.client.ThreadLeaks;
import io.apogee.client.message.Message;
import io.apogee.client.producer.Producer;
import io.apogee.protocol.code.RequestCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each step of {@link ClientInstance#start()} and {@link ClientInstance#shutdown()}. */
class ClientInstanceLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RecordingServer server;
    private HttpServer addressServer;
    private final AtomicReference<String> served = new AtomicReference<>();
    private final AtomicInteger addressFetches = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        served.set(server.address());
        addressServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        addressServer.createContext("/rocketmq/nsaddr", exchange -> {
            addressFetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        addressServer.start();
    }

    @AfterEach
    void stop() {
        addressServer.stop(0);
        server.close();
    }

    private Producer producer() {
        Producer producer = new Producer("g_" + UUID.randomUUID().toString().substring(0, 8));
        producer.setNamesrvAddr(server.address());
        return producer;
    }

    @Test
    void withoutANameServerTheAddressComesFromTheAddressServerAndIsRefetched() {
        Producer producer = producer();
        producer.setNamesrvAddr(null);
        producer.setNamesrvDomain("127.0.0.1:" + addressServer.getAddress().getPort());
        producer.setFetchNamesrvAddrInterval(100);
        producer.start();
        try {
            ClientInstance instance = producer.clientInstance();
            assertThat(instance.isNamesrvFromAddressServer()).isTrue();
            assertThat(instance.nameServer().addresses()).containsExactly(server.address());
            producer.send(new Message("ViaAddressServer", "x".getBytes(StandardCharsets.UTF_8)));
            served.set("127.0.0.1:1;" + server.address());
            await().atMost(WAIT).until(() -> instance.nameServer().addresses().size() == 2);
            assertThat(addressFetches.get()).isGreaterThanOrEqualTo(2);
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void aConfiguredNameServerIsNeverFetched() {
        Producer producer = producer();
        producer.setNamesrvDomain("127.0.0.1:" + addressServer.getAddress().getPort());
        producer.setFetchNamesrvAddrInterval(50);
        producer.start();
        try {
            producer.send(new Message("NoFetch", "x".getBytes(StandardCharsets.UTF_8)));
            assertThat(producer.clientInstance().isNamesrvFromAddressServer()).isFalse();
            assertThat(addressFetches.get()).isZero();
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void anUnreachableAddressServerFailsTheStartAndTheInstanceReportsItLater() {
        ThreadLeaks leaks = new ThreadLeaks();
        String instanceName = "failing-" + UUID.randomUUID();
        Producer producer = producer();
        producer.setNamesrvAddr(null);
        producer.setInstanceName(instanceName);
        addressServer.stop(0);
        producer.setNamesrvDomain("127.0.0.1:" + addressServer.getAddress().getPort());
        assertThatThrownBy(producer::start).isInstanceOf(ClientException.class)
                .hasMessageContaining("cannot fetch the name-server address");
        assertThat(producer.getState()).isEqualTo(ServiceState.START_FAILED);
        ClientInstance instance = producer.clientInstance();
        assertThat(instance.state()).isEqualTo(ServiceState.START_FAILED);
        assertThatThrownBy(instance::start).hasMessageContaining("failed");
        leaks.assertNoneLeft();
    }

    @Test
    void startRunsEveryServiceAndTheInnerProducerAndASecondStartDoesNothing() {
        Producer producer = producer();
        producer.start();
        try {
            ClientInstance instance = producer.clientInstance();
            String id = instance.clientId();
            assertThat(instance.state()).isEqualTo(ServiceState.RUNNING);
            assertThat(instance.innerProducer().getState()).isEqualTo(ServiceState.RUNNING);
            assertThat(instance.innerProducer().clientInstance()).isSameAs(instance);
            assertThat(instance.producerGroups()).contains(Producer.CLIENT_INNER_PRODUCER_GROUP);
            assertThat(threadNames()).anyMatch(n -> n.startsWith("apogee-pull-" + id))
                    .anyMatch(n -> n.startsWith("apogee-scheduler-" + id));
            instance.start();
            assertThat(instance.state()).isEqualTo(ServiceState.RUNNING);
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void routesAreRefreshedEveryPollInterval() {
        Producer producer = producer();
        producer.setPollNameServerInterval(100);
        producer.start();
        try {
            producer.send(new Message("Refreshed", "x".getBytes(StandardCharsets.UTF_8)));
            long after = server.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC).stream()
                    .filter(r -> "Refreshed".equals(r.extField("topic"))).count();
            await().atMost(WAIT).until(() -> server.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC).stream()
                    .filter(r -> "Refreshed".equals(r.extField("topic"))).count() >= after + 3);
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void brokersAreHeartbeatedEveryIntervalAndOfflineOnesDropped() {
        Producer producer = producer();
        producer.setHeartbeatBrokerInterval(100);
        producer.setPollNameServerInterval(100);
        producer.start();
        try {
            producer.send(new Message("Beating", "x".getBytes(StandardCharsets.UTF_8)));
            long after = server.count(RequestCode.HEART_BEAT);
            await().atMost(WAIT).until(() -> server.count(RequestCode.HEART_BEAT) >= after + 3);
            assertThat(producer.clientInstance().brokers().allAddresses()).containsExactly(server.address());
            server.routeTo("127.0.0.1:2");
            await().atMost(WAIT).until(() -> !producer.clientInstance().brokers().allAddresses()
                    .contains(server.address()));
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void shutdownReleasesEverything() {
        ThreadLeaks leaks = new ThreadLeaks();
        Producer producer = producer();
        producer.start();
        ClientInstance instance = producer.clientInstance();
        producer.send(new Message("Bye", "x".getBytes(StandardCharsets.UTF_8)));
        assertThat(leaks.newThreads()).isNotEmpty();
        producer.shutdown();
        assertThat(instance.state()).isEqualTo(ServiceState.SHUTDOWN_ALREADY);
        assertThat(ClientManager.getInstance().find(instance.clientId())).isNull();
        assertThat(server.requests(RequestCode.UNREGISTER_CLIENT)).isNotEmpty();
        leaks.assertNoneLeft();
        await().atMost(WAIT).until(() -> server.connectionCount() == 0);
    }

    @Test
    void theInstanceStaysWhileAnotherUserIsLeft() {
        String instanceName = "shared-" + UUID.randomUUID();
        Producer a = producer();
        Producer b = producer();
        a.setInstanceName(instanceName);
        b.setInstanceName(instanceName);
        a.start();
        b.start();
        ClientInstance instance = a.clientInstance();
        a.shutdown();
        assertThat(instance.state()).isEqualTo(ServiceState.RUNNING);
        b.send(new Message("StillHere", "x".getBytes(StandardCharsets.UTF_8)));
        b.shutdown();
        assertThat(instance.state()).isEqualTo(ServiceState.SHUTDOWN_ALREADY);
        assertThat(ClientManager.getInstance().find(instance.clientId())).isNull();
    }

    private static java.util.Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .collect(java.util.stream.Collectors.toSet());
    }
}
