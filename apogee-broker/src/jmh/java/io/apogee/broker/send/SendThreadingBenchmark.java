package io.apogee.broker.send;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.store.MessageStoreConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where a send runs: 16 callers send 1 KiB messages synchronously over loopback to one in-process broker, with
 * sends appended on the I/O thread that read them ({@code sendMessageOnIoThread}, the default) or handed to the
 * send executor. Client and broker share the machine's CPUs here, unlike {@code apogee bench compare}, which pins
 * them apart and is the figure to quote: on a 2-core machine, unpinned, the two settings came out within JMH's
 * error (in place 73k and 64k ops/s, pooled 71k and 72k, 2026-12-06), while pinned apart the broker sent 22 %
 * more per second at 30 % less CPU per message (docs/BENCHMARKS.md). It is kept for machines with more cores,
 * where the client no longer takes the broker's CPU.
 *
 * <pre>
 * mvn -q -pl apogee-broker -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp apogee-broker/target/test-classes:apogee-broker/target/classes:$(cat apogee-broker/cp.txt) \
 *     org.openjdk.jmh.Main SendThreadingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(16)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SendThreadingBenchmark {

    private static final long TIMEOUT_MILLIS = 10_000;
    private static final String TOPIC = "SendThreading";

    @Param({"in-place", "pooled"})
    public String sends;

    private final byte[] body = new byte[1024];
    private Path dir;
    private Broker broker;
    private RemotingClient client;
    private String address;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = Files.createTempDirectory("send-threading-bench");
        BrokerConfig config = new BrokerConfig().bindAddress("127.0.0.1").listenPort(0)
                .sendMessageOnIoThread("in-place".equals(sends))
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.toString())));
        broker = new Broker(config);
        broker.start();
        client = new RemotingClient(new ClientConfig());
        client.start();
        address = broker.brokerAddr();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        client.shutdown();
        broker.shutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int send() throws Exception {
        int queue = (int) (Thread.currentThread().getId() & 3);
        RemotingCommand request = new SendMessageRequestHeader("SendThreadingProducers", TOPIC, "TBW102", 4, queue, 0,
                System.currentTimeMillis(), 0, null, 0, false, false, null, "broker")
                .applyTo(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)).body(body);
        RemotingCommand answer = client.invokeSync(address, request, TIMEOUT_MILLIS);
        if (answer.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("send answered " + answer.code() + ": " + answer.remark());
        }
        return answer.code();
    }
}
