package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.apogee.remoting.codec.FrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.remoting.Peers.SUCCESS;
import static io.apogee.remoting.Peers.SYSTEM_BUSY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Overload is answered at once instead of queued without bound. */
class BackPressureTest {

    private static final int BLOCKING = 3001;

    private final Peers peers = new Peers();

    @AfterEach
    void stop() {
        peers.close();
    }

    @Test
    void fullExecutorQueueIsAnsweredSystemBusyAtOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RemotingServer server = peers.server(Peers.serverConfig());
        // One thread, one queue slot: the first request runs and blocks, the second waits, the third is refused.
        server.registerProcessor(BLOCKING, (context, request) -> {
            entered.countDown();
            release.await();
            return RemotingCommand.responseTo(request, SUCCESS, null);
        }, BoundedExecutor.create("blocking", 1, 1));
        server.start();
        RemotingClient client = peers.startedClient();
        String address = Peers.address(server);

        CompletableFuture<RemotingCommand> running = client.invokeAsync(address, RemotingCommand.request(BLOCKING), 10_000);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<RemotingCommand> queued = client.invokeAsync(address, RemotingCommand.request(BLOCKING), 10_000);
        // One connection is decoded in order, so the second request fills the queue before the third arrives.
        RemotingCommand refused = client.invokeSync(address, RemotingCommand.request(BLOCKING), 5_000);

        assertThat(refused.code()).isEqualTo(SYSTEM_BUSY);
        assertThat(refused.remark()).contains(String.valueOf(BLOCKING));
        assertThat(server.counters().busyRejections()).isEqualTo(1);
        assertThat(running).isNotDone();
        release.countDown();
        assertThat(running.get(5, TimeUnit.SECONDS).code()).isEqualTo(SUCCESS);
        assertThat(queued.get(5, TimeUnit.SECONDS).code()).isEqualTo(SUCCESS);
    }

    @Test
    void serverStopsReadingFromAPeerThatDoesNotReadItsResponses() throws Exception {
        AtomicInteger served = new AtomicInteger();
        // The queued-request byte bounds are raised out of the way: on a slow machine the two echo threads fall
        // behind and those bounds would answer SYSTEM_BUSY, which is not the mechanism under test here.
        RemotingServer server = peers.server(Peers.serverConfig()
                .writeBufferLowWaterMark(64 * 1024).writeBufferHighWaterMark(256 * 1024)
                .serverQueuedRequestBytesMax(1L << 30).serverQueuedRequestBytesPerConnectionMax(1L << 30));
        server.registerProcessor(Peers.ECHO, (context, request) -> {
            served.incrementAndGet();
            return Peers.echo(request);
        }, BoundedExecutor.create("echo", 2, 100_000));
        server.start();
        int total = 1000;
        ByteBuf encoded = FrameEncoder.encode(UnpooledByteBufAllocator.DEFAULT,
                RemotingCommand.request(Peers.ECHO).body(new byte[64 * 1024]));
        byte[] frame = ByteBufUtil.getBytes(encoded);
        encoded.release();

        try (RawSocket raw = new RawSocket(server.port())) {
            // 64 MiB of responses if the server kept reading; the writer blocks once it stops.
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        raw.write(frame);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.start();
            await().atMost(10, TimeUnit.SECONDS).until(() ->
                    server.connections().stream().anyMatch(c -> !c.channel().config().isAutoRead()));
            assertThat(served.get()).isLessThan(total);

            DataInputStream responses = new DataInputStream(raw.input());
            for (int i = 0; i < total; i++) {
                responses.skipNBytes(responses.readInt());
            }
            writer.join(10_000);
        }
        assertThat(served.get()).isEqualTo(total);
    }

    @Test
    void onewayRequestsInFlightAreBounded() throws Exception {
        // A peer that accepts and never reads: writes stall once the socket buffers are full.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (Exception e) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RemotingClient client = peers.client(new ClientConfig().onewayPermits(2));
            client.start();
            Connection connection = client.connect("127.0.0.1:" + silent.getLocalPort());
            byte[] big = new byte[15 * 1024 * 1024];

            assertThatThrownBy(() -> {
                for (int i = 0; i < 10; i++) {
                    connection.invokeOneway(RemotingCommand.request(BLOCKING).body(big), 200);
                }
            }).isInstanceOf(RemotingTooManyRequestsException.class).hasMessageContaining("oneway");
            acceptor.interrupt();
        }
    }
}
