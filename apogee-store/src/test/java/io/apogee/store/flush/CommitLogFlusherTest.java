package io.apogee.store.flush;

import io.apogee.store.AppendStatus;
import io.apogee.store.FlushDiskType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CommitLogFlusherTest {

    final AtomicLong written = new AtomicLong();
    final AtomicInteger forces = new AtomicInteger();
    CommitLogFlusher flusher;
    ExecutorService pool;

    @AfterEach
    void stop() {
        if (flusher != null) {
            flusher.shutdown();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAppendsShareForces() throws Exception {
        CountDownLatch firstForceStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        flusher = new CommitLogFlusher(FlushDiskType.SYNC_FLUSH, 500, 5000, written::get, () -> {
            forces.incrementAndGet();
            firstForceStarted.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0);
        flusher.start();
        written.set(1);
        assertThat(firstForceStarted.await(5, TimeUnit.SECONDS)).isTrue();
        // While the first force is blocked, 32 more appends arrive; the next force covers them all.
        pool = Executors.newFixedThreadPool(32);
        List<Future<AppendStatus>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            long end = written.incrementAndGet();
            results.add(pool.submit(() -> flusher.await(end)));
        }
        release.countDown();
        for (Future<AppendStatus> result : results) {
            assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(AppendStatus.PUT_OK);
        }
        assertThat(forces.get()).isLessThanOrEqualTo(3);
        assertThat(flusher.flushedOffset()).isEqualTo(33);
    }

    @Test
    void aForceWaitsForTheWaitersOfThePreviousOneToComeBack() throws Exception {
        // The first force is slow (a busy disk), which allows the next one to gather for up to half as long.
        flusher = new CommitLogFlusher(FlushDiskType.SYNC_FLUSH, 500, 10_000, written::get, () -> {
            if (forces.incrementAndGet() == 1) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
        }, 0, TimeUnit.SECONDS.toNanos(5));
        flusher.start();
        pool = Executors.newFixedThreadPool(4);
        written.set(4);
        List<Future<AppendStatus>> first = new ArrayList<>();
        for (long end = 1; end <= 4; end++) {
            long offset = end;
            first.add(pool.submit(() -> flusher.await(offset)));
        }
        for (Future<AppendStatus> result : first) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(AppendStatus.PUT_OK);
        }
        assertThat(forces.get()).isEqualTo(1);
        // The four answered appenders come back one by one; the next force waits for all four.
        List<Future<AppendStatus>> second = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long offset = written.incrementAndGet();
            second.add(pool.submit(() -> flusher.await(offset)));
            if (i < 3) {
                await().atMost(Duration.ofSeconds(5)).until(() -> parkedInAwait() == second.size());
                assertThat(forces.get()).as("no force before all four came back").isEqualTo(1);
            }
        }
        for (Future<AppendStatus> result : second) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(AppendStatus.PUT_OK);
        }
        assertThat(forces.get()).isEqualTo(2);
        assertThat(flusher.flushedOffset()).isEqualTo(8);
    }

    /** Pool threads parked in {@link CommitLogFlusher#await}. */
    private static long parkedInAwait() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.TIMED_WAITING)
                .filter(e -> java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getMethodName().equals("await") && f.getClassName().equals(CommitLogFlusher.class.getName())))
                .count();
    }

    @Test
    void slowForceAnswersFlushDiskTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        flusher = new CommitLogFlusher(FlushDiskType.SYNC_FLUSH, 500, 100, written::get, () -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0);
        flusher.start();
        written.set(10);
        CompletableFuture<AppendStatus> async = flusher.awaitAsync(10);
        assertThat(flusher.await(10)).isEqualTo(AppendStatus.FLUSH_DISK_TIMEOUT);
        release.countDown();
        assertThat(async.get(5, TimeUnit.SECONDS)).isIn(AppendStatus.FLUSH_DISK_TIMEOUT, AppendStatus.PUT_OK);
    }

    @Test
    void failedForceNeverAcknowledgesAndStaysFailed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        flusher = new CommitLogFlusher(FlushDiskType.SYNC_FLUSH, 500, 2000, written::get, () -> {
            if (calls.incrementAndGet() >= 2) {
                throw new java.io.UncheckedIOException(new java.io.IOException("EIO"));
            }
        }, 0);
        flusher.start();
        written.set(5);
        assertThat(flusher.await(5)).isEqualTo(AppendStatus.PUT_OK);
        written.set(9);
        CompletableFuture<AppendStatus> async = flusher.awaitAsync(9);
        assertThat(flusher.await(9)).isEqualTo(AppendStatus.FLUSH_FAILED);
        assertThat(async.get(5, TimeUnit.SECONDS)).isEqualTo(AppendStatus.FLUSH_FAILED);
        assertThat(flusher.failed()).isTrue();
        assertThat(flusher.flushedOffset()).isEqualTo(5);
        written.set(12);
        assertThat(flusher.await(12)).isEqualTo(AppendStatus.FLUSH_FAILED);
        assertThat(flusher.await(5)).isEqualTo(AppendStatus.PUT_OK);
    }

    @Test
    void asyncFlushForcesOnItsInterval() {
        flusher = new CommitLogFlusher(FlushDiskType.ASYNC_FLUSH, 10, 5000, written::get, forces::incrementAndGet, 0);
        flusher.start();
        written.set(100);
        org.awaitility.Awaitility.await().until(() -> flusher.flushedOffset() == 100);
        assertThat(forces.get()).isPositive();
    }

    @Test
    void waitersAreAdmittedOnlyUnderTheCountAndByteBounds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        flusher = new CommitLogFlusher(FlushDiskType.SYNC_FLUSH, 500, 60_000, written::get, () -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, 3, 1_000);
        flusher.start();
        List<CompletableFuture<AppendStatus>> waiting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            assertThat(flusher.admits()).as("waiter %d", i).isTrue();
            waiting.add(flusher.awaitAsync(written.addAndGet(10)));
        }
        assertThat(flusher.admits()).as("three waiters is the count bound").isFalse();
        assertThat(flusher.waiting()).isEqualTo(3);

        release.countDown();
        for (CompletableFuture<AppendStatus> result : waiting) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(AppendStatus.PUT_OK);
        }
        assertThat(flusher.waiting()).isZero();
        await().until(flusher::admits);

        written.addAndGet(999);
        await().until(() -> flusher.flushedOffset() == written.get());
        assertThat(flusher.admits()).isTrue();
    }

    @Test
    void unforcedBytesPastTheBoundAreNotAdmitted() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch forcing = new CountDownLatch(1);
        flusher = new CommitLogFlusher(FlushDiskType.SYNC_FLUSH, 500, 60_000, written::get, () -> {
            forcing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, 1_000, 1_000);
        flusher.start();
        written.set(999);
        assertThat(flusher.admits()).isTrue();
        written.set(1_000);
        assertThat(flusher.admits()).as("1,000 unforced bytes is the byte bound").isFalse();
        release.countDown();
        await().until(flusher::admits);
    }
}
