package io.apogee.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The producing side of a run: {@code --threads} threads sending bench messages with one producer of the
 * run's {@link ClientDriver}, as {@link SendOptions} say, until {@code --count} messages are sent or
 * {@link #stop()} is called. Each acknowledged message counts in {@link #acknowledged()} (a oneway send counts once the call returns) and,
 * when given, in a set of acknowledged sequence numbers that e2e checks the receipts against.
 *
 * <p>Thread safety: {@link #start()}, {@link #stop()} and {@link #close()} from the command's thread; the
 * counters and {@link #latency()} are read by the ticking thread while the senders and, for asynchronous
 * sends, the client's I/O threads update them.
 */
final class SendLoad implements AutoCloseable {

    private final SendOptions options;
    private final long runId;
    private final Payload payload;
    private final SeqBitmap acknowledgedSeqs;
    private final BenchProducer producer;
    private final RateLimiter limiter;
    private final Semaphore window;
    private final AtomicLong nextSeq = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch threadsDone;
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Latency latency = new Latency();
    private volatile boolean stopping;
    private volatile String lastError;

    /**
     * A started producer of {@code driver}'s client for {@code topic}; {@code acknowledgedSeqs} may be null
     * when nobody checks them.
     */
    SendLoad(SendOptions options, ClientDriver driver, String topic, long runId, SeqBitmap acknowledgedSeqs)
            throws Exception {
        this.options = options;
        this.runId = runId;
        this.payload = new Payload(options.size);
        this.acknowledgedSeqs = acknowledgedSeqs;
        this.limiter = new RateLimiter(options.rate);
        this.window = new Semaphore(options.inflight);
        this.threadsDone = new CountDownLatch(options.threads);
        this.producer = driver.producer(options, topic, "bench-producer-" + Long.toHexString(runId),
                "bench-" + Long.toHexString(runId));
    }

    void start() {
        for (int i = 0; i < options.threads; i++) {
            Thread thread = new Thread(this::sendUntilStopped, "bench-send-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** True once {@code --count} messages were sent and every asynchronous send was answered. */
    boolean finished() {
        return threadsDone.getCount() == 0 && window.availablePermits() == options.inflight;
    }

    /** Stops the senders and waits, bounded, for them and for unanswered asynchronous sends. */
    void stop() throws InterruptedException {
        stopping = true;
        long bound = options.sendTimeoutMillis * (producer.retriesWhenSendFailed() + 1) + 5_000;
        if (!threadsDone.await(bound, TimeUnit.MILLISECONDS)) {
            lastError = "senders still busy " + bound + " ms after the stop";
        }
        if (!window.tryAcquire(options.inflight, bound, TimeUnit.MILLISECONDS)) {
            lastError = "asynchronous sends still unanswered " + bound + " ms after the stop";
        } else {
            window.release(options.inflight);
        }
    }

    long acknowledged() {
        return acknowledged.sum();
    }

    long failed() {
        return failed.sum();
    }

    Latency latency() {
        return latency;
    }

    /** The last failure's description, or null. */
    String lastError() {
        return lastError;
    }

    private void sendUntilStopped() {
        int perCall = options.messagesPerCall();
        try {
            while (!stopping && !Thread.currentThread().isInterrupted()) {
                long seq = nextSeq.getAndAdd(perCall);
                long limit = options.count > 0 ? options.count : SeqBitmap.MAX_SEQ + 1;
                if (seq >= limit) {
                    return;
                }
                int messages = (int) Math.min(perCall, limit - seq);
                limiter.acquire(messages);
                sendOnce(seq, messages);
            }
        } finally {
            threadsDone.countDown();
        }
    }

    private void sendOnce(long seq, int messages) {
        try {
            switch (options.send) {
                case sync -> {
                    byte[] body = payload.body(runId, seq);
                    long start = System.nanoTime();
                    String notOk = producer.send(body, keys(seq));
                    answered(seq, messages, notOk, System.nanoTime() - start);
                }
                case batch -> {
                    byte[][] bodies = new byte[messages][];
                    String[] keys = new String[messages];
                    for (int i = 0; i < messages; i++) {
                        bodies[i] = payload.body(runId, seq + i);
                        keys[i] = keys(seq + i);
                    }
                    long start = System.nanoTime();
                    String notOk = producer.sendBatch(bodies, keys);
                    answered(seq, messages, notOk, System.nanoTime() - start);
                }
                case oneway -> {
                    byte[] body = payload.body(runId, seq);
                    long start = System.nanoTime();
                    producer.sendOneway(body, keys(seq));
                    latency.recordNanos(System.nanoTime() - start);
                    acknowledged.increment();
                }
                case async -> sendAsync(seq);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed(messages, e);
        }
    }

    private void sendAsync(long seq) throws Exception {
        window.acquire();
        byte[] body = payload.body(runId, seq);
        long start = System.nanoTime();
        try {
            producer.sendAsync(body, keys(seq), (notOk, error) -> {
                window.release();
                if (error != null) {
                    failed(1, error);
                } else {
                    answered(seq, 1, notOk, System.nanoTime() - start);
                }
            });
        } catch (Exception e) {
            window.release();
            throw e;
        }
    }

    private String keys(long seq) {
        return options.keys ? Long.toHexString(runId) + "-" + seq : null;
    }

    private void answered(long seq, int messages, String notOk, long nanos) {
        latency.recordNanos(nanos);
        if (notOk != null) {
            failed.add(messages);
            lastError = "send answered " + notOk;
            return;
        }
        acknowledged.add(messages);
        if (acknowledgedSeqs != null) {
            for (int i = 0; i < messages; i++) {
                acknowledgedSeqs.add(seq + i);
            }
        }
    }

    private void failed(int messages, Throwable error) {
        failed.add(messages);
        lastError = String.valueOf(error.getMessage() != null ? error.getMessage() : error);
    }

    @Override
    public void close() {
        stopping = true;
        producer.close();
    }
}
