package io.apogee.protocol.bench;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Encode + decode of one SEND_MESSAGE_V2 request with a 1 KiB body (the header of golden frame
 * 0017), Apogee's codec against the official RemotingCommand, for both header types.
 *
 * <p>Run: {@code mvn -pl apogee-protocol -am test-compile exec:exec -Pjmh -Djmh.args="-f 1 -wi 3 -i 5 SendFrameCodecBenchmark"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SendFrameCodecBenchmark {

    @Param({"JSON", "ROCKETMQ"})
    public String serializeType;

    private RemotingCommand apogee;
    private byte[] apogeeFrame;
    private org.apache.rocketmq.remoting.protocol.RemotingCommand official;
    private byte[] officialFrame;

    @Setup
    public void setUp() throws Exception {
        Map<String, String> fields = new HashMap<>();
        fields.put("a", "golden_producer_group");
        fields.put("b", "GoldenTopic");
        fields.put("c", "TBW102");
        fields.put("d", "4");
        fields.put("e", "2");
        fields.put("f", "0");
        fields.put("g", "1795466629744");
        fields.put("h", "0");
        fields.put("i", "KEYS\u0001KEY-SYNC\u0002UNIQ_KEY\u0001FD0000000000000000000000000000025EB030946E0975BEAA6F0000"
                + "\u0002WAIT\u0001true\u0002TAGS\u0001TagA\u0002");
        fields.put("j", "0");
        fields.put("k", "false");
        fields.put("m", "false");
        fields.put("n", "broker-a");
        byte[] body = new byte[1024];
        new Random(42).nextBytes(body);

        apogee = RemotingCommand.request(310).opaque(12).extFields(new HashMap<>(fields)).body(body)
                .serializeType(SerializeType.valueOf(serializeType));
        apogeeFrame = FrameCodec.encode(apogee);

        official = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(310, null);
        official.setOpaque(12);
        official.setExtFields(new HashMap<>(fields));
        official.setBody(body);
        official.setSerializeTypeCurrentRPC(org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(serializeType));
        ByteBuffer encoded = official.encode();
        officialFrame = new byte[encoded.remaining()];
        encoded.get(officialFrame);
    }

    @Benchmark
    public RemotingCommand apogeeEncodeDecode() {
        byte[] frame = FrameCodec.encode(apogee);
        return FrameCodec.decodeFrame(ByteBuffer.wrap(frame));
    }

    @Benchmark
    public Object officialEncodeDecode() throws Exception {
        ByteBuffer frame = official.encode();
        frame.getInt();
        return org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(frame.slice());
    }

    /** The official Netty encoder's path: the header written into a pooled buffer, then the body. */
    @Benchmark
    public Object officialFastEncodeDecode() throws Exception {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer(2048);
        try {
            official.fastEncodeHeader(out);
            out.writeBytes(official.getBody());
            out.skipBytes(4);
            return org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(out);
        } finally {
            out.release();
        }
    }

    @Benchmark
    public byte[] apogeeEncode() {
        return FrameCodec.encode(apogee);
    }

    @Benchmark
    public RemotingCommand apogeeDecode() {
        return FrameCodec.decodeFrame(ByteBuffer.wrap(apogeeFrame));
    }

    @Benchmark
    public Object officialDecode() throws Exception {
        return org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(
                ByteBuffer.wrap(officialFrame, 4, officialFrame.length - 4).slice());
    }
}
