package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static io.apogee.remoting.Peers.ECHO;
import static org.assertj.core.api.Assertions.assertThat;

class RoundTripTest {

    private final Peers peers = new Peers();

    @AfterEach
    void stop() {
        peers.close();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void requestIsAnsweredInItsOwnSerializeType(SerializeType type) throws Exception {
        RemotingServer server = peers.echoServer();
        RemotingClient client = peers.startedClient();

        RemotingCommand request = RemotingCommand.request(ECHO).serializeType(type)
                .putExtField("topic", "Tópico").body("hello".getBytes(StandardCharsets.UTF_8));
        RemotingCommand response = client.invokeSync(Peers.address(server), request, 3000);

        assertThat(response.code()).isEqualTo(Peers.SUCCESS);
        assertThat(response.opaque()).isEqualTo(request.opaque());
        assertThat(response.isResponse()).isTrue();
        assertThat(response.serializeType()).isEqualTo(type);
        assertThat(response.extField("topic")).isEqualTo("Tópico");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    /**
     * Headers of every size cross both ways: the decoder and the encoder write headers up to 64 KiB into a
     * scratch array they keep, which grows on the way, and larger ones into an array of their own.
     */
    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void headersSmallAndLargerThanTheScratchArraysComeBackWhole(SerializeType type) throws Exception {
        RemotingServer server = peers.echoServer();
        RemotingClient client = peers.startedClient();

        for (int size : new int[] {10, 600, 5_000, 70_000, 200, 130_000, 40}) {
            String value = "v".repeat(size - 1) + size % 10;
            RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(ECHO)
                    .serializeType(type).putExtField("big", value).body(new byte[] {(byte) size}), 3000);

            assertThat(response.code()).isEqualTo(Peers.SUCCESS);
            assertThat(response.extField("big")).as("a header field of %d characters", size).isEqualTo(value);
            assertThat(response.body()).containsExactly((byte) size);
        }
    }

    @Test
    void nioTransportServesWhenEpollIsNotWanted() throws Exception {
        RemotingServer server = peers.server(Peers.serverConfig().preferEpoll(false));
        server.registerProcessor(ECHO, (context, request) -> Peers.echo(request),
                BoundedExecutor.create("echo", 1, 10));
        server.start();
        RemotingClient client = peers.client(new ClientConfig().preferEpoll(false));
        client.start();

        RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(ECHO).body(new byte[]{7}), 3000);

        assertThat(response.body()).containsExactly(7);
        assertThat(client.connect(Peers.address(server)).channel()).isInstanceOf(NioSocketChannel.class);
    }

    @Test
    void unknownCodeIsAnsweredRequestCodeNotSupported() throws Exception {
        RemotingServer server = peers.echoServer();
        RemotingClient client = peers.startedClient();

        RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(4242), 3000);

        assertThat(response.code()).isEqualTo(Peers.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.remark()).contains("4242");
        assertThat(server.counters().unsupportedCodes()).isEqualTo(1);
    }

    @Test
    void defaultProcessorServesCodesWithoutTheirOwn() throws Exception {
        RemotingServer server = peers.server(Peers.serverConfig());
        server.registerProcessor(ECHO, (context, request) -> Peers.echo(request), BoundedExecutor.create("echo", 1, 10));
        server.registerDefaultProcessor((context, request) -> RemotingCommand.responseTo(request, Peers.SUCCESS,
                "default served " + request.code()), BoundedExecutor.create("default", 1, 10));
        server.start();
        RemotingClient client = peers.startedClient();

        assertThat(client.invokeSync(Peers.address(server), RemotingCommand.request(777), 3000).remark())
                .isEqualTo("default served 777");
        assertThat(client.invokeSync(Peers.address(server), RemotingCommand.request(ECHO).putExtField("a", "b"), 3000)
                .extField("a")).isEqualTo("b");
    }

    @Test
    void asyncInvokeCompletesWithTheResponse() throws Exception {
        RemotingServer server = peers.echoServer();
        RemotingClient client = peers.startedClient();

        RemotingCommand response = client.invokeAsync(Peers.address(server),
                RemotingCommand.request(ECHO).putExtField("k", "v"), 3000).get();

        assertThat(response.extField("k")).isEqualTo("v");
    }
}
