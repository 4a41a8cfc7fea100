package io.apogee.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A read returns no more than RocketMQ's transfer limits allow, whatever the caller asks for. */
class TransferLimitsTest {

    @TempDir
    Path dir;
    private MappedMessageStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    private void fill(Map<String, String> config, int messages) throws Exception {
        store = start(config);
        for (int i = 0; i < messages; i++) {
            assertThat(store.append(single("Limits", 0, "m" + i))).isEqualTo(AppendStatus.PUT_OK);
        }
        await().until(() -> store.maxOffsetInQueue("Limits", 0) == messages);
    }

    @Test
    void aReadFromMemoryReturnsAtMost32MessagesEvenWhenAskedFor50() throws Exception {
        fill(smallConfig(dir), 100);
        GetMessageResult read = store.getMessage("Limits", 0, 0, 50, 1 << 24, null);
        assertThat(read.messageCount()).isEqualTo(32);
        assertThat(read.nextBeginOffset()).isEqualTo(32);
        read.release();
        assertThat(store.getMessage("Limits", 0, 0, 10, 1 << 24, null).messageCount()).isEqualTo(10);
    }

    @Test
    void aReadOfMessagesNoLongerInMemoryReturnsAtMost8() throws Exception {
        Map<String, String> config = smallConfig(dir);
        // Nothing counts as in memory: every read is bounded as a read from disk.
        config.put(MessageStoreConfig.ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, "0");
        fill(config, 100);
        assertThat(store.getMessage("Limits", 0, 0, 50, 1 << 24, null).messageCount()).isEqualTo(8);
    }

    @Test
    void theLimitsAreConfigurableIncludingBytes() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.MAX_TRANSFER_COUNT_IN_MEMORY, "5");
        fill(config, 20);
        assertThat(store.getMessage("Limits", 0, 0, 50, 1 << 24, null).messageCount()).isEqualTo(5);
        store.shutdown();

        config.put(MessageStoreConfig.MAX_TRANSFER_COUNT_IN_MEMORY, "32");
        config.put(MessageStoreConfig.MAX_TRANSFER_BYTES_IN_MEMORY, "300");
        store = start(config);
        GetMessageResult read = store.getMessage("Limits", 0, 0, 50, 1 << 24, null);
        assertThat(read.messageCount()).isBetween(1, 300 / 100);
    }
}
