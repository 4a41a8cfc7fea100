package io.apogee.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    @Test
    void permitsAreNeverHandedOutFasterThanTheRateOverAllThreads() throws InterruptedException {
        long start = System.nanoTime();
        RateLimiter limiter = new RateLimiter(2_000);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    limiter.acquire(1);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // 400 slots of 0.5 ms, each after the one before, from the limiter's creation: the last is 199.5 ms
        // after it at the earliest, however fast the machine.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(199);
    }

    @Test
    void aBatchTakesOneSlotPerMessage() {
        long start = System.nanoTime();
        RateLimiter limiter = new RateLimiter(1_000);
        limiter.acquire(50);
        limiter.acquire(50);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(49);
    }

    @Test
    void aRateOfZeroDoesNotLimit() {
        RateLimiter limiter = new RateLimiter(0);
        long start = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            limiter.acquire(1);
        }
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));
        assertThatThrownBy(() -> new RateLimiter(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
