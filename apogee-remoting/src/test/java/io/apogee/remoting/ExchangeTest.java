package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.codec.BufferBodyCommand;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.server.RemotingServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.apogee.remoting.Peers.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Requests and responses between an Apogee client and server: matching, timeouts, failures, bodies. */
class ExchangeTest {

    private static final int HELD = 2001;
    private static final int THROWS = 2002;
    private static final int ZERO_COPY = 2003;

    private final Peers peers = new Peers();
    private final BlockingQueue<RequestContext> held = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        peers.close();
    }

    /** A server whose HELD processor answers nothing at once and leaves the context to the test. */
    private RemotingServer server() {
        RemotingServer server = peers.server(Peers.serverConfig().shutdownGraceMillis(100));
        server.registerProcessor(HELD, (context, request) -> {
            held.add(context);
            return null;
        }, BoundedExecutor.create("held", 1, 1000));
        server.registerProcessor(THROWS, (context, request) -> {
            throw new IllegalStateException("disk on fire");
        }, BoundedExecutor.create("throws", 1, 10));
        server.start();
        return server;
    }

    @Test
    void responsesArrivingOutOfOrderReachTheirOwnRequests() throws Exception {
        RemotingServer server = server();
        RemotingClient client = peers.startedClient();
        int count = 20;
        List<CompletableFuture<RemotingCommand>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(client.invokeAsync(Peers.address(server),
                    RemotingCommand.request(HELD).putExtField("n", String.valueOf(i)), 10_000));
        }
        List<RequestContext> contexts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            contexts.add(held.poll(5, TimeUnit.SECONDS));
        }
        // Answer from another thread, last request first.
        Thread answering = new Thread(() -> {
            for (int i = count - 1; i >= 0; i--) {
                RequestContext context = contexts.get(i);
                context.respond(RemotingCommand.responseTo(context.request(), SUCCESS, null)
                        .body(context.request().extField("n").getBytes(StandardCharsets.UTF_8)));
            }
        });
        answering.start();

        for (int i = 0; i < count; i++) {
            RemotingCommand response = futures.get(i).get(5, TimeUnit.SECONDS);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(String.valueOf(i));
        }
        answering.join();
    }

    @Test
    void syncInvokeTimesOutWhenNoResponseComes() throws Exception {
        RemotingServer server = server();
        RemotingClient client = peers.startedClient();
        Connection connection = client.connect(Peers.address(server));

        assertThatThrownBy(() -> connection.invokeSync(RemotingCommand.request(HELD), 200))
                .isInstanceOf(RemotingTimeoutException.class)
                .hasMessageContaining("200 ms");
        assertThat(connection.pendingRequests()).isZero();
        assertThat(client.counters().requestTimeouts()).isEqualTo(1);
    }

    @Test
    void lateResponseAfterTimeoutIsDropped() throws Exception {
        RemotingServer server = server();
        RemotingClient client = peers.startedClient();
        Connection connection = client.connect(Peers.address(server));
        assertThatThrownBy(() -> connection.invokeSync(RemotingCommand.request(HELD), 100))
                .isInstanceOf(RemotingTimeoutException.class);

        RequestContext late = held.poll(5, TimeUnit.SECONDS);
        late.respond(RemotingCommand.responseTo(late.request(), SUCCESS, null));

        RemotingCommand next = client.invokeSync(Peers.address(server), RemotingCommand.request(Peers.ECHO + 7), 3000);
        assertThat(next.code()).isEqualTo(Peers.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(next.opaque()).isNotEqualTo(late.request().opaque());
    }

    @Test
    void asyncCallbacksSeeResponsesAndFailures() throws Exception {
        RemotingServer server = server();
        RemotingClient client = peers.startedClient();
        CompletableFuture<String> seen = new CompletableFuture<>();

        client.invokeAsync(Peers.address(server), RemotingCommand.request(HELD), 150)
                .whenComplete((response, failure) -> seen.complete(failure == null ? "response"
                        : Connection.unwrap(failure).getClass().getSimpleName()));

        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("RemotingTimeoutException");

        held.poll(5, TimeUnit.SECONDS);
        CompletableFuture<RemotingCommand> answered = client.invokeAsync(Peers.address(server),
                RemotingCommand.request(HELD), 5000);
        CompletableFuture<String> remark = answered.thenApply(RemotingCommand::remark);
        RequestContext context = held.poll(5, TimeUnit.SECONDS);
        assertThat(answered).isNotDone();

        context.respond(RemotingCommand.responseTo(context.request(), SUCCESS, "answered later"));

        assertThat(remark.get(5, TimeUnit.SECONDS)).isEqualTo("answered later");
    }

    @Test
    void processorFailureIsAnsweredSystemErrorWithItsMessage() throws Exception {
        RemotingServer server = server();
        RemotingClient client = peers.startedClient();

        RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(THROWS), 3000);

        assertThat(response.code()).isEqualTo(Peers.SYSTEM_ERROR);
        assertThat(response.remark()).isEqualTo("disk on fire");
        assertThat(server.counters().processorFailures()).isEqualTo(1);
    }

    @Test
    void pendingRequestsFailAtOnceWhenThePeerCloses() throws Exception {
        RemotingServer server = server();
        RemotingClient client = peers.startedClient();
        CompletableFuture<RemotingCommand> pending = client.invokeAsync(Peers.address(server),
                RemotingCommand.request(HELD), 60_000);
        RequestContext context = held.poll(5, TimeUnit.SECONDS);

        context.connection().close();

        // Far sooner than the 60 s timeout.
        await().atMost(5, TimeUnit.SECONDS).until(pending::isDone);
        assertThatThrownBy(pending::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RemotingClosedException.class);
    }

    @Test
    void clientReconnectsOnDemandAfterTheConnectionCloses() throws Exception {
        RemotingServer server = peers.echoServer();
        RemotingClient client = peers.startedClient();
        Connection first = client.connect(Peers.address(server));
        assertThat(client.invokeSync(Peers.address(server), RemotingCommand.request(Peers.ECHO), 3000).code())
                .isEqualTo(SUCCESS);
        assertThat(client.connect(Peers.address(server))).isSameAs(first);

        server.connections().forEach(Connection::close);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !first.isActive());

        assertThat(client.invokeSync(Peers.address(server), RemotingCommand.request(Peers.ECHO), 3000).code())
                .isEqualTo(SUCCESS);
        assertThat(client.connect(Peers.address(server))).isNotSameAs(first);
    }

    @Test
    void requestsIssuedWhileTheConnectionOpensGoOutInTheOrderIssued() throws Exception {
        RemotingServer server = server();
        RemotingClient client = peers.startedClient();
        List<CompletableFuture<RemotingCommand>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            responses.add(client.invokeAsync(Peers.address(server),
                    RemotingCommand.request(HELD).body(Integer.toString(i).getBytes(StandardCharsets.UTF_8)), 30_000));
        }
        // The held processor has one thread, so it sees the requests in the order they arrived.
        List<String> arrived = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RequestContext context = held.poll(30, TimeUnit.SECONDS);
            assertThat(context).as("request %d arrived", i).isNotNull();
            arrived.add(new String(context.request().body(), StandardCharsets.UTF_8));
            context.respond(RemotingCommand.responseTo(context.request(), SUCCESS, null));
        }
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            issued.add(Integer.toString(i));
        }
        assertThat(arrived).isEqualTo(issued);
        for (CompletableFuture<RemotingCommand> response : responses) {
            assertThat(response.get(30, TimeUnit.SECONDS).code()).isEqualTo(SUCCESS);
        }
    }

    @Test
    void requestsWaitingForAConnectionThatCannotOpenAllFail() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RemotingClient client = peers.startedClient();
        List<CompletableFuture<RemotingCommand>> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            responses.add(client.invokeAsync("127.0.0.1:" + closedPort, RemotingCommand.request(HELD), 30_000));
        }
        for (CompletableFuture<RemotingCommand> response : responses) {
            assertThatThrownBy(() -> response.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RemotingConnectException.class);
        }
    }

    @Test
    void clientKeepsOneConnectionPerAddressEvenWhenCalledConcurrently() throws Exception {
        RemotingServer server = peers.echoServer();
        RemotingClient client = peers.startedClient();
        List<CompletableFuture<Connection>> connects = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            CompletableFuture<Connection> connected = new CompletableFuture<>();
            connects.add(connected);
            threads.add(new Thread(() -> connected.complete(client.connectAsync(Peers.address(server)).join())));
        }
        threads.forEach(Thread::start);

        Connection first = connects.get(0).get(5, TimeUnit.SECONDS);
        for (CompletableFuture<Connection> connected : connects) {
            assertThat(connected.get(5, TimeUnit.SECONDS)).isSameAs(first);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> server.connections().size() == 1);
        assertThat(client.connect(Peers.address(server))).isSameAs(first);
    }

    @Test
    void resendingACommandStillWaitingFailsInsteadOfHidingTheFirst() throws Exception {
        RemotingServer server = server();
        RemotingClient client = peers.startedClient();
        Connection connection = client.connect(Peers.address(server));
        RemotingCommand request = RemotingCommand.request(HELD);
        CompletableFuture<RemotingCommand> first = connection.invokeAsync(request, 10_000);

        CompletableFuture<RemotingCommand> again = connection.invokeAsync(request, 10_000);

        assertThatThrownBy(() -> again.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RemotingSendException.class);
        RequestContext context = held.poll(5, TimeUnit.SECONDS);
        context.respond(RemotingCommand.responseTo(context.request(), SUCCESS, "first"));
        assertThat(first.get(5, TimeUnit.SECONDS).remark()).isEqualTo("first");
    }

    @Test
    void syncInvokeOnTheIoThreadIsRefused() throws Exception {
        RemotingServer server = peers.echoServer();
        RemotingClient client = peers.startedClient();
        Connection connection = client.connect(Peers.address(server));

        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        connection.channel().eventLoop().execute(() -> {
            try {
                connection.invokeSync(RemotingCommand.request(Peers.ECHO), 1000);
                refused.complete(null);
            } catch (Exception | Error e) {
                refused.complete(e);
            }
        });

        assertThat(refused.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void connectingToAClosedPortFailsWithConnectException() {
        RemotingServer server = peers.echoServer();
        String address = Peers.address(server);
        server.shutdown();
        RemotingClient client = peers.startedClient();

        assertThatThrownBy(() -> client.invokeSync(address, RemotingCommand.request(Peers.ECHO), 3000))
                .isInstanceOf(RemotingConnectException.class);
    }

    @Test
    void malformedAddressFailsWithConnectExceptionSyncAndAsync() {
        RemotingClient client = peers.startedClient();

        assertThatThrownBy(() -> client.invokeSync("no-port-here", RemotingCommand.request(Peers.ECHO), 3000))
                .isInstanceOf(RemotingConnectException.class).hasMessageContaining("no-port-here");
        assertThatThrownBy(() -> client.invokeAsync("no-port-here", RemotingCommand.request(Peers.ECHO), 3000).get())
                .hasCauseInstanceOf(RemotingConnectException.class);
    }

    @Test
    void bufferBodyIsSentWithoutCopyAndReleasedAfterwards() throws Exception {
        AtomicReference<ByteBuf> sent = new AtomicReference<>();
        RemotingServer server = peers.server(Peers.serverConfig());
        server.registerProcessor(ZERO_COPY, (context, request) -> {
            ByteBuf first = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes("mapped-".getBytes(StandardCharsets.UTF_8));
            ByteBuf second = Unpooled.wrappedBuffer("slices".getBytes(StandardCharsets.UTF_8));
            ByteBuf body = Unpooled.wrappedBuffer(first, second);
            sent.set(body);
            context.respond(new BufferBodyCommand(RemotingCommand.responseTo(request, SUCCESS, null)
                    .putExtField("kind", "pull"), body));
            return null;
        }, BoundedExecutor.create("zc", 1, 10));
        server.start();
        RemotingClient client = peers.startedClient();

        RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(ZERO_COPY), 3000);

        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("mapped-slices");
        assertThat(response.extField("kind")).isEqualTo("pull");
        await().atMost(5, TimeUnit.SECONDS).until(() -> sent.get().refCnt() == 0);
    }

    @Test
    void bufferBodyForAClosedConnectionIsReleased() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<ByteBuf> sent = new AtomicReference<>();
        RemotingServer server = peers.server(Peers.serverConfig());
        server.registerProcessor(ZERO_COPY, (context, request) -> {
            context.connection().close().syncUninterruptibly();
            ByteBuf body = PooledByteBufAllocator.DEFAULT.directBuffer().writeLong(42);
            sent.set(body);
            context.respond(new BufferBodyCommand(RemotingCommand.responseTo(request, SUCCESS, null), body));
            closed.countDown();
            return null;
        }, BoundedExecutor.create("zc", 1, 10));
        server.start();
        RemotingClient client = peers.startedClient();

        assertThatThrownBy(() -> client.invokeSync(Peers.address(server), RemotingCommand.request(ZERO_COPY), 3000))
                .isInstanceOf(RemotingClosedException.class);
        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> sent.get().refCnt() == 0);
    }
}
