package io.apogee.cli.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A set of sequence numbers (0 to 2^31 - 1), as bits in pages that are made on first use: which messages
 * were acknowledged, which were received. Adding is lock-free, so senders and the consumer's threads can
 * record each message without a lock.
 *
 * <p>Thread safety: {@link #add} from any number of threads; {@link #size} and {@link #countNotIn} from
 * any thread, exact once the adders have stopped.
 */
final class SeqBitmap {

    static final long MAX_SEQ = Integer.MAX_VALUE;
    private static final int PAGE_BITS = 1 << 20;
    private static final int WORDS_PER_PAGE = PAGE_BITS / Long.SIZE;

    private final AtomicReferenceArray<AtomicLongArray> pages =
            new AtomicReferenceArray<>((int) ((MAX_SEQ + PAGE_BITS) / PAGE_BITS));
    private final LongAdder size = new LongAdder();

    /** Adds {@code seq}; answers false if it was there already. */
    boolean add(long seq) {
        if (seq < 0 || seq > MAX_SEQ) {
            throw new IllegalArgumentException("sequence number out of range: " + seq);
        }
        AtomicLongArray page = page((int) (seq / PAGE_BITS));
        int bit = (int) (seq % PAGE_BITS);
        int word = bit / Long.SIZE;
        long mask = 1L << (bit % Long.SIZE);
        long before;
        do {
            before = page.get(word);
            if ((before & mask) != 0) {
                return false;
            }
        } while (!page.compareAndSet(word, before, before | mask));
        size.increment();
        return true;
    }

    long size() {
        return size.sum();
    }

    /** How many of this set's numbers {@code other} lacks. */
    long countNotIn(SeqBitmap other) {
        long count = 0;
        for (int p = 0; p < pages.length(); p++) {
            AtomicLongArray mine = pages.get(p);
            if (mine == null) {
                continue;
            }
            AtomicLongArray theirs = other.pages.get(p);
            for (int w = 0; w < WORDS_PER_PAGE; w++) {
                long bits = mine.get(w);
                if (bits != 0) {
                    count += Long.bitCount(theirs == null ? bits : bits & ~theirs.get(w));
                }
            }
        }
        return count;
    }

    private AtomicLongArray page(int index) {
        AtomicLongArray page = pages.get(index);
        if (page == null) {
            AtomicLongArray fresh = new AtomicLongArray(WORDS_PER_PAGE);
            page = pages.compareAndSet(index, null, fresh) ? fresh : pages.get(index);
        }
        return page;
    }
}
