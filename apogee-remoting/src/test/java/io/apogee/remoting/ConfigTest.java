package io.apogee.remoting;

import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configurations are checked as a whole before anything starts, and ephemeral ports are readable. */
class ConfigTest {

    private final Peers peers = new Peers();

    @AfterEach
    void stop() {
        peers.close();
    }

    @Test
    void everyBadServerSettingIsNamedAtOnce() {
        ServerConfig config = new ServerConfig().port(70_000).ioThreads(0).maxFrameLength(4).idleTimeMillis(-1);

        assertThatThrownBy(() -> new RemotingServer(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port").hasMessageContaining("ioThreads")
                .hasMessageContaining("maxFrameLength").hasMessageContaining("idleTimeMillis");
    }

    @Test
    void everyBadClientSettingIsNamedAtOnce() {
        ClientConfig config = new ClientConfig().connectTimeoutMillis(0).onewayPermits(0).asyncPermits(-3);

        assertThatThrownBy(() -> new RemotingClient(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeoutMillis").hasMessageContaining("onewayPermits")
                .hasMessageContaining("asyncPermits");
    }

    @Test
    void ephemeralPortIsReadableAfterStart() {
        RemotingServer server = peers.echoServer();

        assertThat(server.port()).isPositive();
        assertThat(server.localAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void bindingABusyPortFailsStart() {
        RemotingServer first = peers.echoServer();
        RemotingServer second = peers.server(Peers.serverConfig().port(first.port()));

        assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(String.valueOf(first.port()));
    }

    @Test
    void defaultsAreSmall() {
        assertThat(ServerConfig.DEFAULT_IO_THREADS).isLessThanOrEqualTo(2);
        assertThat(ServerConfig.DEFAULT_IDLE_TIME_MILLIS).isEqualTo(120_000);
        assertThat(ServerConfig.DEFAULT_MAX_FRAME_LENGTH).isEqualTo(16 * 1024 * 1024);
    }
}
