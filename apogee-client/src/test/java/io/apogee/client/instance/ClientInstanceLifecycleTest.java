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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final AtomicBoolean addressServerDown = new AtomicBoolean();

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        served.set(server.address());
        addressServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        addressServer.createContext("/rocketmq/nsaddr", exchange -> {
            addressFetches.incrementAndGet();
            if (addressServerDown.get()) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
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
    void anAddressServerThatFailsIsLoggedAndRetriedAndTheClientStartsAnyway() {
        addressServerDown.set(true);
        Producer producer = producer();
        producer.setNamesrvAddr(null);
        producer.setNamesrvDomain("127.0.0.1:" + addressServer.getAddress().getPort());
        producer.setFetchNamesrvAddrInterval(100);
        producer.start();
        try {
            ClientInstance instance = producer.clientInstance();
            assertThat(producer.getState()).isEqualTo(ServiceState.RUNNING);
            assertThat(instance.state()).isEqualTo(ServiceState.RUNNING);
            assertThat(instance.nameServer().addresses()).isEmpty();
            addressServerDown.set(false);
            await().atMost(WAIT).until(() -> instance.nameServer().addresses().contains(server.address()));
            producer.send(new Message("AfterTheAddressServerCameBack", "x".getBytes(StandardCharsets.UTF_8)));
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void anUnreachableAddressServerDoesNotFailTheStart() {
        ThreadLeaks leaks = new ThreadLeaks();
        Producer producer = producer();
        producer.setNamesrvAddr(null);
        addressServer.stop(0);
        producer.setNamesrvDomain("127.0.0.1:" + addressServer.getAddress().getPort());
        producer.start();
        assertThat(producer.getState()).isEqualTo(ServiceState.RUNNING);
        assertThat(producer.clientInstance().nameServer().addresses()).isEmpty();
        producer.shutdown();
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
            // Another broker name: a route refresh adds it but leaves the old name's entry; only the
            // offline-broker cleanup drops it.
            server.routeTo("another-broker", Map.of(0L, "127.0.0.1:2"));
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

    @Test
    void aClientWithoutConsumersHeartbeatsOnlyMasters() {
        try (RecordingServer slave = new RecordingServer()) {
            server.routeTo(RecordingServer.BROKER_NAME, Map.of(0L, server.address(), 1L, slave.address()));
            Producer producer = producer();
            producer.setHeartbeatBrokerInterval(100);
            producer.start();
            try {
                producer.send(new Message("MastersOnly", "x".getBytes(StandardCharsets.UTF_8)));
                assertThat(producer.clientInstance().brokers().allAddresses()).contains(slave.address());
                long after = server.count(RequestCode.HEART_BEAT);
                await().atMost(WAIT).until(() -> server.count(RequestCode.HEART_BEAT) >= after + 3);
                assertThat(slave.count(RequestCode.HEART_BEAT)).isZero();
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void twoClientIdsGetTwoInstancesAndOneIdSharesOne() {
        Producer a = producer();
        Producer b = producer();
        Producer c = producer();
        a.setInstanceName("first-" + UUID.randomUUID());
        b.setInstanceName("second-" + UUID.randomUUID());
        c.setInstanceName(a.getInstanceName());
        a.start();
        b.start();
        c.start();
        try {
            assertThat(a.clientInstance()).isNotSameAs(b.clientInstance());
            assertThat(a.clientInstance().clientId()).isNotEqualTo(b.clientInstance().clientId());
            assertThat(c.clientInstance()).isSameAs(a.clientInstance());
            assertThat(ClientManager.getInstance().find(a.clientInstance().clientId())).isSameAs(a.clientInstance());
            assertThat(ClientManager.getInstance().find(b.clientInstance().clientId())).isSameAs(b.clientInstance());
        } finally {
            a.shutdown();
            b.shutdown();
            c.shutdown();
        }
    }

    @Test
    void theNameServerAddressComesFromTheSystemPropertyWhenNoneIsSet() {
        String previous = System.getProperty("rocketmq.namesrv.addr");
        System.setProperty("rocketmq.namesrv.addr", server.address());
        try {
            Producer producer = new Producer("g_" + UUID.randomUUID().toString().substring(0, 8));
            assertThat(producer.getNamesrvAddr()).isEqualTo(server.address());
            producer.start();
            try {
                producer.send(new Message("ViaProperty", "x".getBytes(StandardCharsets.UTF_8)));
                assertThat(producer.clientInstance().nameServer().addresses()).containsExactly(server.address());
            } finally {
                producer.shutdown();
            }
        } finally {
            if (previous == null) {
                System.clearProperty("rocketmq.namesrv.addr");
            } else {
                System.setProperty("rocketmq.namesrv.addr", previous);
            }
        }
    }

    @Test
    void theNameServerAddressComesFromTheEnvironmentWhenNoPropertyIsSet() throws Exception {
        assertThat(namesrvAddrOfAChildWith(Map.of("NAMESRV_ADDR", "10.1.2.3:9876"), null)).isEqualTo("10.1.2.3:9876");
        assertThat(namesrvAddrOfAChildWith(Map.of("NAMESRV_ADDR", "10.1.2.3:9876"), "10.4.5.6:9876"))
                .as("the system property wins over the environment").isEqualTo("10.4.5.6:9876");
    }

    /** The name-server address a new producer gets in a child JVM with this environment and property. */
    private static String namesrvAddrOfAChildWith(Map<String, String> environment, String property) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        if (property != null) {
            command.add("-Drocketmq.namesrv.addr=" + property);
        }
        command.add(PrintNamesrvAddr.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("NAMESRV_ADDR");
        builder.environment().putAll(environment);
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out.lines().reduce((first, second) -> second).orElse("");
    }

    /** Prints the name-server address a producer made with no explicit one starts from. */
    static final class PrintNamesrvAddr {
        public static void main(String[] args) {
            System.out.println(new Producer("env_check").getNamesrvAddr());
        }
    }
}
