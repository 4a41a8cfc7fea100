package io.apogee.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 100,000 malformed frames of every kind at a running broker and name server: every well-formed request
 * on another connection is still answered, heap, direct memory, threads and open files stay flat, and the
 * log grows by less than 1 MB.
 */
class MalformedRequestFuzzTest {

    private static final int FRAMES = 100_000;
    private static final int BROKEN_FRAMES = 2_000;
    private static final int PIPELINES = 8;
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private RemotingClient client;
    private final LogBytes logBytes = new LogBytes();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @AfterEach
    void stop() {
        root.detachAppender(logBytes);
        if (client != null) {
            client.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void malformedFramesNeitherStopTheServersNorGrowTheirResourcesOrTheLog() throws Exception {
        cluster = new LocalCluster(dir);
        client = new RemotingClient(new ClientConfig());
        client.start();
        String broker = cluster.broker().brokerAddr();
        String namesrv = cluster.namesrvAddr();
        MalformedRequests requests = new MalformedRequests(20261204L);
        assertWellFormedRequestsAnswered(broker, namesrv);
        // Warm up the paths the fuzzing takes, so what is measured afterwards is growth, not first use.
        pipeline(broker, requests, 2_000);
        assertWellFormedRequestsAnswered(broker, namesrv);
        Resources before = Resources.measure();
        logBytes.start();
        root.addAppender(logBytes);

        int sent = 0;
        int perRound = (FRAMES - BROKEN_FRAMES) / PIPELINES;
        for (int round = 0; round < PIPELINES; round++) {
            sent += pipeline(round % 2 == 0 ? broker : namesrv, requests, perRound);
            sent += brokenConnections(round % 2 == 0 ? broker : namesrv, requests, BROKEN_FRAMES / PIPELINES);
            assertWellFormedRequestsAnswered(broker, namesrv);
        }
        assertThat(sent).isGreaterThanOrEqualTo(FRAMES - PIPELINES);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Resources after = Resources.measure();
            assertThat(after.threads()).as("threads").isLessThanOrEqualTo(before.threads() + 5);
            assertThat(after.openFiles()).as("open files").isLessThanOrEqualTo(before.openFiles() + 20);
            assertThat(after.heapBytes()).as("heap").isLessThanOrEqualTo(before.heapBytes() + 64 * MIB);
            assertThat(after.directBytes()).as("direct memory").isLessThanOrEqualTo(before.directBytes() + 32 * MIB);
        });
        assertThat(logBytes.bytes.get()).as("log bytes written during the fuzzing").isLessThan(MIB);
        System.out.printf("fuzz: %d frames, log grew %d bytes, before %s, after %s%n", sent, logBytes.bytes.get(),
                before, Resources.measure());
    }

    /** Writes {@code count} well-framed wrong requests on one connection, reading whatever comes back. */
    private static int pipeline(String address, MalformedRequests requests, int count) throws Exception {
        int written = 0;
        while (written < count) {
            try (Socket socket = connect(address)) {
                Thread drain = drain(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                try {
                    for (; written < count; written++) {
                        out.write(requests.wellFramedButWrong());
                    }
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException closedByServer) {
                    // A request the server could not even parse closes the connection; go on with a new one.
                    written++;
                }
                drain.join(30_000);
            }
        }
        return written;
    }

    /** One broken frame per connection: the server can only close each one. */
    private static int brokenConnections(String address, MalformedRequests requests, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            try (Socket socket = connect(address)) {
                socket.getOutputStream().write(requests.brokenFrame());
            } catch (IOException closedByServer) {
                // Expected for some: the server closed before all bytes were written.
            }
        }
        return count;
    }

    private void assertWellFormedRequestsAnswered(String broker, String namesrv) throws Exception {
        RemotingCommand send = new SendMessageRequestHeader("fuzz_producer", "FuzzTopic", "TBW102", 4, 0, 0,
                System.currentTimeMillis(), 0, null, 0, false, false, null, "broker-a")
                .applyTo(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2))
                .body("well-formed".getBytes(StandardCharsets.UTF_8));
        assertThat(client.invokeSync(broker, send, 10_000).code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand route = RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO);
        assertThat(client.invokeSync(namesrv, route, 10_000).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    private static Socket connect(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static Thread drain(InputStream in) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                while (in.read(buffer) >= 0) {
                    // what the server answers is not checked here; the side connection checks service
                }
            } catch (IOException closed) {
                // the connection ended
            }
        }, "fuzz-drain");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private record Resources(int threads, long openFiles, long heapBytes, long directBytes) {

        static Resources measure() throws Exception {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
            }
            long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
            long files;
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                files = fds.count();
            }
            Runtime runtime = Runtime.getRuntime();
            return new Resources(ManagementFactory.getThreadMXBean().getThreadCount(), files,
                    runtime.totalMemory() - runtime.freeMemory(), direct);
        }
    }

    /** Counts the bytes of every log line, as a file appender would write them. */
    private static final class LogBytes extends AppenderBase<ILoggingEvent> {

        final AtomicLong bytes = new AtomicLong();

        @Override
        protected void append(ILoggingEvent event) {
            long size = 100 + event.getFormattedMessage().length();
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                size += 100L * t.getStackTraceElementProxyArray().length + String.valueOf(t.getMessage()).length();
            }
            bytes.addAndGet(size);
        }
    }
}
