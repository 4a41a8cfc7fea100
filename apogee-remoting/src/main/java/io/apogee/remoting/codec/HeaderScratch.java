package io.apogee.remoting.codec;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * An I/O thread's array for the header it is decoding or encoding, so that neither needs a new array per frame:
 * the header codecs work on heap arrays, and the frames live in pooled direct buffers. The decoder is done with
 * it before the decoded command goes down the pipeline, and the encoder before the frame is written, so the two
 * never hold it at once. Headers over {@link #MAX_SIZE} bytes get an array of their own.
 *
 * <p>Thread safety: one array per thread.
 */
final class HeaderScratch {

    /** The largest header written into the thread's array. */
    static final int MAX_SIZE = 64 * 1024;

    private static final FastThreadLocal<byte[]> ARRAY = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[512];
        }
    };

    private HeaderScratch() {
    }

    /** An array of at least {@code length} bytes: the calling thread's, or a new one past {@link #MAX_SIZE}. */
    static byte[] of(int length) {
        if (length > MAX_SIZE) {
            return new byte[length];
        }
        byte[] array = ARRAY.get();
        if (array.length < length) {
            array = new byte[Math.max(length, Math.min(MAX_SIZE, array.length * 2))];
            ARRAY.set(array);
        }
        return array;
    }
}
