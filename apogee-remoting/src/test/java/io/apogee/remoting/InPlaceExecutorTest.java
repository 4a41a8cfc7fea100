package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.processor.InPlaceExecutor;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.apogee.remoting.Peers.ECHO;
import static org.assertj.core.api.Assertions.assertThat;

/** A processor on an {@link InPlaceExecutor} runs on the server's I/O thread while its condition holds. */
class InPlaceExecutorTest {

    private final Peers peers = new Peers();

    @AfterEach
    void stop() {
        peers.close();
    }

    @Test
    void requestsRunOnTheIoThreadWhileTheConditionHoldsAndOnThePoolOtherwise() throws Exception {
        AtomicBoolean inPlace = new AtomicBoolean(true);
        ThreadPoolExecutor pool = BoundedExecutor.create("pooled", 1, 10);
        RemotingServer server = peers.server(Peers.serverConfig());
        server.registerProcessor(ECHO, (context, request) -> RemotingCommand.responseTo(request, Peers.SUCCESS,
                Thread.currentThread().getName()), new InPlaceExecutor(pool, inPlace::get));
        server.start();
        RemotingClient client = peers.startedClient();

        String ioThread = servedOn(client, server);
        inPlace.set(false);
        String pooled = servedOn(client, server);
        inPlace.set(true);

        assertThat(ioThread).contains("-io").doesNotContain("pooled");
        assertThat(pooled).startsWith("pooled");
        assertThat(servedOn(client, server)).isEqualTo(ioThread);
    }

    @Test
    void onceThePoolIsShutDownRequestsAreRefusedEvenWhileTheConditionHolds() throws Exception {
        ThreadPoolExecutor pool = BoundedExecutor.create("pooled", 1, 10);
        InPlaceExecutor executor = new InPlaceExecutor(pool, () -> true);
        RemotingServer server = peers.server(Peers.serverConfig());
        server.registerProcessor(ECHO, (context, request) -> Peers.echo(request), executor);
        server.start();
        RemotingClient client = peers.startedClient();

        executor.shutdown();
        RemotingCommand response = client.invokeSync(Peers.address(server),
                RemotingCommand.request(ECHO).body("late".getBytes(StandardCharsets.UTF_8)), 3000);

        assertThat(pool.isShutdown()).isTrue();
        assertThat(executor.isShutdown()).isTrue();
        assertThat(response.code()).isEqualTo(Peers.SYSTEM_BUSY);
    }

    private static String servedOn(RemotingClient client, RemotingServer server) throws Exception {
        RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(ECHO), 3000);
        assertThat(response.code()).isEqualTo(Peers.SUCCESS);
        return response.remark();
    }
}
