package io.apogee.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import static io.apogee.store.StoreFixture.single;
import static io.apogee.store.StoreFixture.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher sleeps while the commit log is idle and is woken by each append, so a message reaches its
 * consume queue (and a waiting long poll) at once, not when the idle sleep happens to end.
 */
class DispatchWakeUpTest {

    private static final int APPENDS = 30;

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
    void anIdleDispatcherIsWokenByEveryAppend() throws Exception {
        Map<String, String> config = smallConfig(dir);
        // Long flush intervals, so that only an append's wake-up can end the dispatcher's idle sleep early.
        config.put(MessageStoreConfig.FLUSH_INTERVAL_CONSUME_QUEUE, "10000");
        config.put(MessageStoreConfig.FLUSH_INTERVAL_COMMIT_LOG, "10000");
        store = StoreFixture.start(config);
        SynchronousQueue<Long> dispatched = new SynchronousQueue<>();
        store.addDispatchListener((topic, queueId, queueOffset, tagsCode, storeTimestamp) -> {
            try {
                dispatched.put(queueOffset);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        long started = System.nanoTime();
        for (int i = 0; i < APPENDS; i++) {
            // Each append finds the dispatcher asleep: it has handed over the previous message and gone idle.
            TimeUnit.MILLISECONDS.sleep(5);
            assertThat(store.append(single("WakeUp", 0, "m" + i))).isEqualTo(AppendStatus.PUT_OK);
            assertThat(dispatched.poll(5, TimeUnit.SECONDS)).isEqualTo(i);
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // Without wake-ups every message would wait out an idle sleep of up to 200 ms: several seconds in all.
        assertThat(elapsedMillis).isLessThan(APPENDS * 5 + 1_000);
    }
}
