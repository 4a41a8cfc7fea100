package io.apogee.cli;


import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The fault harness's producers and what they were told, in the queue model of openmessaging-chaos: each
 * message carries a unique id as its body; an id is <em>attempted</em> before its send and <em>acknowledged</em>
 * when the broker answered SEND_OK. Success times are kept to measure recovery (the gap around a fault).
 *
 * <p>Thread safety: the sending threads write, the harness thread reads; all sets are concurrent.
 */
final class SendLedger implements AutoCloseable {

    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    /** Where the broker said each acknowledged message went, to trace a loss. */
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final NavigableSet<Long> successes = new ConcurrentSkipListSet<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final LedgerClient client;
    private volatile boolean running = true;
    private volatile String lastFailure;
    /** The round a send belongs to, so a loss is traced to the fault it happened around. */
    private volatile int round;

    /**
     * Starts {@code threadCount} threads sending to {@code topic} through {@code client} at about
     * {@code ratePerThread} a second each; the ledger closes the client.
     */
    SendLedger(LedgerClient client, String topic, int threadCount, int ratePerThread) {
        this.client = client;
        long pauseNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, ratePerThread);
        for (int t = 0; t < threadCount; t++) {
            Thread thread = new Thread(() -> send(topic, pauseNanos), "fault-harness-send-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void send(String topic, long pauseNanos) {
        while (running) {
            int r = round;
            String id = r + "-" + sequence.incrementAndGet();
            attempted.add(id);
            LedgerClient.Outcome outcome = client.send(topic, id.getBytes(StandardCharsets.UTF_8));
            if (outcome.acknowledged()) {
                acknowledged.put(id, r);
                stored.put(id, outcome.stored());
                successes.add(System.currentTimeMillis());
            } else {
                failures.incrementAndGet();
                lastFailure = outcome.failure();
            }
            LockSupport.parkNanos(pauseNanos);
        }
    }

    /** Where the broker said {@code id} was stored, or null. */
    String stored(String id) {
        return stored.get(id);
    }

    void round(int r) {
        round = r;
    }

    /**
     * The longest time without a successful send from the last success before {@code fromMillis} to the first
     * after {@code toMillis}: the outage a fault injected in between caused (the last send before it to the first
     * after it), or -1 when there was no success on either side.
     */
    long longestGapMillis(long fromMillis, long toMillis) {
        Long first = successes.floor(fromMillis);
        Long last = successes.higher(toMillis);
        if (first == null || last == null) {
            return -1;
        }
        long longest = 0;
        long previous = first;
        for (long t : successes.subSet(first, false, last, true)) {
            longest = Math.max(longest, t - previous);
            previous = t;
        }
        return longest;
    }

    /** Whether a send succeeded after {@code atMillis}. */
    boolean succeededAfter(long atMillis) {
        return successes.higher(atMillis) != null;
    }

    Set<String> attempted() {
        return attempted;
    }

    /** Acknowledged ids and the round each was sent in. */
    Map<String, Integer> acknowledged() {
        return acknowledged;
    }

    long failures() {
        return failures.get();
    }

    /** Why the last failed send failed, or null. */
    String lastFailure() {
        return lastFailure;
    }

    /** Stops sending and waits for the senders; what they were told stays readable. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }
}
