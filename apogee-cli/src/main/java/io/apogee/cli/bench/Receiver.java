package io.apogee.cli.bench;

import io.apogee.protocol.body.ConsumeFromWhere;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The consuming side of a run: a push or lite pull consumer of the topic, of the run's {@link ClientDriver},
 * that counts every message, tells bench messages by their run and sequence number so that duplicates show,
 * and records the end-to-end
 * latency from the send time each bench message carries: the send's {@code System.nanoTime()} when the
 * sender is this process (e2e), else its wall-clock time (consume, where the sender ran before or elsewhere).
 *
 * <p>Thread safety: {@link #start()} and {@link #close()} from the command's thread; messages are counted on
 * the push consumer's consume threads or the lite pull consumer's polling thread; the counters are read by
 * the ticking thread.
 */
final class Receiver implements Deliveries, AutoCloseable {

    private final long onlyRunId;
    private final SeqBitmap ownRun;
    private final ConcurrentHashMap<Long, SeqBitmap> runs = new ConcurrentHashMap<>();
    private final LongAdder received = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAccumulator largestDelivery = new LongAccumulator(Math::max, 0);
    private final Latency latency = new Latency();
    private final BenchConsumer consumer;
    private volatile long latencyFromNanos = Long.MIN_VALUE;
    private volatile long firstNanos;
    private volatile long lastNanos;
    private volatile RunSeqs lastRun = new RunSeqs(0, null);

    /**
     * A consumer of {@code topic} in {@code group} of {@code driver}'s client, not yet started. With
     * {@code onlyRunId} other than 0 only that run's messages count (others are foreign) and latency is taken
     * from the send's nanoTime.
     */
    Receiver(ReceiveOptions options, ClientDriver driver, String topic, String group, ConsumeFromWhere from,
             long fromTimestampMillis, long onlyRunId) throws Exception {
        this.onlyRunId = onlyRunId;
        this.ownRun = onlyRunId != 0 ? new SeqBitmap() : null;
        this.consumer = driver.consumer(options, topic, group, "bench-consumer-" + Long.toHexString(System.nanoTime()),
                from, fromTimestampMillis, this);
    }

    void start() throws Exception {
        consumer.start();
    }

    /** How many queues this consumer holds now (after the group's rebalance gave it some). */
    int assignedQueues() {
        return consumer.assignedQueues();
    }

    /** From now on, only messages sent at or after {@code nanos} count in the latency. */
    void measureLatencyFrom(long nanos) {
        latencyFromNanos = nanos;
    }

    /** Every message received, bench or not, duplicates included. */
    long received() {
        return received.sum();
    }

    /** Distinct bench messages received (of this run only, when the receiver was given one). */
    long unique() {
        return ownRun != null ? ownRun.size() : runs.values().stream().mapToLong(SeqBitmap::size).sum();
    }

    long duplicates() {
        return duplicates.sum();
    }

    /** The most messages one listener call (or one poll) delivered. */
    long largestDelivery() {
        return largestDelivery.get();
    }

    /** Messages that are not this run's bench messages. */
    long foreign() {
        return foreign.sum();
    }

    /** The sequence numbers of this run received; only for a receiver of one run. */
    SeqBitmap ownRun() {
        return ownRun;
    }

    Latency latency() {
        return latency;
    }

    /** System.nanoTime() of the first and the last message received, 0 before any. */
    long firstNanos() {
        return firstNanos;
    }

    long lastNanos() {
        return lastNanos;
    }

    /**
     * Counts a delivery. The counters shared with the ticking thread are added to once per delivery, and
     * latencies that fall in the same histogram bucket one after another (a batch sent together) are
     * recorded once with their count: a listener call costs the same few shared writes however many
     * messages it holds.
     */
    @Override
    public <M> void received(List<M> messages, Function<? super M, byte[]> bodyOf) {
        if (messages.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        long nowMicros = onlyRunId != 0 ? 0 : Payload.epochMicros();
        if (firstNanos == 0) {
            firstNanos = now;
        }
        lastNanos = now;
        largestDelivery.accumulate(messages.size());
        received.add(messages.size());
        int notOurs = 0;
        int seenBefore = 0;
        Latency.Runs runs = latency.runs();
        for (M message : messages) {
            byte[] body = bodyOf.apply(message);
            if (!Payload.isBench(body)) {
                notOurs++;
                continue;
            }
            long runId = Payload.runId(body);
            long seq = Payload.seq(body);
            if ((onlyRunId != 0 && runId != onlyRunId) || seq < 0 || seq > SeqBitmap.MAX_SEQ) {
                notOurs++;
                continue;
            }
            if (!seqsOf(runId).add(seq)) {
                seenBefore++;
            }
            if (onlyRunId != 0) {
                long sent = Payload.sentNanos(body);
                if (sent >= latencyFromNanos) {
                    runs.add((now - sent) / 1_000);
                }
            } else {
                runs.add(nowMicros - Payload.sentEpochMicros(body));
            }
        }
        runs.flush();
        if (notOurs > 0) {
            foreign.add(notOurs);
        }
        if (seenBefore > 0) {
            duplicates.add(seenBefore);
        }
    }

    private SeqBitmap seqsOf(long runId) {
        if (ownRun != null) {
            return ownRun;
        }
        RunSeqs last = lastRun;
        if (last.runId() == runId && last.seqs() != null) {
            return last.seqs();
        }
        SeqBitmap seqs = runs.computeIfAbsent(runId, id -> new SeqBitmap());
        lastRun = new RunSeqs(runId, seqs);
        return seqs;
    }

    /** Stops consuming; the consumer commits its offsets as it shuts down. */
    @Override
    public void close() throws InterruptedException {
        consumer.close();
    }

    private record RunSeqs(long runId, SeqBitmap seqs) {
    }
}
