package io.apogee.it;

import io.apogee.broker.RawBrokerConnection;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.remoting.RpcHook;
import io.netty.buffer.PooledByteBufAllocator;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1 MiB sends pipelined on several connections against a real broker: past the per-connection byte bound
 * the broker stops reading each flooding connection, instead of running out of heap, until its sends are
 * done; every send is then served, and a legitimate client (the official producer) on another connection
 * keeps getting SEND_OK throughout. Large frames sent all but their last byte: past the partial-frame budget
 * the connection that does not fit is closed before its bytes are buffered, direct memory stays within the
 * budget's reach, and the producer again keeps working.
 *
 * <p>The broker's send threads are held in a hook while the flood is on, so nothing the flood sent is
 * released until the test lets it go: which sends are admitted depends only on the order of each connection's
 * frames, never on how fast a thread runs. There are more send threads than flood sends admitted, so the
 * legitimate producer's sends still find a thread. Sends run on those threads only, not in place on the I/O
 * threads (where the hook would hold the I/O thread itself).
 */
class MemoryFloodTest {

    private static final int MIB = 1024 * 1024;
    private static final int FLOODERS = 8;
    private static final int SENDS_PER_FLOODER = 10;
    /** Sends within a flooder's bound; the next one is admitted too and pauses its connection's reads. */
    private static final int FIT_PER_FLOODER = 1;
    private static final int ADMITTED_PER_FLOODER = FIT_PER_FLOODER + 1;
    private static final String FLOOD_TOPIC = "SELF_TEST_TOPIC";
    private static final String LEGIT_TOPIC = "LegitimateTopic";

    @TempDir
    Path dir;
    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private final List<Flooder> flooders = new ArrayList<>();
    private final CountDownLatch floodMayGo = new CountDownLatch(1);

