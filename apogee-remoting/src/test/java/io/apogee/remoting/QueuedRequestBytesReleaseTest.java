package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bytes counted for a request come back exactly once on every path: the processor answers, throws an
 * exception or an error, the executor rejects the request, or the connection closes while it waits. A
 * leak would refuse later requests for ever; a double release would let the bound be overrun. Each case
 * ends with the count at exactly zero and a request as large as the per-connection bound admitted again.
 */
class QueuedRequestBytesReleaseTest {

    private static final int STALLED = 7101;
    private static final int THROWS = 7102;
    private static final int ERROR = 7103;
    private static final int KIB = 1024;
    private static final int PER_CONNECTION = 64 * KIB;

    private final Peers peers = new Peers();
    private final CountDownLatch unstall = new CountDownLatch(1);
    private final CountDownLatch stalledStarted = new CountDownLatch(1);
    private RemotingServer server;

    @BeforeEach
    void start() {
        server = peers.server(Peers.serverConfig()
                .serverQueuedRequestBytesMax(4L * PER_CONNECTION).serverQueuedRequestBytesPerConnectionMax(PER_CONNECTION));
        server.registerProcessor(STALLED, (context, request) -> {
            stalledStarted.countDown();
            unstall.await();
            return RemotingCommand.responseTo(request, Peers.SUCCESS, null);
        }, BoundedExecutor.create("stalled", 1, 1));
        server.registerProcessor(THROWS, (context, request) -> {
            throw new IllegalStateException("disk on fire");
        }, BoundedExecutor.create("throws", 1, 100));
        server.registerProcessor(ERROR, (context, request) -> {
            throw new AssertionError("a bug");
        }, BoundedExecutor.create("error", 1, 100));
        server.registerProcessor(Peers.ECHO, (context, request) -> Peers.echo(request),
                BoundedExecutor.create("echo", 1, 100));
        server.start();
    }

    @AfterEach
    void stop() {
        unstall.countDown();
        peers.close();
    }

    @Test
    void anAnsweredRequestGivesItsBytesBack() throws Exception {
        RemotingClient client = peers.startedClient();
        for (int i = 0; i < 5; i++) {
            assertThat(invoke(client, Peers.ECHO, PER_CONNECTION).code()).isEqualTo(Peers.SUCCESS);
        }
        assertReleasedAndAdmitsAgain(client);
    }

    @Test
    void aProcessorExceptionOrErrorGivesItsBytesBack() throws Exception {
        RemotingClient client = peers.startedClient();
        for (int i = 0; i < 3; i++) {
            assertThat(invoke(client, THROWS, PER_CONNECTION).code()).isEqualTo(Peers.SYSTEM_ERROR);
            assertThat(invoke(client, ERROR, PER_CONNECTION).code()).isEqualTo(Peers.SYSTEM_ERROR);
        }
        assertReleasedAndAdmitsAgain(client);
    }

    @Test
    void aRequestTheExecutorRejectsGivesItsBytesBack() throws Exception {
        RemotingClient client = peers.startedClient();
        Connection connection = client.connect(Peers.address(server));
        CompletableFuture<RemotingCommand> running = connection.invokeAsync(request(STALLED, 10 * KIB), 120_000);
        assertThat(stalledStarted.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<RemotingCommand> queued = connection.invokeAsync(request(STALLED, 10 * KIB), 120_000);
        // The executor's one thread runs the first request and its queue of one holds the second.
        for (int i = 0; i < 3; i++) {
            RemotingCommand rejected = connection.invokeSync(request(STALLED, 10 * KIB), 60_000);
            assertThat(rejected.code()).isEqualTo(Peers.SYSTEM_BUSY);
            assertThat(rejected.remark()).contains("too many requests of code");
        }
        assertThat(server.queuedRequestBytes()).as("only the running and the queued request count")
                .isEqualTo(20L * KIB);

        unstall.countDown();
        assertThat(running.get(60, TimeUnit.SECONDS).code()).isEqualTo(Peers.SUCCESS);
        assertThat(queued.get(60, TimeUnit.SECONDS).code()).isEqualTo(Peers.SUCCESS);
        assertReleasedAndAdmitsAgain(client);
    }

    @Test
    void aRequestWhoseConnectionClosedWhileItWaitedGivesItsBytesBack() throws Exception {
        RemotingClient leaving = peers.startedClient();
        Connection connection = leaving.connect(Peers.address(server));
        connection.invokeAsync(request(STALLED, 10 * KIB), 120_000);
        assertThat(stalledStarted.await(60, TimeUnit.SECONDS)).isTrue();
        connection.invokeAsync(request(STALLED, 10 * KIB), 120_000);
        await().atMost(60, TimeUnit.SECONDS).until(() -> server.queuedRequestBytes() == 20L * KIB);

        leaving.shutdown();
        await().atMost(60, TimeUnit.SECONDS).until(() -> server.connections().isEmpty());
        assertThat(server.queuedRequestBytes()).as("still held by the processor and its queue")
                .isEqualTo(20L * KIB);
        unstall.countDown();
        assertReleasedAndAdmitsAgain(peers.startedClient());
    }

    /** The count is back at zero (not below) and a request of the whole per-connection bound fits. */
    private void assertReleasedAndAdmitsAgain(RemotingClient client) throws Exception {
        // A double release would go below zero and let later requests in past a full bound.
        awaitNoBytesCounted();
        assertThat(server.queuedRequestBytes()).isZero();
        RemotingCommand echo = invoke(client, Peers.ECHO, PER_CONNECTION);
        assertThat(echo.code()).isEqualTo(Peers.SUCCESS);
        awaitNoBytesCounted();
        assertThat(server.queuedRequestBytes()).isZero();
    }

    private void awaitNoBytesCounted() {
        // The processor thread that threw an Error dies of it, as intended; that is not this test's failure.
        await().dontCatchUncaughtExceptions().atMost(60, TimeUnit.SECONDS)
                .until(() -> server.queuedRequestBytes() <= 0);
    }

    private RemotingCommand invoke(RemotingClient client, int code, int bodyBytes) throws Exception {
        return client.invokeSync(Peers.address(server), request(code, bodyBytes), 60_000);
    }

    private static RemotingCommand request(int code, int bodyBytes) {
        return RemotingCommand.request(code).body(new byte[bodyBytes]);
    }
}
