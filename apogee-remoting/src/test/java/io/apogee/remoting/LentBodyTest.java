package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.processor.InPlaceExecutor;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static io.apogee.remoting.Peers.ECHO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's body is lent to a processor that runs on the I/O thread, straight from the bytes read, and is the
 * processor's own wherever it could outlive that memory: on a pool thread, or kept after the processor returns.
 * Many frames are in flight at once, so the bytes read hold several frames and are reused as reading goes on;
 * every body must still come back exactly as sent. The leak check (PARANOID, after the class) fails a loan
 * whose slice is not released.
 */
class LentBodyTest {

    private static final int REQUESTS = 2_000;

    private final Peers peers = new Peers();
    private String address;

    @AfterEach
    void stop() {
        peers.close();
    }

    @Test
    void aProcessorOnTheIoThreadReadsTheBodyWhereItWasRead() throws Exception {
        assertEveryBodyLent(new InPlaceExecutor(BoundedExecutor.create("pooled", 1, 10), () -> true), true);
    }

    @Test
    void aProcessorOnAPoolGetsABodyOfItsOwn() throws Exception {
        assertEveryBodyLent(new InPlaceExecutor(BoundedExecutor.create("pooled", 2, REQUESTS), () -> false), false);
    }

    /** Sends the requests to a processor on {@code executor}; each must find its body lent or not, as said. */
    private void assertEveryBodyLent(InPlaceExecutor executor, boolean lent) throws Exception {
        Queue<Boolean> seen = new ConcurrentLinkedQueue<>();
        RemotingClient client = clientOf(serverWith((context, request) -> {
            seen.add(request.isBodyLent());
            return echoFromBuffer(request);
        }, executor));

        sendAndCheckEchoes(client);

        assertThat(seen).hasSize(REQUESTS).containsOnly(lent);
    }

    @Test
    void aRequestKeptAfterItsProcessorReturnedKeepsItsBody() throws Exception {
        Queue<RemotingCommand> kept = new ConcurrentLinkedQueue<>();
        RemotingClient client = clientOf(serverWith((context, request) -> {
            kept.add(request);
            return echoFromBuffer(request);
        }, new InPlaceExecutor(BoundedExecutor.create("pooled", 1, 10), () -> true)));

        sendAndCheckEchoes(client);

        assertThat(kept).hasSize(REQUESTS);
        for (RemotingCommand request : kept) {
            assertThat(request.isBodyLent()).isFalse();
            assertThat(request.body()).isEqualTo(bodyOf(Integer.parseInt(request.extField("n"))));
        }
    }

    private RemotingServer serverWith(RequestProcessor processor, InPlaceExecutor executor) {
        RemotingServer server = peers.server(Peers.serverConfig());
        server.registerProcessor(ECHO, processor, executor);
        server.start();
        return server;
    }

    private RemotingClient clientOf(RemotingServer server) {
        this.address = Peers.address(server);
        return peers.startedClient();
    }

    /** Sends every request before waiting for any answer, so frames arrive many to a read. */
    private void sendAndCheckEchoes(RemotingClient client) throws Exception {
        List<CompletableFuture<RemotingCommand>> answers = new ArrayList<>();
        for (int n = 0; n < REQUESTS; n++) {
            answers.add(client.invokeAsync(address,
                    RemotingCommand.request(ECHO).putExtField("n", Integer.toString(n)).body(bodyOf(n)), 10_000));
        }
        for (int n = 0; n < REQUESTS; n++) {
            RemotingCommand answer = answers.get(n).get(10, TimeUnit.SECONDS);
            assertThat(answer.code()).isEqualTo(Peers.SUCCESS);
            assertThat(answer.body()).as("echo of request %d", n).isEqualTo(bodyOf(n));
        }
    }

    /** Answers with a copy of the body read through {@link RemotingCommand#bodyBuffer()}, which never copies. */
    private static RemotingCommand echoFromBuffer(RemotingCommand request) {
        ByteBuffer view = request.bodyBuffer();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        assertThat(request.bodyLength()).isEqualTo(copy.length);
        return RemotingCommand.responseTo(request, Peers.SUCCESS, null).body(copy);
    }

    /** A body of 100 to 2,099 bytes that differs from every other request's. */
    private static byte[] bodyOf(int n) {
        byte[] body = new byte[100 + n % 2_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (n * 31 + i);
        }
        return body;
    }
}
