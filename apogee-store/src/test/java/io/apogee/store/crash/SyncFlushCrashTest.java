package io.apogee.store.crash;

import io.apogee.protocol.message.HostAddress;
import io.apogee.protocol.message.MessageChecksum;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.store.GetMessageResult;
import io.apogee.store.GetMessageStatus;
import io.apogee.store.MappedMessageStore;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a child JVM appending under SYNC_FLUSH with SIGKILL at random moments, then checks that every
 * acknowledged message survived byte for byte at its queue offset and that only valid records are served.
 */
class SyncFlushCrashTest {

    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    /** seq -> {queueId, queueOffset, physicalOffset} */
    private final Map<Long, long[]> acknowledged = new HashMap<>();

    @Test
    void everyAcknowledgedMessageSurvivesSigkill() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            runChildAndKill(round, 20 + random.nextInt(400));
            verify("seed " + seed + ", round " + round);
        }
        assertThat(acknowledged).hasSizeGreaterThan(ROUNDS * 20);
    }

    private void runChildAndKill(int round, int acksBeforeKill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dir.toString(), Long.toString(round * 10_000_000L))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acks = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String line;
            while (acks < acksBeforeKill && System.nanoTime() < deadline && (line = lines.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acknowledged.put(Long.parseLong(parts[1]), new long[] {Long.parseLong(parts[2]),
                            Long.parseLong(parts[3]), Long.parseLong(parts[4])});
                    acks++;
                }
            }
            // SIGKILL on Linux. Lines the child printed but we did not read yet are simply not checked.
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acks).as("child of round %d acknowledged messages", round).isPositive();
    }

    private void verify(String context) throws Exception {
        assertThat(new File(dir.toFile(), MappedMessageStore.CLEAN_MARKER)).doesNotExist();
        MappedMessageStore store = new MappedMessageStore(MessageStoreConfig.from(CrashChild.config(dir.toString())),
                new HostAddress(new byte[] {127, 0, 0, 1}, 10911), path -> 0.1);
        store.start();
        try {
            for (Map.Entry<Long, long[]> ack : acknowledged.entrySet()) {
                long seq = ack.getKey();
                long[] where = ack.getValue();
                GetMessageResult result = store.getMessage(CrashChild.TOPIC, (int) where[0], where[1], 1, 1 << 20, null);
                assertThat(result.status()).as("%s: seq %d", context, seq).isEqualTo(GetMessageStatus.FOUND);
                StoredMessage message = StoredMessageCodec.decode(result.messages().get(0).duplicate());
                assertThat(message.body()).as("%s: seq %d", context, seq).isEqualTo(CrashChild.body(seq));
                assertThat(message.queueOffset()).isEqualTo(where[1]);
                assertThat(message.physicalOffset()).isEqualTo(where[2]);
            }
            // The index is rebuilt too: a sample of acknowledged messages is found by its key.
            acknowledged.entrySet().stream().limit(25).forEach(ack -> {
                java.util.List<ByteBuffer> found = store.queryMessage(CrashChild.TOPIC, "k" + ack.getKey(), 4, 0,
                        Long.MAX_VALUE);
                assertThat(found).as("%s: key k%d", context, ack.getKey()).hasSize(1);
                assertThat(StoredMessageCodec.decode(found.get(0).duplicate()).physicalOffset())
                        .isEqualTo(ack.getValue()[2]);
            });
            for (int queue = 0; queue < CrashChild.QUEUES; queue++) {
                long offset = 0;
                long max = store.maxOffsetInQueue(CrashChild.TOPIC, queue);
                for (int guard = 0; guard < 100_000 && offset < max; guard++) {
                    GetMessageResult result = store.getMessage(CrashChild.TOPIC, queue, offset, 32, 1 << 20, null);
                    assertThat(result.status()).as("%s: queue %d offset %d", context, queue, offset)
                            .isEqualTo(GetMessageStatus.FOUND);
                    for (ByteBuffer record : result.messages()) {
                        StoredMessage message = StoredMessageCodec.decode(record.duplicate());
                        assertThat(message.bodyCrc()).isEqualTo(MessageChecksum.crc32(message.body()));
                        assertThat(message.queueOffset()).isEqualTo(offset++);
                    }
                }
            }
        } finally {
            store.shutdown();
        }
        // The next child must recover as after a crash, not trust the verifier's clean shutdown.
        assertThat(new File(dir.toFile(), MappedMessageStore.CLEAN_MARKER).delete()).isTrue();
    }
}
