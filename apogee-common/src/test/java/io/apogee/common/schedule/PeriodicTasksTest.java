package io.apogee.common.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PeriodicTasksTest {

    @Test
    void aTaskThatThrowsRunsAgainAtItsNextPeriod() {
        AtomicInteger runs = new AtomicInteger();
        try (PeriodicTasks tasks = new PeriodicTasks("test-periodic")) {
            tasks.every(10, "failing task", () -> {
                runs.incrementAndGet();
                throw new IllegalStateException("boom");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        }
    }

    @Test
    void closeStopsTheTasksAndEndsTheThread() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        PeriodicTasks tasks = new PeriodicTasks("test-periodic-close");
        tasks.every(5, "counting task", runs::incrementAndGet);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 1);
        tasks.close();
        int afterClose = runs.get();
        Thread.sleep(50);
        assertThat(runs.get()).isEqualTo(afterClose);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-periodic-close"));
    }

    @Test
    void aSlowTaskOfOneOwnerDoesNotDelayAnother() throws Exception {
        AtomicInteger fastRuns = new AtomicInteger();
        try (PeriodicTasks slow = new PeriodicTasks("test-periodic-slow");
             PeriodicTasks fast = new PeriodicTasks("test-periodic-fast")) {
            CountDownLatch release = new CountDownLatch(1);
            slow.every(1, "blocked task", () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            fast.every(5, "counting task", fastRuns::incrementAndGet);
            await().atMost(Duration.ofSeconds(10)).until(() -> fastRuns.get() >= 3);
            release.countDown();
        }
    }
}
