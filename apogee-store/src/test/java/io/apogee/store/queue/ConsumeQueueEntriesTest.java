package io.apogee.store.queue;

import io.apogee.store.QueueEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumeQueueEntriesTest {

    @TempDir
    File dir;

    @Test
    void readsEntriesAcrossFilesWithinTheQueuesRange() throws IOException {
        ConsumeQueue queue = new ConsumeQueue("T", 0, dir, 4 * ConsumeQueue.ENTRY_SIZE);
        queue.load();
        for (int i = 0; i < 10; i++) {
            queue.put(i, 1_000L + 100L * i, 90 + i, 7L * i);
        }

        assertThat(queue.entries(2, 5)).extracting(QueueEntry::queueOffset).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(queue.entries(5, 1)).containsExactly(new QueueEntry(5, 1_500, 95, 35));
        assertThat(queue.entries(8, 10)).extracting(QueueEntry::queueOffset).containsExactly(8L, 9L);
        assertThat(queue.entries(-3, 2)).extracting(QueueEntry::queueOffset).containsExactly(0L, 1L);
        assertThat(queue.entries(10, 5)).isEmpty();
        assertThat(queue.entries(0, 0)).isEmpty();
    }
}
