package io.apogee.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RawSocket;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.connection.EndpointCounters;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One misbehaving host against a real broker, while the official producer and push consumer keep working:
 * connections past the per-address limit are closed at accept, connections that send half a frame or
 * nothing at all are closed at the (shortened) first-frame deadline, each kind is logged once, and heap and
 * thread counts stay flat round after round.
 *
 * <p>The misbehaving sockets connect from other loopback addresses (127.0.0.2 to 127.0.0.4) than the
 * official clients (127.0.0.1), so the per-address limit applies to them alone. The connections that hold
 * the address's places each send one complete request first, so they stay open for the idle time and which
 * connections are refused never depends on how fast the test runs.
 */
class ClientLimitsTest {

    private static final int PER_ADDRESS = 8;
    private static final long DEADLINE_MILLIS = 1_000;
    private static final int REFUSED_PER_ROUND = 100;
    private static final int ROUNDS = 3;
    private static final String HOLDER = "127.0.0.2";
    private static final String HALF_WRITER = "127.0.0.3";
    private static final String SILENT = "127.0.0.4";
    private static final String TOPIC = "ClientLimitsTopic";
    /** A code the broker does not serve: a complete, well-formed request it answers REQUEST_CODE_NOT_SUPPORTED. */
    private static final int UNSERVED_CODE = 64_999;
    /** Messages the official producer is let send in each round, while the round's misbehaving sockets are open. */
    private static final int SENDS_PER_ROUND = 20;
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;
    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;
    private final List<RawSocket> intruders = new ArrayList<>();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final Semaphore sendPermits = new Semaphore(0);
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> sendFailures = new CopyOnWriteArrayList<>();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final Logger remotingLog = (Logger) LoggerFactory.getLogger("io.apogee.remoting");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Thread sender;

    @AfterEach
    void stop() throws Exception {
        remotingLog.detachAppender(lines);
        sending.set(false);
        if (sender != null) {
            sender.join(60_000);
        }
        closeAll(intruders);
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

    @Test
    void connectionsPastThePerAddressLimitAndHalfWrittenFramesAreClosedWhileOfficialClientsKeepWorking() throws Exception {
        cluster = new LocalCluster(dir, config -> {
            config.limits().connectionsPerAddressMax(PER_ADDRESS).firstFrameTimeoutMillis(DEADLINE_MILLIS);
            return config.frameCompleteTimeoutMillis(DEADLINE_MILLIS);
        });
        lines.start();
        remotingLog.addAppender(lines);
        producer = OfficialClients.startedProducer(cluster.namesrvAddr(), "ClientLimitsProducers", "limits-producer");
        sender = new Thread(this::sendWhilePermitted, "limits-sender");
        sender.start();
        sendPermits.release(10);
        waitUntil(() -> sent.get() == 10);
        cluster.awaitRoute(TOPIC);
        DefaultMQPushConsumer unstarted = OfficialClients.consumerFromFirstOffset(cluster.namesrvAddr(),
                "ClientLimitsConsumers", OfficialClients.uniqueInstanceName("limits-consumer"));
        // One consuming thread: a pool of 20 would grow by a thread per delivery until full, which is not a leak.
        unstarted.setConsumeThreadMin(1);
        unstarted.setConsumeThreadMax(1);
        consumer = OfficialClients.startConsuming(unstarted, TOPIC, message -> received.add(OfficialClients.body(message)));
        waitUntil(() -> received.size() == 10);

        // A first round warms up what starts lazily (I/O threads, classes, executors) before measuring.
        long start = System.nanoTime();
        misbehave();
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        for (int round = 0; round < ROUNDS; round++) {
            misbehave();
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).as("threads after round %d", round)
                    .isLessThanOrEqualTo(threadsBefore + 2);
        }
        long minutes = TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - start);
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        LoggerFactory.getLogger(ClientLimitsTest.class).info("over {} rounds: heap grew {} KiB, threads {} -> {}",
                ROUNDS, heapGrowth / 1024, threadsBefore, ManagementFactory.getThreadMXBean().getThreadCount());
        assertThat(heapGrowth).as("heap growth over %d rounds", ROUNDS).isLessThan(32 * MIB);

