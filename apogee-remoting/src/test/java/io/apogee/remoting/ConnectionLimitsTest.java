package io.apogee.remoting;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.processor.RequestDispatcher;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limits one peer meets on a server, each over real sockets on loopback: connections in total and per
 * source address (refused at accept), a first complete frame within a deadline of connecting, requests in
 * progress per connection (SYSTEM_BUSY), and the frame size. Each refusal is counted, logged once per
 * offending address, and leaves other peers served. The offending sockets connect from 127.0.0.2 so that the
 * well-behaved client, on 127.0.0.1, is another address.
 */
class ConnectionLimitsTest {

    private static final String OFFENDER = "127.0.0.2";
    private static final int HELD = 7002;

    private final Peers peers = new Peers();
    private final List<RawSocket> sockets = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger("io.apogee.remoting.server"),
            (Logger) LoggerFactory.getLogger("io.apogee.remoting.connection"),
            (Logger) LoggerFactory.getLogger(RequestDispatcher.class));
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        loggers.forEach(l -> l.addAppender(lines));
    }

    @AfterEach
    void stop() throws IOException {
        loggers.forEach(l -> l.detachAppender(lines));
        release.countDown();
        for (RawSocket socket : sockets) {
            socket.close();
        }
        peers.close();
    }

    private RemotingServer server(ServerConfig config) {
        RemotingServer server = peers.server(config.idleTimeMillis(120_000));
        server.registerProcessor(Peers.ECHO, (context, request) -> Peers.echo(request),
                BoundedExecutor.create("echo", 1, 100));
        server.registerProcessor(HELD, (context, request) -> {
            release.await();
            return Peers.echo(request);
        }, BoundedExecutor.create("held", 4, 100));
        server.start();
        return server;
    }

    private RawSocket open(String source, RemotingServer server) throws IOException {
        RawSocket socket = new RawSocket(source, server.port());
        sockets.add(socket);
        return socket;
    }

    private static void assertServes(RemotingServer server, RemotingClient client) throws Exception {
        RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(Peers.ECHO), 30_000);
        assertThat(response.code()).isEqualTo(Peers.SUCCESS);
    }

    private long linesContaining(String text) {
        return lines.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    @Test
    void connectionsPastThePerAddressLimitAreClosedAtAcceptAndOtherAddressesAreServed() throws Exception {
        RemotingServer server = server(Peers.serverConfig().maxConnectionsPerAddress(3).maxConnections(100));
        RemotingClient client = peers.startedClient();
        assertServes(server, client);
        for (int i = 0; i < 3; i++) {
            open(OFFENDER, server);
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.connections().size() == 4);

        List<RawSocket> refused = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            refused.add(open(OFFENDER, server));
        }
        for (RawSocket socket : refused) {
            await().atMost(30, TimeUnit.SECONDS).until(socket::closedByPeer);
        }
        assertThat(server.counters().connectionsRefusedPerAddress()).isEqualTo(20);
        assertThat(server.connections()).hasSize(4);
        assertThat(linesContaining("refusing connection from 127.0.0.2")).as("one line for 20 refusals").isEqualTo(1);
        assertServes(server, client);
        assertThat(sockets.subList(0, 3)).noneMatch(RawSocket::closedByPeer);

        // A place freed by a close is taken again.
        sockets.get(0).close();
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.connections().size() == 3);
        RawSocket again = open(OFFENDER, server);
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.connections().size() == 4);
        assertThat(again.closedByPeer()).isFalse();
    }

    @Test
    void connectionsPastTheTotalLimitAreClosedAtAccept() throws Exception {
        RemotingServer server = server(Peers.serverConfig().maxConnectionsPerAddress(3).maxConnections(3));
        RemotingClient client = peers.startedClient();
        assertServes(server, client);
        open(OFFENDER, server);
        open("127.0.0.3", server);
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.connections().size() == 3);

        RawSocket fourth = open("127.0.0.4", server);
        await().atMost(30, TimeUnit.SECONDS).until(fourth::closedByPeer);
        assertThat(server.counters().connectionsRefused()).isEqualTo(1);
        assertThat(linesContaining("(serverConnectionsMax)")).isEqualTo(1);
        assertServes(server, client);
    }

    @Test
    void silentAndHalfWrittenFirstFramesAreClosedAtTheFirstFrameDeadlineAndServedConnectionsStay() throws Exception {
        RemotingServer server = server(Peers.serverConfig().firstFrameTimeoutMillis(300).frameCompleteTimeoutMillis(0));
        RemotingClient client = peers.startedClient();
        assertServes(server, client);

        RawSocket silent = open(OFFENDER, server);
        RawSocket halfWritten = open(OFFENDER, server);
        halfWritten.write(ByteBuffer.allocate(10).putInt(1000).array());
        await().atMost(60, TimeUnit.SECONDS).until(silent::closedByPeer);
        await().atMost(60, TimeUnit.SECONDS).until(halfWritten::closedByPeer);

        assertThat(server.counters().firstFrameTimeouts()).isEqualTo(2);
        assertThat(linesContaining("no complete request within 300 ms of connecting")).isEqualTo(1);
        // The client's connection is older than both closed ones and outlived them: its first frame met the deadline.
        assertThat(server.connections()).hasSize(1);
        assertServes(server, client);
    }

    @Test
    void requestsPastTheLimitInProgressOnOneConnectionAreAnsweredBusyAndOtherConnectionsAreServed() throws Exception {
        RemotingServer server = server(Peers.serverConfig().maxRequestsInFlightPerConnection(2));
        RemotingClient pipelining = peers.startedClient();
        Connection connection = pipelining.connect(Peers.address(server));
        List<CompletableFuture<RemotingCommand>> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            held.add(connection.invokeAsync(RemotingCommand.request(HELD), 120_000));
        }
        for (CompletableFuture<RemotingCommand> refused : held.subList(2, 6)) {
            RemotingCommand answer = refused.get(60, TimeUnit.SECONDS);
            assertThat(answer.code()).isEqualTo(Peers.SYSTEM_BUSY);
            assertThat(answer.remark()).contains("too many requests in progress on this connection");
        }
        assertThat(server.counters().requestsInFlightRefusals()).isEqualTo(4);
        assertThat(linesContaining("(serverRequestsInFlightPerConnectionMax)")).isEqualTo(1);
        assertServes(server, peers.startedClient());

        release.countDown();
        for (CompletableFuture<RemotingCommand> admitted : held.subList(0, 2)) {
            assertThat(admitted.get(60, TimeUnit.SECONDS).code()).isEqualTo(Peers.SUCCESS);
        }
        // Answered requests give their places back.
        assertThat(connection.invokeAsync(RemotingCommand.request(HELD), 60_000).get(60, TimeUnit.SECONDS).code())
                .isEqualTo(Peers.SUCCESS);
    }

    @Test
    void framesAboveTheSizeLimitCloseTheirConnectionWithOneLinePerAddress() throws Exception {
        RemotingServer server = server(Peers.serverConfig().maxFrameLength(64 * 1024));
        RemotingClient client = peers.startedClient();
        for (int i = 0; i < 5; i++) {
            RawSocket oversized = open(OFFENDER, server);
            oversized.write(ByteBuffer.allocate(8).putInt(64 * 1024 + 1).putInt(0).array());
            await().atMost(30, TimeUnit.SECONDS).until(oversized::closedByPeer);
        }
        assertThat(server.counters().oversizedFrames()).isEqualTo(5);
        assertThat(server.counters().malformedFrames()).isEqualTo(5);
        assertThat(linesContaining("(frameMaxLength)")).isEqualTo(1);
        RemotingCommand big = client.invokeSync(Peers.address(server),
                RemotingCommand.request(Peers.ECHO).body(new byte[32 * 1024]), 30_000);
        assertThat(big.code()).isEqualTo(Peers.SUCCESS);
    }
}
