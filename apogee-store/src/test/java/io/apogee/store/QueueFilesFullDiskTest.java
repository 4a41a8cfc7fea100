package io.apogee.store;

import io.apogee.protocol.message.MessageConst;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Consume-queue and index files are sparse and written through their mappings. When the disk is full (the commit
 * log's own blocks were reserved, so appends still succeed), a first store into a page without a block must not
 * be lost: dispatch must stop before that entry, leave the store serving, and go on by itself once space
 * returns, so that consumers and key lookups find every acknowledged message without a restart. On a real small
 * file system (a tmpfs; skipped where mounting is not allowed).
 */
class QueueFilesFullDiskTest {

    private static final String TOPIC = "Queued";

    @RegisterExtension
    final SmallTmpfs disk = new SmallTmpfs();
    MappedMessageStore store;

    /** Commit-log files of 1 MiB with their blocks written up front, and consume-queue files of {@code entries}. */
    private MappedMessageStore start(int queueFileEntries) throws Exception {
        Map<String, String> config = smallConfig(disk.root());
        config.put(MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(1 << 20));
        config.put(MessageStoreConfig.WARM_MAPED_FILE_ENABLE, "true");
        config.put(MessageStoreConfig.MAPED_FILE_SIZE_CONSUME_QUEUE, Integer.toString(20 * queueFileEntries));
        return disk.start(config);
    }

    private void append(int from, int to) {
        for (int n = from; n < to; n++) {
            AppendRequest request = single(TOPIC, 0, ("m-" + n).getBytes(), Map.of(MessageConst.PROPERTY_KEYS, "k-" + n));
            assertThat(store.append(request)).as("append %d: the commit log has its blocks", n)
                    .isEqualTo(AppendStatus.PUT_OK);
        }
    }

    /** Dispatch stops at {@code entries} and stays there while the disk is full; the store keeps appending. */
    private void assertDispatchWaitsAt(int entries) {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> store.maxOffsetInQueue(TOPIC, 0), equalTo((long) entries));
    }

    private List<String> bodies() {
        return readQueue(store, TOPIC, 0).stream().map(StoreFixture::text).toList();
    }

    private static List<String> names(int count) {
        List<String> names = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            names.add("m-" + n);
        }
        return names;
    }

    @Test
    void aQueueEntryWithoutDiskSpaceWaitsForSpaceInsteadOfBeingLost() throws Exception {
        store = start(100);
        append(0, 20);
        await().until(() -> store.maxOffsetInQueue(TOPIC, 0) == 20);

        Path filler = disk.fill();
        append(20, 150);
        // Entry 100 opens the queue's second file, whose first page has no block.
        assertDispatchWaitsAt(100);
        assertThat(bodies()).containsExactlyElementsOf(names(100));

        Files.delete(filler);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffsetInQueue(TOPIC, 0) == 150);
        append(150, 160);
        await().until(() -> store.maxOffsetInQueue(TOPIC, 0) == 160);
        assertThat(bodies()).as("every entry, none lost or moved").containsExactlyElementsOf(names(160));
    }

    @Test
    void anIndexEntryWithoutDiskSpaceWaitsForSpaceInsteadOfBeingLost() throws Exception {
        // One queue file takes every entry and got its first four pages with the first, so only the index needs
        // new pages. Message n is its entry n + 1 (one key each), and entry 191 starts the file's second page.
        store = start(1000);
        append(0, 20);
        await().until(() -> store.maxOffsetInQueue(TOPIC, 0) == 20);

        Path filler = disk.fill();
        append(20, 250);
        // Message 190 has its queue entry (written first, and again when dispatch tries again) but not its key.
        assertDispatchWaitsAt(191);

        Files.delete(filler);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffsetInQueue(TOPIC, 0) == 250);
        assertThat(bodies()).containsExactlyElementsOf(names(250));
        for (int n : new int[] {0, 189, 190, 200, 249}) {
            assertThat(store.queryMessage(TOPIC, "k-" + n, 4, 0, Long.MAX_VALUE))
                    .as("key k-%d", n).extracting(record -> text(decode(record))).containsExactly("m-" + n);
        }
    }
}
