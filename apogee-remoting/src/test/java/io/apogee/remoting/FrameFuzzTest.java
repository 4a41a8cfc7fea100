package io.apogee.remoting;

import io.apogee.protocol.command.LanguageCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.command.SerializeType;
import io.apogee.remoting.codec.FrameEncoder;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.apogee.remoting.Peers.ECHO;
import static io.apogee.remoting.Peers.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Throws random bytes and mutated valid frames at a live server over many connections, then checks
 * that the server still answers, closed every connection, and holds no more heap, direct memory or
 * threads than before.
 */
class FrameFuzzTest {

    private static final int MAX_FRAME = 1 << 20;
    private static final int CONNECTIONS = 600;
    private static final int SENDERS = 8;
    private static final long MIB = 1024 * 1024;

    private final Peers peers = new Peers();
    private ExecutorService senders;

    @AfterEach
    void stop() {
        if (senders != null) {
            senders.shutdownNow();
        }
        peers.close();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void garbageNeitherStopsTheServerNorLeaksMemoryOrThreads() throws Exception {
        long seed = System.nanoTime();
        RemotingServer server = peers.server(Peers.serverConfig().maxFrameLength(MAX_FRAME));
        server.registerProcessor(ECHO, (context, request) -> Peers.echo(request), BoundedExecutor.create("echo", 2, 10_000));
        server.start();
        senders = Executors.newFixedThreadPool(SENDERS);

        // A first round warms up pools, caches and threads, so the second must leave no trace.
        barrage(server.port(), seed, CONNECTIONS / 4);
        awaitAllClosed(server);
        Snapshot before = Snapshot.take();

        barrage(server.port(), seed + 1, CONNECTIONS);
        awaitAllClosed(server);
        Snapshot after = Snapshot.take();

        RemotingCommand response = peers.startedClient().invokeSync(Peers.address(server),
                RemotingCommand.request(ECHO).body(new byte[]{42}), 3000);
        assertThat(response.code()).as("seed %d", seed).isEqualTo(SUCCESS);
        assertThat(response.body()).containsExactly(42);
        assertThat(after.heap - before.heap).as("heap growth, seed %d", seed).isLessThan(32 * MIB);
        assertThat(after.direct - before.direct).as("direct memory growth, seed %d", seed).isLessThanOrEqualTo(8 * MIB);
        assertThat(after.pooledDirect - before.pooledDirect).as("pooled direct growth, seed %d", seed)
                .isLessThanOrEqualTo(8 * MIB);
        assertThat(after.threads).as("threads, seed %d", seed).isLessThanOrEqualTo(before.threads + 2);
    }

    private static void awaitAllClosed(RemotingServer server) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.connections().isEmpty());
    }

    private void barrage(int port, long seed, int connections) throws Exception {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Random random = new Random(seed * 31 + i);
            sent.add(senders.submit(() -> {
                byte[] payload = payload(random);
                try (RawSocket raw = new RawSocket(port)) {
                    raw.write(payload).shutdownOutput().readUntilClosed();
                } catch (IOException e) {
                    // A reset while writing garbage is an acceptable way for the server to refuse it.
                }
                return null;
            }));
        }
        for (Future<?> future : sent) {
            future.get(30, TimeUnit.SECONDS);
        }
    }

    /** One connection's worth of input: valid frames, mutated frames or noise. */
    static byte[] payload(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> noise(random);
            case 1 -> flipBits(validFrames(random, 1 + random.nextInt(3)), random);
            case 2 -> truncate(validFrames(random, 1 + random.nextInt(3)), random);
            case 3 -> corruptLength(validFrame(random), random);
            case 4 -> concat(validFrames(random, 1 + random.nextInt(3)), noise(random));
            default -> validFrames(random, 1 + random.nextInt(4));
        };
    }

    private static byte[] noise(Random random) {
        byte[] bytes = new byte[random.nextInt(4096)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] validFrames(Random random, int count) {
        byte[] all = new byte[0];
        for (int i = 0; i < count; i++) {
            all = concat(all, validFrame(random));
        }
        return all;
    }

    private static byte[] validFrame(Random random) {
        RemotingCommand command = RemotingCommand.request(random.nextInt(4) == 0 ? random.nextInt(500) : ECHO)
                .serializeType(random.nextBoolean() ? SerializeType.JSON : SerializeType.ROCKETMQ)
                .language(LanguageCode.values()[random.nextInt(LanguageCode.values().length)]);
        for (int i = random.nextInt(5); i > 0; i--) {
            command.putExtField("k" + random.nextInt(100), Long.toString(random.nextLong()));
        }
        if (random.nextBoolean()) {
            command.remark("remark " + random.nextInt());
        }
        if (random.nextBoolean()) {
            byte[] body = new byte[random.nextInt(2048)];
            random.nextBytes(body);
            command.body(body);
        }
        if (random.nextInt(8) == 0) {
            command.markOneway();
        }
        ByteBuf frame = FrameEncoder.encode(UnpooledByteBufAllocator.DEFAULT, command);
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }

    private static byte[] flipBits(byte[] bytes, Random random) {
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    private static byte[] truncate(byte[] bytes, Random random) {
        return Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }

    private static byte[] corruptLength(byte[] frame, Random random) {
        int length = ByteBuffer.wrap(frame).getInt();
        int corrupted = switch (random.nextInt(5)) {
            case 0 -> -1 - random.nextInt(Integer.MAX_VALUE);
            case 1 -> random.nextInt(4);
            case 2 -> MAX_FRAME + 1 + random.nextInt(Integer.MAX_VALUE - MAX_FRAME - 1);
            case 3 -> length + 1 + random.nextInt(64);
            default -> Math.max(4, length - 1 - random.nextInt(64));
        };
        ByteBuffer.wrap(frame).putInt(corrupted);
        return frame;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Memory and threads after a full collection. */
    private record Snapshot(long heap, long direct, long pooledDirect, int threads) {

        static Snapshot take() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50); // gives reference processing a moment; not a wait for a condition
            }
            return new Snapshot(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    PlatformDependent.usedDirectMemory(),
                    PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(),
                    ManagementFactory.getThreadMXBean().getThreadCount());
        }
    }
}