        EndpointCounters counters = cluster.broker().remotingCounters();
        int rounds = ROUNDS + 1;
        assertThat(counters.connectionsRefusedPerAddress()).isEqualTo((long) rounds * REFUSED_PER_ROUND);
        assertThat(counters.firstFrameTimeouts() + counters.frameTimeouts()).as("half-written and silent connections")
                .isEqualTo(2L * rounds * PER_ADDRESS);
        // One line per address per minute, however many refusals: at most one more for each minute the test took.
        assertThat(linesAbout("refusing connection from " + HOLDER)).as("lines about %d refusals", counters
                .connectionsRefusedPerAddress()).isBetween(1L, 1 + minutes);
        assertThat(linesAbout("closing connection " + HALF_WRITER + ":")).isBetween(1L, 1 + minutes);
        assertThat(linesAbout("closing connection " + SILENT + ":")).isBetween(1L, 1 + minutes);

        assertThat(sendFailures).isEmpty();
        assertThat(sent.get()).isEqualTo(10 + rounds * SENDS_PER_ROUND);
        waitUntil(() -> received.size() == sent.get());
    }

    /**
     * One round: fills 127.0.0.2's places with connections that each sent a complete request, opens
     * {@link #REFUSED_PER_ROUND} more from it (each closed at accept), opens {@link #PER_ADDRESS} connections
     * that send half a frame and as many that send nothing (each closed at the deadline), and checks that
     * the official producer's sends went on meanwhile; then closes its holders.
     */
    private void misbehave() throws Exception {
        int sentAtStart = sent.get();
        sendPermits.release(SENDS_PER_ROUND);
        List<RawSocket> holders = new ArrayList<>();
        for (int i = 0; i < PER_ADDRESS; i++) {
            RawSocket holder = intruder(HOLDER);
            holders.add(holder);
            holder.write(FrameCodec.encode(RemotingCommand.request(UNSERVED_CODE)));
            holder.readFrame();
        }
        List<RawSocket> stalled = new ArrayList<>();
        for (int i = 0; i < PER_ADDRESS; i++) {
            RawSocket halfWriter = intruder(HALF_WRITER);
            halfWriter.write(ByteBuffer.allocate(4 + 32 * 1024).putInt((int) MIB).array());
            stalled.add(halfWriter);
            stalled.add(intruder(SILENT));
        }
        for (int i = 0; i < REFUSED_PER_ROUND; i++) {
            RawSocket refused = intruder(HOLDER);
            waitUntil(refused::closedByPeer);
            refused.close();
        }
        for (RawSocket intruder : stalled) {
            waitUntil(intruder::closedByPeer);
        }
        assertThat(holders).as("connections that sent a complete request keep their places").noneMatch(RawSocket::closedByPeer);
        // The producer's sends of this round complete while the address is at its limit.
        waitUntil(() -> sent.get() == sentAtStart + SENDS_PER_ROUND);
        closeAll(holders);
        closeAll(stalled);
        intruders.removeAll(holders);
        intruders.removeAll(stalled);
        // The broker counts a closed connection out when it sees the close; the next round's holders must not
        // find this round's still counted against their address.
        waitUntil(() -> cluster.broker().connections().stream().map(Connection::remoteAddress)
                .noneMatch(a -> a.startsWith(HOLDER + ":") || a.startsWith(HALF_WRITER + ":") || a.startsWith(SILENT + ":")));
    }

    private RawSocket intruder(String source) throws IOException {
        RawSocket intruder = new RawSocket(source, cluster.broker().localAddress().getPort());
        intruders.add(intruder);
        return intruder;
    }

    /** Sends one message per permit the test gives, until stopped; the number of sends is bounded by the permits. */
    private void sendWhilePermitted() {
        for (int i = 0; sending.get(); ) {
            try {
                if (!sendPermits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            String body = "message-" + i++;
            try {
                SendStatus status = producer.send(OfficialClients.message(TOPIC, body)).getSendStatus();
                if (status != SendStatus.SEND_OK) {
                    sendFailures.add(body + ": " + status);
                }
            } catch (Exception e) {
                sendFailures.add(body + ": " + e);
            }
            sent.incrementAndGet();
        }
    }

    /**
     * Waits for {@code condition}, polling on this thread: Awaitility's default polling thread would come and go
     * with every wait and blur the thread count.
     */
    private static void waitUntil(Callable<Boolean> condition) {
        await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .atMost(Duration.ofSeconds(60)).until(condition);
    }

    private long linesAbout(String text) {
        return lines.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    private static void closeAll(List<RawSocket> sockets) throws IOException {
        for (RawSocket socket : sockets) {
            socket.close();
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