    @AfterEach
    void stop() throws IOException {
        floodMayGo.countDown();
        for (Flooder flooder : flooders) {
            flooder.close();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void pipelinedMegabyteSendsPauseTheirConnectionsAndALegitimateProducerKeepsWorking() throws Exception {
        cluster = new LocalCluster(dir, config -> config
                .serverQueuedRequestBytesPerConnectionMax((long) FIT_PER_FLOODER * MIB)
                .sendMessageThreadPoolNums(FLOODERS * ADMITTED_PER_FLOODER + 2)
                .sendMessageOnIoThread(false));
        cluster.broker().addHook(new RpcHook() {
            @Override
            public void beforeRequest(String remoteAddress, RemotingCommand request) {
                if (request.code() == RequestCode.SEND_MESSAGE_V2 && request.body() != null
                        && request.body().length >= MIB) {
                    awaitFloodMayGo();
                }
            }
        });
        producer = OfficialClients.producer(cluster.namesrvAddr(), "LegitimateProducers", "legitimate");
        producer.setSendMsgTimeout(60_000);
        producer.start();
        assertThat(producer.send(legitimateMessage(0)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        for (int f = 0; f < FLOODERS; f++) {
            flooders.add(new Flooder(cluster.broker().localAddress(), f));
        }
        long heapBefore = usedHeapAfterGc();
        for (Flooder flooder : flooders) {
            // Once the broker stops reading a flooder, its blocking writes wait: each writes on its own thread.
            flooder.sendInBackground(SENDS_PER_FLOODER);
        }
        long admitted = (long) FLOODERS * ADMITTED_PER_FLOODER * MIB;
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.broker().queuedRequestBytes() >= admitted);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.broker().remotingCounters().readPauses() >= FLOODERS);
        Thread.sleep(500);
        assertThat(cluster.broker().queuedRequestBytes()).as("what the flood holds: nothing more is read")
                .isEqualTo(admitted);
        for (Flooder flooder : flooders) {
            assertThat(flooder.answers).as("flooder %d: its sends wait, none refused", flooder.number).isEmpty();
        }
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        // The flood sent 8 * 10 MiB; without the bound it would all be waiting in the send queue now. With it,
        // 16 bodies of 1 MiB wait, each taking two 1 MiB regions of a small G1 heap: about 32 MiB.
        assertThat(heapGrowth).as("heap growth during the flood").isLessThan(64L * MIB);

        for (int i = 1; i <= 5; i++) {
            assertThat(producer.send(legitimateMessage(i)).getSendStatus()).as("legitimate send %d during the flood", i)
                    .isEqualTo(SendStatus.SEND_OK);
        }

        floodMayGo.countDown();
        for (Flooder flooder : flooders) {
            await().atMost(Duration.ofSeconds(60)).until(() -> flooder.answers.size() == SENDS_PER_FLOODER);
            for (int n = 0; n < SENDS_PER_FLOODER; n++) {
                assertThat(flooder.answers.get(n)).as("flooder %d send %d", flooder.number, n)
                        .isEqualTo(ResponseCode.SUCCESS);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.broker().queuedRequestBytes() == 0);
        for (Flooder flooder : flooders) {
            flooder.send(SENDS_PER_FLOODER);
            await().atMost(Duration.ofSeconds(60)).until(() -> flooder.answers.containsKey(SENDS_PER_FLOODER));
            assertThat(flooder.answers.get(SENDS_PER_FLOODER)).as("the flooder's connection still serves it")
                    .isEqualTo(ResponseCode.SUCCESS);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.broker().partialFrameBytes() == 0);
        assertThat(producer.send(legitimateMessage(6)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    }

    @Test
    void halfSentFramesPastTheBudgetCloseTheirOwnConnectionAndALegitimateProducerKeepsWorking() throws Exception {
        long budget = 16L * MIB;
        int declared = 4 * MIB;
        cluster = new LocalCluster(dir, config -> config.partialFrameBytesMax(budget).frameCompleteTimeoutMillis(0));
        producer = OfficialClients.producer(cluster.namesrvAddr(), "LegitimateProducers", "legitimate");
        producer.setSendMsgTimeout(60_000);
        producer.start();
        assertThat(producer.send(legitimateMessage(0)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        // Twelve connections each send all of a 4 MiB frame but its last byte. The first three fit the 16 MiB
        // budget and keep their connections, holding their frames; each later one is closed when its length
        // arrives, so its bytes are never buffered. Without the budget the broker would hold all twelve.
        long directBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        List<RawBrokerConnection> halfSent = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            RawBrokerConnection connection = new RawBrokerConnection(cluster.broker().localAddress(), "half-" + c);
            halfSent.add(connection);
            byte[] allButTheLastByte = new byte[4 + declared - 1];
            ByteBuffer.wrap(allButTheLastByte).putInt(declared);
            try {
                connection.sendBytes(allButTheLastByte);
            } catch (IOException closedByTheBroker) {
                assertThat(c).as("only a frame past the budget is refused").isGreaterThanOrEqualTo(3);
            }
            if (c < 3) {
                long reserved = (long) (c + 1) * (declared + 4);
                await().atMost(Duration.ofSeconds(60)).until(() -> cluster.broker().partialFrameBytes() >= reserved);
            } else {
                await().atMost(Duration.ofSeconds(60)).until(connection::ended);
            }
        }
        // The three frames' bytes are all in the broker's buffers once the reads catch up.
        await().atMost(Duration.ofSeconds(60)).until(() ->
                PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - directBefore >= 3L * (declared - MIB));
        long directGrowth = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - directBefore;
        // A frame's buffer may be up to twice its length (buffers grow in steps), so three take at most 24 MiB;
        // twelve would take 48 to 96 MiB.
        assertThat(directGrowth).as("direct memory held by half-sent frames").isLessThan(40L * MIB);
        try {
            assertThat(halfSent.subList(0, 3)).noneMatch(RawBrokerConnection::ended);
            assertThat(cluster.broker().partialFrameBytes()).isLessThanOrEqualTo(budget);
            for (int i = 1; i <= 3; i++) {
                assertThat(producer.send(legitimateMessage(i)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            }
        } finally {
            for (RawBrokerConnection connection : halfSent) {
                connection.close();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.broker().partialFrameBytes() == 0);
        assertThat(producer.send(legitimateMessage(4)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    }

    private void awaitFloodMayGo() {
        try {
            floodMayGo.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Message legitimateMessage(int i) {
        byte[] body = new byte[256 * 1024];
        new Random(i).nextBytes(body);
        return new Message(LEGIT_TOPIC, body);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** One connection writing 1 MiB SEND_MESSAGE_V2 frames back to back; send number n has opaque n. */
    private static final class Flooder implements AutoCloseable {

        private final int number;
        private final RawBrokerConnection connection;
        private final Map<Integer, Integer> answers;
        private final byte[] body = new byte[MIB];

        Flooder(InetSocketAddress broker, int number) throws IOException {
            this.number = number;
            this.connection = new RawBrokerConnection(broker, "flooder-" + number);
            this.answers = connection.codes();
        }

        void send(int n) throws IOException {
            RemotingCommand request = new SendMessageRequestHeader("flooders", FLOOD_TOPIC, "TBW102", 1, 0, 0,
                    System.currentTimeMillis(), 0, null, 0, false, false, null, "broker-a")
                    .applyTo(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)).body(body);
            request.opaque(n);
            connection.send(request);
        }

        /** Writes sends 0 to {@code count - 1} on a thread of its own; a write fails only if the test ends first. */
        void sendInBackground(int count) {
            Thread writer = new Thread(() -> {
                try {
                    for (int n = 0; n < count; n++) {
                        send(n);
                    }
                } catch (IOException closedAtTheEnd) {
                    // the test closed the connection while a write waited
                }
            }, "flooder-" + number);
            writer.setDaemon(true);
            writer.start();
        }

        @Override
        public void close() throws IOException {
            connection.close();
        }
    }
}
