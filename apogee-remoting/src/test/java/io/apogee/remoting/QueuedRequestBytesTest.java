package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Pipelined large requests: bounded in bytes, answered SYSTEM_BUSY past the bound, others keep working. */
class QueuedRequestBytesTest {

    private static final int STALLED = 7001;
    private static final int MIB = 1024 * 1024;

    private final Peers peers = new Peers();
    private final CountDownLatch unstall = new CountDownLatch(1);

    @AfterEach
    void stop() {
        unstall.countDown();
        peers.close();
    }

    @Test
    void pipelinedMegabyteSendsPastTheByteBoundAreAnsweredSystemBusy() throws Exception {
        RemotingServer server = peers.server(Peers.serverConfig()
                .serverQueuedRequestBytesMax(8L * MIB).serverQueuedRequestBytesPerConnectionMax(4L * MIB));
        server.registerProcessor(STALLED, (context, request) -> {
            unstall.await();
            return RemotingCommand.responseTo(request, Peers.SUCCESS, null);
        }, BoundedExecutor.create("stalled", 1, 10_000));
        server.registerProcessor(Peers.ECHO, (context, request) -> Peers.echo(request),
                BoundedExecutor.create("echo", 1, 100));
        server.start();
        RemotingClient flooder = peers.startedClient();

        List<CompletableFuture<RemotingCommand>> sends = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sends.add(flooder.invokeAsync(Peers.address(server),
                    RemotingCommand.request(STALLED).body(new byte[MIB]), 60_000));
        }
        long busy = 0;
        for (CompletableFuture<RemotingCommand> send : sends.subList(10, sends.size())) {
            assertThat(send.get(30, TimeUnit.SECONDS).code()).isEqualTo(Peers.SYSTEM_BUSY);
            busy++;
        }
        assertThat(busy).isEqualTo(30);
        assertThat(server.queuedRequestBytes()).isLessThanOrEqualTo(4L * MIB);

        RemotingClient legitimate = peers.startedClient();
        RemotingCommand echo = legitimate.invokeSync(Peers.address(server), RemotingCommand.request(Peers.ECHO), 5000);
        assertThat(echo.code()).isEqualTo(Peers.SUCCESS);

        unstall.countDown();
        long answered = 0;
        for (CompletableFuture<RemotingCommand> send : sends.subList(0, 10)) {
            int code = send.get(30, TimeUnit.SECONDS).code();
            assertThat(code).isIn(Peers.SUCCESS, Peers.SYSTEM_BUSY);
            answered += code == Peers.SUCCESS ? 1 : 0;
        }
        assertThat(answered).as("the first requests within the bound are served").isGreaterThanOrEqualTo(4);
    }
}
