package io.apogee.remoting.bench;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.codec.BufferBodyCommand;
import io.apogee.remoting.codec.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the server's decoder costs per received send: a read of {@code frames} SEND_MESSAGE_V2 frames (the
 * official producer's header, a body of {@code bodyBytes}) from a pooled direct buffer, decoded by the
 * {@link FrameDecoder} into commands that a handler takes as the connection handler does: a lent body is
 * released after it, an owned one read. Run it with {@code -prof gc}: the {@code gc.alloc.rate.norm} line is
 * the bytes allocated per read, the figure the decoder's copies show up in.
 *
 * <pre>
 * mvn -pl apogee-remoting -am test-compile exec:exec -Pjmh -Djmh.args="-f 1 -wi 3 -i 5 -prof gc FrameDecodeBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameDecodeBenchmark {

    @Param({"1024", "32768"})
    public int bodyBytes;

    @Param({"1", "16"})
    public int frames;

    private EmbeddedChannel channel;
    private byte[] read;
    private long bodiesSeen;

    @Setup
    public void setUp() {
        RemotingCommand send = RemotingCommand.request(310).body(new byte[bodyBytes])
                .putExtField("a", "bench_producer_group").putExtField("b", "BenchTopic").putExtField("c", "TBW102")
                .putExtField("d", "4").putExtField("e", "2").putExtField("f", "0").putExtField("g", "1795466629744")
                .putExtField("h", "0").putExtField("i", "UNIQ_KEY\u0001FD00000000000000000000000000025EB030946E0975BEAA6F"
                        + "0000\u0002WAIT\u0001true\u0002").putExtField("j", "0").putExtField("k", "false")
                .putExtField("m", "false").putExtField("n", "broker-a");
        byte[] frame = FrameCodec.encode(send);
        read = new byte[frame.length * frames];
        for (int i = 0; i < frames; i++) {
            System.arraycopy(frame, 0, read, i * frame.length, frame.length);
        }
        channel = new EmbeddedChannel(new FrameDecoder(FrameCodec.DEFAULT_MAX_FRAME_LENGTH),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof BufferBodyCommand lent) {
                            bodiesSeen += lent.body().readableBytes();
                            lent.release();
                        } else if (msg instanceof RemotingCommand command) {
                            bodiesSeen += command.body() == null ? 0 : command.body().length;
                        }
                    }
                });
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public long decode() {
        ByteBuf in = PooledByteBufAllocator.DEFAULT.directBuffer(read.length);
        in.writeBytes(read);
        channel.writeInbound(in);
        return bodiesSeen;
    }
}
