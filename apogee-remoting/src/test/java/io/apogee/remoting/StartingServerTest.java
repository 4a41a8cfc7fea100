package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that listens before it is ready (a broker learning its port before recovery) answers every
 * request "starting" with SYSTEM_BUSY, which clients retry, and runs no processor until it is ready.
 */
class StartingServerTest {

    private final Peers peers = new Peers();

    @AfterEach
    void stop() {
        peers.close();
    }

    @Test
    void requestsBeforeReadyAreRefusedAsBusyAndNoneReachesAProcessor() throws Exception {
        AtomicInteger processed = new AtomicInteger();
        RemotingServer server = peers.server(Peers.serverConfig());
        server.holdRequestsUntilReady();
        server.start();
        RemotingClient client = peers.startedClient();

        // Registered after listening, as a starting broker does: still nothing runs before ready().
        server.registerProcessor(Peers.ECHO, (context, request) -> {
            processed.incrementAndGet();
            return Peers.echo(request);
        }, BoundedExecutor.create("echo", 1, 100));
        for (int i = 0; i < 5; i++) {
            RemotingCommand early = client.invokeSync(Peers.address(server), RemotingCommand.request(Peers.ECHO), 3000);
            assertThat(early.code()).isEqualTo(Peers.SYSTEM_BUSY);
            assertThat(early.remark()).contains("starting");
        }
        assertThat(processed).hasValue(0);

        server.ready();
        RemotingCommand served = client.invokeSync(Peers.address(server), RemotingCommand.request(Peers.ECHO), 3000);
        assertThat(served.code()).isEqualTo(Peers.SUCCESS);
        assertThat(processed).hasValue(1);
    }
}
