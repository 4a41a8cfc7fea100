package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Half-sent frames: bounded in bytes across connections, and bounded in time even when bytes trickle in. */
class PartialFrameBoundsTest {

    private static final int MAX_FRAME = 512 * 1024;
    private static final long BUDGET = 1024 * 1024;

    private final Peers peers = new Peers();

    @AfterEach
    void stop() {
        peers.close();
    }

    private RemotingServer server(long frameCompleteTimeoutMillis) {
        RemotingServer server = peers.server(Peers.serverConfig().maxFrameLength(MAX_FRAME)
                .partialFrameBytesMax(BUDGET).frameCompleteTimeoutMillis(frameCompleteTimeoutMillis)
                .idleTimeMillis(120_000));
        server.registerProcessor(Peers.ECHO, (context, request) -> Peers.echo(request),
                BoundedExecutor.create("echo", 1, 100));
        server.start();
        return server;
    }

    private static byte[] frameStart(int length, int bytesOfIt) {
        ByteBuffer start = ByteBuffer.allocate(4 + bytesOfIt);
        start.putInt(length);
        return start.array();
    }

    private static void assertClosedByServer(RawSocket socket) {
        await().atMost(60, TimeUnit.SECONDS).until(() -> {
            try {
                return socket.input().read() == -1;
            } catch (SocketTimeoutException stillOpen) {
                return false; // nothing came within the read timeout: the server has not closed yet
            } catch (IOException reset) {
                return true; // we wrote after the server closed: the peer answered with a reset
            }
        });
    }

    private static void assertServes(RemotingServer server, RemotingClient client) throws Exception {
        RemotingCommand response = client.invokeSync(Peers.address(server), RemotingCommand.request(Peers.ECHO), 5000);
        assertThat(response.code()).isEqualTo(Peers.SUCCESS);
    }

    @Test
    void halfSentFramesBeyondTheBudgetCloseTheirConnectionAndOthersKeepWorking() throws Exception {
        RemotingServer server = server(0);
        RemotingClient client = peers.startedClient();
        try (RawSocket first = new RawSocket(server.port());
             RawSocket second = new RawSocket(server.port());
             RawSocket third = new RawSocket(server.port())) {
            first.write(frameStart(400 * 1024, 1000));
            second.write(frameStart(400 * 1024, 1000));
            await().atMost(30, TimeUnit.SECONDS).until(() -> server.partialFrames().reserved() >= 800 * 1024);

            third.write(frameStart(400 * 1024, 1000));

            assertClosedByServer(third);
            assertThat(server.partialFrames().reserved()).isLessThanOrEqualTo(BUDGET);
            assertThat(server.counters().malformedFrames()).isEqualTo(1);
            assertServes(server, client);
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.partialFrames().reserved() == 0);
    }

    @Test
    void aFrameDrippedInSlowerThanItsDeadlineClosesTheConnectionBeforeTheIdleTime() throws Exception {
        RemotingServer server = server(500);
        RemotingClient client = peers.startedClient();
        try (RawSocket drip = new RawSocket(server.port())) {
            drip.write(frameStart(1000, 0));
            // One byte every 100 ms for 3 s: never idle (idle time is 120 s), never complete.
            for (int i = 0; i < 30; i++) {
                try {
                    drip.write(new byte[] {1});
                } catch (IOException closedAlready) {
                    break;
                }
                Thread.sleep(100);
            }
            assertClosedByServer(drip);
            assertThat(server.counters().malformedFrames()).isEqualTo(1);
            assertServes(server, client);
        }
    }
}
