package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.apogee.remoting.Peers.ECHO;
import static io.apogee.remoting.Peers.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Listener events, idle close and graceful shutdown. */
class ConnectionLifecycleTest {

    private static final int SLOW = 5001;

    private final Peers peers = new Peers();

    @AfterEach
    void stop() {
        peers.close();
    }

    private static ConnectionListener recorder(String side, List<String> events) {
        return new ConnectionListener() {
            @Override
            public void onConnect(Connection connection) {
                events.add(side + ":connect");
            }

            @Override
            public void onClose(Connection connection) {
                events.add(side + ":close");
            }

            @Override
            public void onException(Connection connection, Throwable cause) {
                events.add(side + ":exception");
            }

            @Override
            public void onIdle(Connection connection) {
                events.add(side + ":idle");
            }
        };
    }

    @Test
    void idleConnectionIsClosedAndListenersHearOfIt() throws Exception {
        List<String> serverEvents = new CopyOnWriteArrayList<>();
        List<String> clientEvents = new CopyOnWriteArrayList<>();
        RemotingServer server = peers.server(Peers.serverConfig().idleTimeMillis(300));
        server.registerProcessor(ECHO, (context, request) -> Peers.echo(request), BoundedExecutor.create("echo", 1, 10));
        server.addListener(recorder("server", serverEvents));
        server.start();
        RemotingClient client = peers.client(new ClientConfig());
        client.addListener(recorder("client", clientEvents));
        client.start();

        client.invokeSync(Peers.address(server), RemotingCommand.request(ECHO), 3000);

        await().atMost(10, TimeUnit.SECONDS).until(() -> serverEvents.size() == 3 && clientEvents.size() == 2);
        assertThat(serverEvents).containsExactly("server:connect", "server:idle", "server:close");
        assertThat(clientEvents).containsExactly("client:connect", "client:close");
        assertThat(server.connections()).isEmpty();
    }

    @Test
    void malformedInputReachesListenersAsExceptionThenClose() throws Exception {
        List<String> serverEvents = new CopyOnWriteArrayList<>();
        RemotingServer server = peers.server(Peers.serverConfig());
        server.addListener(recorder("server", serverEvents));
        server.start();

        try (RawSocket raw = new RawSocket(server.port())) {
            raw.write(new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}).readUntilClosed();
        }

        await().atMost(5, TimeUnit.SECONDS).until(() -> serverEvents.size() == 3);
        assertThat(serverEvents).containsExactly("server:connect", "server:exception", "server:close");
    }

    @Test
    void gracefulShutdownFinishesRequestsInProgress() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RemotingServer server = peers.server(Peers.serverConfig().shutdownGraceMillis(10_000));
        server.registerProcessor(SLOW, (context, request) -> {
            entered.countDown();
            release.await();
            return RemotingCommand.responseTo(request, SUCCESS, "finished");
        }, BoundedExecutor.create("slow", 1, 10));
        server.start();
        RemotingClient client = peers.startedClient();
        String address = Peers.address(server);
        CompletableFuture<RemotingCommand> inFlight = client.invokeAsync(address, RemotingCommand.request(SLOW), 10_000);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        InetSocketAddress bound = server.localAddress();
        Thread stopping = new Thread(server::shutdown);
        stopping.start();
        // The server stops taking requests before it closes its port; once the port is closed, a new
        // request on the open connection is refused while the one in progress still runs.
        await().atMost(5, TimeUnit.SECONDS).until(() -> !accepts(bound));
        assertThat(client.invokeSync(address, RemotingCommand.request(SLOW), 3000).code()).isEqualTo(Peers.SYSTEM_BUSY);
        assertThat(stopping.isAlive()).isTrue();
        assertThat(inFlight).isNotDone();
        release.countDown();

        assertThat(inFlight.get(5, TimeUnit.SECONDS).remark()).isEqualTo("finished");
        stopping.join(10_000);
        assertThat(stopping.isAlive()).isFalse();
        assertThat(server.connections()).isEmpty();
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void shutdownGivesUpOnRequestsThatOutliveTheGraceTime() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        RemotingServer server = peers.server(Peers.serverConfig().shutdownGraceMillis(200));
        server.registerProcessor(SLOW, (context, request) -> {
            entered.countDown();
            return null; // never answered
        }, BoundedExecutor.create("slow", 1, 10));
        server.start();
        RemotingClient client = peers.startedClient();
        CompletableFuture<RemotingCommand> pending = client.invokeAsync(Peers.address(server),
                RemotingCommand.request(SLOW), 60_000);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        server.shutdown();

        await().atMost(5, TimeUnit.SECONDS).until(pending::isCompletedExceptionally);
    }
}
