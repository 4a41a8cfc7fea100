package io.apogee.security.bench;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.security.AccessGuard;
import io.apogee.security.Credentials;
import io.apogee.security.RequestSigner;
import io.apogee.security.SecurityStore;
import io.apogee.security.User;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What authentication adds to one SEND_MESSAGE_V2 with a 1 KiB body on each side: the client builds and encodes
 * the request with and without signing it, the server decodes it with and without checking the signature (and
 * authorizing a Normal user's Pub). The differences are the per-message CPU that issue 15's throughput target
 * bounds.
 *
 * <p>Run (after {@code mvn -q install -DskipTests}, as the README says):
 * {@code mvn -pl apogee-security test-compile exec:exec -Pjmh -Djmh.args="SignedSendBenchmark"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignedSendBenchmark {

    private final Map<String, String> fields = new HashMap<>();
    private byte[] body;
    private RequestSigner signer;
    private AccessGuard guard;
    private byte[] plainFrame;
    private byte[] signedFrame;
    private RemotingCommand decodedSigned;
    private Path folder;

    @Setup
    public void setUp() throws IOException {
        fields.put("a", "bench_producer_group");
        fields.put("b", "BenchTopic");
        fields.put("c", "TBW102");
        fields.put("d", "4");
        fields.put("e", "2");
        fields.put("f", "0");
        fields.put("g", "1795466629744");
        fields.put("h", "0");
        fields.put("i", "UNIQ_KEY\u0001FD0000000000000000000000000000025EB030946E0975BEAA6F0000\u0002WAIT\u0001true\u0002");
        fields.put("j", "0");
        fields.put("k", "false");
        fields.put("m", "false");
        fields.put("n", "broker-a");
        body = new byte[1024];
        new Random(42).nextBytes(body);

        folder = Files.createTempDirectory("signed-send-bench");
        SecurityStore store = SecurityStore.open(folder);
        store.createUser(new User("root", "rootsecret123", User.Type.SUPER, User.Status.ENABLE));
        guard = new AccessGuard(store, true);
        signer = new RequestSigner(new Credentials("root", "rootsecret123"));

        plainFrame = FrameCodec.encode(request());
        RemotingCommand signed = request();
        signer.beforeRequest("127.0.0.1:10911", signed);
        signedFrame = FrameCodec.encode(signed);
        decodedSigned = FrameCodec.decodeFrame(ByteBuffer.wrap(signedFrame));
    }

    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private RemotingCommand request() {
        return RemotingCommand.request(310).extFields(new HashMap<>(fields)).body(body);
    }

    @Benchmark
    public byte[] clientPlain() {
        return FrameCodec.encode(request());
    }

    @Benchmark
    public byte[] clientSigned() {
        RemotingCommand request = request();
        signer.beforeRequest("127.0.0.1:10911", request);
        return FrameCodec.encode(request);
    }

    @Benchmark
    public RemotingCommand serverPlain() {
        return FrameCodec.decodeFrame(ByteBuffer.wrap(plainFrame));
    }

    /** The check alone, on a request already decoded. */
    @Benchmark
    public RemotingCommand checkOnly() {
        guard.check("127.0.0.1:50000", decodedSigned);
        return decodedSigned;
    }

    @Benchmark
    public RemotingCommand serverSigned() {
        RemotingCommand request = FrameCodec.decodeFrame(ByteBuffer.wrap(signedFrame));
        guard.check("127.0.0.1:50000", request);
        return request;
    }
}
