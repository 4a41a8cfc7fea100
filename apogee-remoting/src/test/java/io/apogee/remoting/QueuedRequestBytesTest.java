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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pipelined large requests, bounded in bytes per connection and in total: past its own bound a connection's
 * reads pause until its requests are done, so the client waits instead of failing; past the total bound a
 * request is answered SYSTEM_BUSY; another connection keeps working either way.
 *
 * <p>The one processor thread stalls until the test lets it go, and a request's bytes count until its
 * processor returns, so nothing is released during the flood: which requests are admitted does not depend on
 * how fast any thread runs, only on the order of one connection's frames, which each flooder writes on a
 * connection it opened first.
 */
class QueuedRequestBytesTest {

    private static final int STALLED = 7001;
    private static final int MIB = 1024 * 1024;
    private static final int PER_CONNECTION = 4 * MIB;
    /** Room for the first flooder's 4 MiB, 2 of the second's, and the legitimate client's small request. */
    private static final long TOTAL = 6L * MIB + MIB / 2;

    private final Peers peers = new Peers();
    private final CountDownLatch unstall = new CountDownLatch(1);
    private final Logger dispatcherLog = (Logger) LoggerFactory.getLogger(RequestDispatcher.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        dispatcherLog.addAppender(lines);
    }

    @AfterEach
    void stop() {
        dispatcherLog.detachAppender(lines);
        unstall.countDown();
        peers.close();
    }

    @Test
    void aConnectionPastItsOwnBoundIsPausedAndEveryRequestIsServedOnceItsRequestsAreDone() throws Exception {
        RemotingServer server = stalledServer(64L * MIB, PER_CONNECTION);

        List<CompletableFuture<RemotingCommand>> flood = pipeline(peers.startedClient(), server, 12);
        // Four fit; the fifth passes the bound, is admitted, and pauses the reads. A paused connection's read
        // loop ends after its current read, which can complete no further 1 MiB frame.
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.queuedRequestBytes() >= 5L * MIB);
        assertThat(server.counters().readPauses()).isEqualTo(1);
        Thread.sleep(500);
        assertThat(server.queuedRequestBytes()).as("nothing more is read while paused").isLessThanOrEqualTo(6L * MIB);
        assertThat(flood).as("no request is refused").noneMatch(CompletableFuture::isDone);
        assertThat(lines.list.stream().map(ILoggingEvent::getFormattedMessage))
                .anyMatch(line -> line.startsWith("pausing reads from "));

        echoOnAnotherConnection(server);

        unstall.countDown();
        for (CompletableFuture<RemotingCommand> send : flood) {
            assertThat(send.get(60, TimeUnit.SECONDS).code()).isEqualTo(Peers.SUCCESS);
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.queuedRequestBytes() == 0);
        assertThat(server.counters().busyRejections()).isZero();
    }

    @Test
    void pipelinedMegabyteSendsPastTheTotalBoundAreAnsweredSystemBusy() throws Exception {
        RemotingServer server = stalledServer(TOTAL, TOTAL);

        List<CompletableFuture<RemotingCommand>> first = pipeline(peers.startedClient(), server, 4);
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.queuedRequestBytes() == 4L * MIB);
        List<CompletableFuture<RemotingCommand>> second = pipeline(peers.startedClient(), server, 12);
        assertBusy(second.subList(2, 12));
        assertThat(server.queuedRequestBytes()).as("the total bound refused these").isEqualTo(6L * MIB);

        List<String> refusals = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains("does not fit the request bytes")).toList();
        assertThat(refusals).as("10 refusals, logged at most once per interval").isNotEmpty().hasSizeLessThan(10);

        echoOnAnotherConnection(server);
        assertThat(first).as("admitted requests wait for the stalled processor").noneMatch(CompletableFuture::isDone);

        unstall.countDown();
        for (CompletableFuture<RemotingCommand> admitted : concat(first, second.subList(0, 2))) {
            assertThat(admitted.get(30, TimeUnit.SECONDS).code()).isEqualTo(Peers.SUCCESS);
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.queuedRequestBytes() == 0);
    }

    private RemotingServer stalledServer(long total, long perConnection) {
        RemotingServer server = peers.server(Peers.serverConfig()
                .serverQueuedRequestBytesMax(total).serverQueuedRequestBytesPerConnectionMax(perConnection));
        server.registerProcessor(STALLED, (context, request) -> {
            unstall.await();
            return RemotingCommand.responseTo(request, Peers.SUCCESS, null);
        }, BoundedExecutor.create("stalled", 1, 10_000));
        server.registerProcessor(Peers.ECHO, (context, request) -> Peers.echo(request),
                BoundedExecutor.create("echo", 1, 100));
        server.start();
        return server;
    }

    private void echoOnAnotherConnection(RemotingServer server) throws Exception {
        RemotingClient legitimate = peers.startedClient();
        RemotingCommand echo = legitimate.invokeSync(Peers.address(server),
                RemotingCommand.request(Peers.ECHO).body(new byte[64 * 1024]), 30_000);
        assertThat(echo.code()).isEqualTo(Peers.SUCCESS);
        assertThat(echo.body()).hasSize(64 * 1024);
    }

    /**
     * Writes {@code count} 1 MiB requests back to back on one open connection of {@code client}, so they
     * reach the server in this order (requests issued while a connection is still opening wait on its
     * future, and a future runs its waiters in no promised order).
     */
    private static List<CompletableFuture<RemotingCommand>> pipeline(RemotingClient client, RemotingServer server,
                                                                    int count) throws Exception {
        Connection connection = client.connect(Peers.address(server));
        List<CompletableFuture<RemotingCommand>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(connection.invokeAsync(RemotingCommand.request(STALLED).body(new byte[MIB]), 120_000));
        }
        return sends;
    }

    private static void assertBusy(List<CompletableFuture<RemotingCommand>> refused) throws Exception {
        for (CompletableFuture<RemotingCommand> send : refused) {
            RemotingCommand answer = send.get(60, TimeUnit.SECONDS);
            assertThat(answer.code()).isEqualTo(Peers.SYSTEM_BUSY);
            assertThat(answer.remark()).contains("request bytes");
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
