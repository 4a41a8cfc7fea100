package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static io.apogee.remoting.Peers.ECHO;
import static io.apogee.remoting.Peers.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of bad input closes the connection it came on, and only that one: a client connected
 * before keeps being served on its same connection.
 */
class MalformedFrameTest {

    private static final int MAX_FRAME = 4096;
    private static final Peers PEERS = new Peers();
    private static RemotingServer server;
    private static Connection bystander;

    @BeforeAll
    static void start() throws Exception {
        server = PEERS.server(Peers.serverConfig().maxFrameLength(MAX_FRAME));
        server.registerProcessor(ECHO, (context, request) -> Peers.echo(request), BoundedExecutor.create("echo", 1, 100));
        server.start();
        bystander = PEERS.startedClient().connect(Peers.address(server));
    }

    @AfterAll
    static void stop() {
        PEERS.close();
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                Arguments.of("negative length", frame(-1, 0, 0, new byte[0])),
                Arguments.of("length below the header word", frame(2, 0, 0, new byte[0])),
                Arguments.of("length above the maximum", frame(MAX_FRAME + 1, 0, 0, new byte[0])),
                Arguments.of("huge length", frame(Integer.MAX_VALUE, 0, 0, new byte[0])),
                Arguments.of("unknown serialize type", frame(4 + 2, 7, 2, "{}".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("header longer than the frame", frame(4 + 2, 0, 100, "{}".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("JSON header that is not JSON", frame(4 + 5, 0, 5, "{{{{{".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("JSON header that is an array", frame(4 + 2, 0, 2, "[]".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("empty header", frame(4, 0, 0, new byte[0])),
                Arguments.of("truncated binary header", frame(4 + 6, 1, 6, new byte[6])),
                Arguments.of("binary remark length past the header", binaryWithRemarkLength(1000)),
                Arguments.of("binary remark length negative", binaryWithRemarkLength(-5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badInputClosesOnlyItsOwnConnection(String what, byte[] bytes) throws Exception {
        long malformedBefore = server.counters().malformedFrames();
        try (RawSocket raw = new RawSocket(server.port())) {
            byte[] answered = raw.write(bytes).readUntilClosed();
            assertThat(answered).as("nothing is answered to " + what).isEmpty();
        }

        RemotingCommand response = bystander.invokeSync(RemotingCommand.request(ECHO).body(new byte[]{1}), 3000);
        assertThat(response.code()).isEqualTo(SUCCESS);
        assertThat(bystander.isActive()).isTrue();
        assertThat(server.counters().malformedFrames()).isEqualTo(malformedBefore + 1);
    }

    private static byte[] frame(int length, int type, int headerLength, byte[] rest) {
        ByteBuffer frame = ByteBuffer.allocate(8 + rest.length);
        frame.putInt(length).putInt(type << 24 | headerLength).put(rest);
        return frame.array();
    }

    private static byte[] binaryWithRemarkLength(int remarkLength) {
        ByteBuffer header = ByteBuffer.allocate(21);
        header.putShort((short) ECHO).put((byte) 0).putShort((short) 479).putInt(1).putInt(0)
                .putInt(remarkLength).putInt(0);
        return frame(4 + 21, 1, 21, header.array());
    }
}
