package io.apogee.store;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class AppendAllocationTest {

    @TempDir
    Path dir;
    MappedMessageStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    @Test
    void asyncAppendPathAllocatesNothingPerMessage() throws Exception {
        Map<String, String> config = smallConfig(dir);
        config.put(MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(64 * 1024 * 1024));
        store = start(config);
        AppendRequest request = single("Alloc", 3, new byte[200], Map.of("TAGS", "t", "KEYS", "a b"));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            store.append(request);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        int appends = 20_000;
        int failures = 0;
        for (int i = 0; i < appends; i++) {
            if (store.append(request) != AppendStatus.PUT_OK) {
                failures++;
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(failures).isZero();
        // A few hundred bytes may come from the measurement itself; one allocation per message would be >= 320 KB.
        assertThat(allocated).isLessThan(appends * 4L);
    }
}
