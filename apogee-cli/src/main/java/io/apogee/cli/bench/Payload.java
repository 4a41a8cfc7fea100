package io.apogee.cli.bench;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The body of every bench message: a header that makes it countable and timeable by whoever receives it,
 * then filler up to the requested size.
 *
 * <pre>
 * [0..4)   MAGIC, so that other applications' messages in the topic are told apart
 * [4..8)   reserved, 0
 * [8..16)  run id: random per bench invocation
 * [16..24) sequence number: unique within the run, from 0
 * [24..32) System.nanoTime() at send: comparable within one host, used for end-to-end latency in e2e
 * [32..40) wall-clock microseconds since the epoch at send: for a consumer in another process or host
 * </pre>
 *
 * <p>Thread safety: immutable; {@link #body} may be called from any thread.
 */
final class Payload {

    static final int HEADER_BYTES = 40;
    static final int MAGIC = 0xA90CEE01;

    private final byte[] filler;

    Payload(int size) {
        if (size < HEADER_BYTES) {
            throw new IllegalArgumentException("a bench body needs at least " + HEADER_BYTES + " bytes, not " + size);
        }
        filler = new byte[size];
        // Not compressible, as real bodies mostly are not: the client compresses bodies over its threshold.
        new SplittableRandom(size).nextBytes(filler);
    }

    int size() {
        return filler.length;
    }

    /** A new body stamped with this run, sequence number and the current time. */
    byte[] body(long runId, long seq) {
        byte[] body = filler.clone();
        ByteBuffer header = ByteBuffer.wrap(body);
        header.putInt(0, MAGIC);
        header.putLong(8, runId);
        header.putLong(16, seq);
        header.putLong(24, System.nanoTime());
        header.putLong(32, epochMicros());
        return body;
    }

    static boolean isBench(byte[] body) {
        return body != null && body.length >= HEADER_BYTES && (int) (longAt(body, 0) >>> 32) == MAGIC;
    }

    static long runId(byte[] body) {
        return longAt(body, 8);
    }

    static long seq(byte[] body) {
        return longAt(body, 16);
    }

    static long sentNanos(byte[] body) {
        return longAt(body, 24);
    }

    static long sentEpochMicros(byte[] body) {
        return longAt(body, 32);
    }

    /**
     * The big-endian long at {@code at}, read with shifts: the receiver reads every message's header, and a
     * buffer wrapped per field is an allocation and a call chain in a load generator that runs without C2.
     */
    private static long longAt(byte[] body, int at) {
        long value = 0;
        for (int i = at; i < at + Long.BYTES; i++) {
            value = value << 8 | body[i] & 0xFF;
        }
        return value;
    }

    /** Wall-clock time in microseconds, as precise as the platform's clock. */
    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
