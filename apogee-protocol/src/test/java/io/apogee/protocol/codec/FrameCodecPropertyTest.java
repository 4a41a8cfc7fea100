package io.apogee.protocol.codec;

import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import io.apogee.protocol.golden.Commands;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Random commands survive both header codecs and the frame codec; random bytes never crash them. */
class FrameCodecPropertyTest {

    @Provide
    Arbitrary<RemotingCommand> anyCommand() {
        return Arbitraries.oneOf(CommandArbitraries.commands(SerializeType.JSON),
                CommandArbitraries.commands(SerializeType.ROCKETMQ));
    }

    @Property(tries = 500)
    void frameRoundTripKeepsEveryField(@ForAll("anyCommand") RemotingCommand command) {
        byte[] frame = FrameCodec.encode(command);
        assertThat(ByteBuffer.wrap(frame).getInt()).isEqualTo(frame.length - 4);
        RemotingCommand decoded = FrameCodec.decodeFrame(ByteBuffer.wrap(frame));
        Commands.assertEqual(decoded, CommandArbitraries.expectedAfterTrip(command));
        ByteBuffer direct = ByteBuffer.allocateDirect(frame.length).put(frame).flip();
        Commands.assertEqual(FrameCodec.decodeFrame(direct), decoded);
        assertThat(direct.hasRemaining()).isFalse();
        ByteBuffer readOnlyWithOffset = ByteBuffer.wrap(concat(new byte[7], frame), 7, frame.length).slice().asReadOnlyBuffer();
        Commands.assertEqual(FrameCodec.decodeFrame(readOnlyWithOffset), decoded);
        ByteBuffer arrayWithOffset = ByteBuffer.wrap(concat(new byte[5], frame), 5, frame.length).slice();
        Commands.assertEqual(FrameCodec.decodeFrame(arrayWithOffset), decoded);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Property(tries = 300)
    void headerRoundTripMatchesTheFrame(@ForAll("anyCommand") RemotingCommand command) {
        byte[] header = FrameCodec.encodeHeader(command);
        assertThat(header).hasSize(FrameCodec.headerLength(command));
        byte[] placed = new byte[header.length + 10];
        assertThat(FrameCodec.writeHeader(command, placed, 3)).isEqualTo(3 + header.length);
        assertThat(Arrays.copyOfRange(placed, 3, 3 + header.length)).isEqualTo(header);
        ByteBuffer frame = ByteBuffer.allocate(4 + header.length);
        frame.putInt(FrameCodec.headerLengthWord(command.serializeType(), header.length)).put(header).flip();
        RemotingCommand decoded = FrameCodec.decode(frame);
        Commands.assertEqual(decoded, CommandArbitraries.expectedAfterTrip(command).body(null));
        // A direct buffer takes the copying path and must read the same.
        ByteBuffer direct = ByteBuffer.allocateDirect(frame.capacity());
        direct.put(frame.rewind()).flip();
        Commands.assertEqual(FrameCodec.decode(direct), decoded);
    }

    @Property(tries = 1000)
    void randomBytesAreProtocolErrorsOrCommands(@ForAll byte[] bytes) {
        decodeEitherWay(bytes);
    }

    @Property(tries = 1000)
    void corruptedFramesAreProtocolErrorsOrCommands(@ForAll("anyCommand") RemotingCommand command,
                                                    @ForAll int seed) {
        byte[] frame = FrameCodec.encode(command);
        java.util.Random random = new java.util.Random(seed);
        byte[] corrupted = frame.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            // Aim at the prefix and header, where the structure is.
            int at = random.nextInt(Math.min(corrupted.length, 8 + 64 + random.nextInt(corrupted.length)));
            corrupted[at] = (byte) random.nextInt(256);
        }
        decodeEitherWay(corrupted);
        decodeEitherWay(Arrays.copyOf(frame, random.nextInt(frame.length)));
    }

    @Property(tries = 500)
    void randomJsonishHeadersAreProtocolErrorsOrCommands(@ForAll("jsonish") String header) {
        byte[] bytes = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + bytes.length);
        frame.putInt(FrameCodec.headerLengthWord(SerializeType.JSON, bytes.length)).put(bytes).flip();
        try {
            FrameCodec.decode(frame);
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"code\"", "\"extFields\"",
                "\"opaque\"", "\"remark\"", "\"language\"", "\"version\"", "\"flag\"", "\"a\"", "\"\\u12\"",
                "\"\\x\"", "1", "-", "2147483648", "-2147483648", "1.5e3", "true", "fals", "null", " ", "\"",
                "\\", "\u00e9", "\"JAVA\"", "{}");
        return tokens.list().ofMaxSize(30).map(list -> String.join("", list));
    }

    private static void decodeEitherWay(byte[] bytes) {
        try {
            FrameCodec.decodeFrame(ByteBuffer.wrap(bytes));
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            FrameCodec.decode(ByteBuffer.wrap(bytes));
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
