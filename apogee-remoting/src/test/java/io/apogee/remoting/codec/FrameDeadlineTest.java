package io.apogee.remoting.codec;

import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.command.RemotingCommand;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-frame completion deadline and the partial-frame budget, on the decoder's own clock: the channel's
 * time is frozen and advanced by the test, so what is checked is when the decoder acts, not how fast this
 * machine runs. A connection is judged by progress on its frames: one whose frames each complete stays open
 * however long it lives, one that drips bytes into a frame that never completes is closed once that frame
 * is overdue, even though bytes keep coming (which is all the idle timeout looks at).
 */
class FrameDeadlineTest {

    private static final long DEADLINE_MILLIS = 1000;

    private final PartialFrameBudget budget = new PartialFrameBudget(1024 * 1024);
    private final List<Throwable> failures = new ArrayList<>();
    private EmbeddedChannel channel;

    @BeforeEach
    void open() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new FrameDecoder(64 * 1024, DEADLINE_MILLIS, budget),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        failures.add(cause);
                    }
                });
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aFrameDrippedPastItsDeadlineFailsTheConnectionThoughBytesKeepComing() {
        byte[] frame = frame(500);
        receive(Arrays.copyOfRange(frame, 0, 10));
        assertThat(budget.reserved()).as("the whole frame is reserved once its length is in").isEqualTo(frame.length);

        for (int i = 10; i < 19; i++) {
            later(100);
            receive(new byte[] {frame[i]});
        }
        assertThat(failures).as("900 ms after the first bytes").isEmpty();

        later(100);
        assertThat(failures).singleElement().isInstanceOf(MalformedFrameException.class)
                .extracting(Throwable::getMessage).asString().contains("not completed within 1000 ms");
        assertThat(budget.reserved()).as("released when the frame is given up").isZero();
    }

    @Test
    void framesThatEachCompleteKeepTheConnectionLongPastOneDeadline() {
        byte[] frame = frame(500);
        int half = frame.length / 2;
        // Ten frames, each arriving in two halves 600 ms apart: six deadlines long in all, none of it idle.
        for (int i = 0; i < 10; i++) {
            receive(Arrays.copyOfRange(frame, 0, half));
            later(600);
            receive(Arrays.copyOfRange(frame, half, frame.length));
            assertDecoded(channel, "frame " + i);
        }
        later(5 * DEADLINE_MILLIS);
        assertThat(failures).isEmpty();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aFrameBegunAfterAnotherCompletedGetsADeadlineOfItsOwnAtMostTwiceAsLong() {
        byte[] frame = frame(500);
        int half = frame.length / 2;
        receive(Arrays.copyOfRange(frame, 0, half));
        later(600);
        receive(Arrays.copyOfRange(frame, half, frame.length));
        receive(Arrays.copyOfRange(frame, 0, half));
        assertDecoded(channel, "the first frame");

        later(1000);
        assertThat(failures).as("1600 ms after the first frame began, 1000 ms after the second did").isEmpty();
        later(1000);
        assertThat(failures).as("the second frame, begun 2000 ms ago, is overdue").hasSize(1);
    }

    @Test
    void aHalfReceivedFrameGivesItsReservationBackWhenItsConnectionCloses() {
        byte[] frame = frame(500);
        receive(Arrays.copyOfRange(frame, 0, 100));
        assertThat(budget.reserved()).isEqualTo(frame.length);

        channel.close();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aFrameThatDoesNotFitTheBudgetFailsItsConnectionOnly() {
        PartialFrameBudget small = new PartialFrameBudget(1000);
        EmbeddedChannel first = new EmbeddedChannel(new FrameDecoder(64 * 1024, 0, small));
        EmbeddedChannel second = new EmbeddedChannel(new FrameDecoder(64 * 1024, 0, small));
        byte[] frame = frame(600);
        try {
            first.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 0, 10)));
            assertThat(small.reserved()).isEqualTo(frame.length);

            assertThatThrownBy(() -> second.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 0, 10))))
                    .isInstanceOf(MalformedFrameException.class).hasMessageContaining("partial-frame budget");
            assertThat(small.reserved()).as("only the first frame's").isEqualTo(frame.length);

            first.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 10, frame.length)));
            assertDecoded(first, "the first connection's frame");
            assertThat(small.reserved()).isZero();
        } finally {
            first.finishAndReleaseAll();
            second.finishAndReleaseAll();
        }
    }

    /** The next decoded request, with its body of 500 or 600 bytes as a retained slice, which this releases. */
    private static void assertDecoded(EmbeddedChannel from, String what) {
        Object decoded = from.readInbound();
        assertThat(decoded).as(what).isInstanceOf(BufferBodyCommand.class);
        BufferBodyCommand request = (BufferBodyCommand) decoded;
        try {
            assertThat(request.command().code()).as(what).isEqualTo(1001);
            assertThat(request.body().readableBytes()).as(what).isIn(500, 600);
        } finally {
            request.release();
        }
    }

    private void receive(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    private void later(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private static byte[] frame(int bodyBytes) {
        return FrameCodec.encode(RemotingCommand.request(1001).body(new byte[bodyBytes]));
    }
}
