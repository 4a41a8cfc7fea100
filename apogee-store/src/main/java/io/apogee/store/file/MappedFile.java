package io.apogee.store.file;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * One fixed-size file mapped into memory, named by the offset of its first byte in the log it belongs to.
 * The owner writes with absolute puts into {@link #buffer()}, or through the file with {@link #write}, and
 * then publishes the new end with {@link #setWrotePosition(int)}; readers only read below
 * {@link #wrotePosition()}. Both kinds of write land in the same page-cache pages, which the mapping shows.
 *
 * <p>Lifetime: the file is reference counted. Its owner (the {@link MappedFileQueue} listing it) holds one
 * reference; a thread touching the mapping without being its owner first takes one with {@link #hold()} and
 * gives it back with {@link #release()} (a pull keeps its reference until the network write of its slices is
 * done). {@link #destroy()} deletes the file at once and drops the owner's reference; the mapping is unmapped
 * when the last reference is released, so no slice in use ever points at unmapped memory. A reference never
 * released (a caller that ignores the release API) only means the garbage collector unmaps the file later,
 * once the slices are unreachable, as it would without reference counting.
 *
 * <p>Thread safety: one writer thread (or lock holder) writes and moves the positions; any thread may
 * read bytes below the published positions while it holds a reference. {@link #force()} may run on a flusher
 * thread concurrently with writes: it forces what was published when it started. {@link #hold()},
 * {@link #release()} and {@link #destroy()} are lock-free and may be called from any thread.
 */
public final class MappedFile {

    private static final VarHandle REFERENCES;
    /** A count that reached this stays there: some caller leaks references, so only the GC may unmap. */
    private static final int PINNED = Integer.MAX_VALUE;

    static {
        try {
            REFERENCES = MethodHandles.lookup().findVarHandle(MappedFile.class, "references", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final File file;
    private final long fileFromOffset;
    private final int fileSize;
    private final MappedByteBuffer buffer;
    private volatile int wrotePosition;
    private volatile int flushedPosition;
    /** The owner's reference plus one per {@link #hold()} not yet released; 0 once unmapped. */
    private volatile int references = 1;
    private volatile boolean destroyed;
    private volatile boolean unmapped;
    /**
     * Opened by the first {@link #write} or {@link #backPages}; only the writer touches it, and the last release
     * closes it.
     */
    private FileChannel channel;
    /** Created by the first {@link #backPages}; only the writer touches it. */
    private PageBacking backing;

    private MappedFile(File file, long fileFromOffset, int fileSize, MappedByteBuffer buffer) {
        this.file = file;
        this.fileFromOffset = fileFromOffset;
        this.fileSize = fileSize;
        this.buffer = buffer;
    }

    /**
     * Opens and maps the file, first allocating every block it lacks with a real write of zeros. A sparse file
     * ({@link RandomAccessFile#setLength}) would map fine and then fault (SIGBUS) on the first write into a
     * page the full disk cannot back, after the append was acknowledged; writing the blocks now turns a full
     * disk into an {@link IOException} here, before anything is written. A file this call created is deleted
     * again when the allocation fails, so a half-allocated file never looks like part of the log. A file
     * partly allocated before (see {@link AllocationPace.HandedOver}) is finished from where it stopped.
     */
    public static MappedFile open(File file, long fileFromOffset, int fileSize) throws IOException {
        return open(file, fileFromOffset, fileSize, FileSpace.RESERVED);
    }

    /**
     * As {@link #open(File, long, int)}, with the blocks and pages {@code space} asks for. {@link FileSpace#SPARSE}
     * leaves the missing blocks sparse: for files whose writes are never acknowledged on their own (consume
     * queues and the index, rebuilt from the commit log; allocating megabytes for every new queue would make
     * the dispatcher lag behind), and for files written only by positional writes, which report a full disk as
     * an {@link IOException} (the commit log under ASYNC_FLUSH unless {@code warmMapedFileEnable} is on).
     */
    public static MappedFile open(File file, long fileFromOffset, int fileSize, FileSpace space) throws IOException {
        return open(file, fileFromOffset, fileSize, space, AllocationPace.NONE);
    }

    /**
     * As {@link #open(File, long, int, FileSpace)}, writing the zeros (when it writes any) at the pace
     * {@code pace} sets, one piece at a time.
     */
    public static MappedFile open(File file, long fileFromOffset, int fileSize, FileSpace space, AllocationPace pace)
            throws IOException {
        boolean created = !file.exists();
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            FileChannel channel = raf.getChannel();
            long length = raf.length();
            if (length < fileSize && space.reserved()) {
                long written = space.zerosWrittenDirect()
                        ? DirectZeros.write(file, channel, length, fileSize, space.zerosPerStep(), pace) : length;
                allocate(channel, written, fileSize, space, pace);
            } else if (length != fileSize) {
                raf.setLength(fileSize);
            }
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileSize);
            if (space == FileSpace.RESERVED_SINGLE_PAGES) {
                LinuxFiles.adviseSmallPages(buffer);
            }
            // The mapping stays valid after the channel closes.
            return new MappedFile(file, fileFromOffset, fileSize, buffer);
        } catch (AllocationPace.HandedOver e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (created && file.exists() && !file.delete()) {
                e.addSuppressed(new IOException("cannot delete the partly allocated " + file));
            }
            throw e;
        }
    }

    /**
     * Writes zeros from {@code from} to {@code size} through the page cache, in the writes and steps {@code space}
     * asks for, each write ending on a multiple of its size, and forces the file, so the file system holds the
     * blocks (including those {@link DirectZeros} wrote before {@code from}).
     */
    private static void allocate(FileChannel channel, long from, int size, FileSpace space, AllocationPace pace)
            throws IOException {
        int perWrite = space.zerosPerWrite();
        ByteBuffer zeros = ByteBuffer.allocate(perWrite);
        long at = from;
        while (at < size) {
            pace.await(at);
            long stepEnd = Math.min(size, at + space.zerosPerStep());
            while (at < stepEnd) {
                zeros.clear().limit((int) Math.min(perWrite - at % perWrite, stepEnd - at));
                while (zeros.hasRemaining()) {
                    at += channel.write(zeros, at);
                }
            }
        }
        channel.force(false);
    }

    /** The file name for a start offset: 20 digits, zero padded, as RocketMQ names them. */
    public static String fileName(long offset) {
        String digits = Long.toString(offset);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits;
    }

    public File file() {
        return file;
    }

    public long fileFromOffset() {
        return fileFromOffset;
    }

    public int fileSize() {
        return fileSize;
    }

    /** The shared mapping; use absolute gets and puts only, never its position. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int wrotePosition() {
        return wrotePosition;
    }

    public void setWrotePosition(int position) {
        wrotePosition = position;
    }

    public int flushedPosition() {
        return flushedPosition;
    }

    public void setFlushedPosition(int position) {
        flushedPosition = position;
    }

    public boolean isFull() {
        return wrotePosition >= fileSize;
    }

    /** A view of {@code length} bytes at {@code position}; shares the mapped memory, copies nothing. */
    public ByteBuffer slice(int position, int length) {
        return buffer.slice(position, length);
    }

    /**
     * Writes {@code src}'s remaining bytes at {@code position} with positional writes on the file (pwrite(2)),
     * not through the mapping, and consumes them. The bytes are in the page cache, and so visible through
     * {@link #buffer()}, when this returns.
     *
     * <p>Why not a put into the mapping: a page written through a shared mapping is mapped writable, so
     * every flush must write-protect it again and flush the TLB (page by page), and the next write into it
     * faults; on a virtual machine each of those is a trip to the hypervisor. A positional write leaves the
     * mapping read-only in practice, and a flush then only writes pages out.
     *
     * <p>The file channel is interruptible: a writer thread interrupted during a write closes it. The write is
     * then retried once on a fresh channel with the interrupt set aside (a positional write may be repeated),
     * and the interrupt is restored afterwards, so a stopping executor cannot fail later appends.
     */
    public void write(int position, ByteBuffer src) throws IOException {
        try {
            writeFully(position, src);
        } catch (ClosedChannelException e) {
            boolean interrupted = Thread.interrupted();
            try {
                channel = null;
                writeFully(position, src);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void writeFully(int position, ByteBuffer src) throws IOException {
        if (position < 0 || position + src.remaining() > fileSize) {
            throw new IllegalArgumentException(src.remaining() + " bytes at " + position + " do not fit in " + this);
        }
        FileChannel channel = writerChannel();
        int at = position;
        int start = src.position();
        try {
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        } catch (ClosedChannelException e) {
            src.position(start);
            throw e;
        }
    }

    /**
     * Before the writer's first store through the mapping into a page of a sparse file: gives the pages holding
     * the {@code length} bytes at {@code position} their disk blocks, and when it must write some, the next
     * {@code pagesAhead} pages too (see {@link PageBacking}). A full disk throws here, before anything is
     * stored, instead of faulting in the store.
     */
    public void backPages(int position, int length, int pagesAhead) throws IOException {
        if (backing == null) {
            backing = new PageBacking(fileSize);
        }
        backing.ensure(this, position, length, pagesAhead);
    }

    /**
     * Whether the {@code length} bytes at {@code position} are all in the page cache now (mincore(2) on
     * Linux), so reading them needs no disk. A hint: the answer may change as soon as it is given.
     */
    public boolean isResident(int position, int length) {
        return buffer.slice(position, length).isLoaded();
    }

    /**
     * Forces the bytes written since the last force and returns the new flushed position. A failure is
     * thrown, never swallowed: the caller decides that nothing after the old position is durable.
     */
    public int force() {
        int target = wrotePosition;
        int from = flushedPosition;
        if (target > from) {
            buffer.force(from, target - from);
            flushedPosition = target;
        }
        return target;
    }

    /** Zeroes everything from {@code position} to the end and moves both positions back to it. */
    public void truncate(int position) {
        int i = position;
        for (; i < fileSize && (i & 7) != 0; i++) {
            if (buffer.get(i) != 0) {
                buffer.put(i, (byte) 0);
            }
        }
        // Eight bytes at a time, writing only where something is there: the tail is mostly zeros already.
        for (; i + 8 <= fileSize; i += 8) {
            if (buffer.getLong(i) != 0) {
                buffer.putLong(i, 0);
            }
        }
        for (; i < fileSize; i++) {
            if (buffer.get(i) != 0) {
                buffer.put(i, (byte) 0);
            }
        }
        buffer.force();
        wrotePosition = position;
        flushedPosition = position;
    }

    /**
     * Takes a reference, so the mapping stays valid until {@link #release()}; false (and no reference) once
     * the file was destroyed and its last reference released.
     */
    public boolean hold() {
        for (;;) {
            int count = references;
            if (count <= 0) {
                return false;
            }
            if (count == PINNED || REFERENCES.compareAndSet(this, count, count + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reference taken with {@link #hold()}; the last one of a destroyed file unmaps it. */
    public void release() {
        for (;;) {
            int count = references;
            if (count == PINNED) {
                return;
            }
            if (count <= 0) {
                throw new IllegalStateException(file + " released more often than held");
            }
            if (REFERENCES.compareAndSet(this, count, count - 1)) {
                if (count == 1) {
                    unmapped = Unmapper.unmap(buffer);
                    closeChannel();
                }
                return;
            }
        }
    }

    /** The writer's channel on the file, opened by the first call; {@link #closeChannel()} closes it. */
    FileChannel writerChannel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return channel;
    }

    /**
     * Closes the channel {@link #write} or {@link #backPages} opened, if any; a later write opens a new one. Only
     * by the writer.
     */
    public void closeChannel() {
        FileChannel open = channel;
        if (open != null) {
            channel = null;
            try {
                open.close();
            } catch (IOException e) {
                // Nothing was written through it after the last write returned; closing loses nothing.
            }
        }
    }

    /**
     * Deletes the file now and drops the owner's reference: the mapping is unmapped at once when nobody
     * holds the file, else when the last holder releases it. Only the first call does anything.
     *
     * @return whether the file was deleted from the directory
     */
    public boolean destroy() {
        synchronized (this) {
            if (destroyed) {
                return false;
            }
            destroyed = true;
        }
        boolean deleted = file.delete();
        release();
        return deleted;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /** True once the mapping was unmapped (after {@link #destroy()} and the last release). */
    public boolean isUnmapped() {
        return unmapped;
    }

    /** References held now, the owner's included (0 once unmapped). */
    public int references() {
        return references;
    }

    public long lastModified() {
        return file.lastModified();
    }

    @Override
    public String toString() {
        return file.getName() + "[wrote=" + wrotePosition + ", flushed=" + flushedPosition + "]";
    }
}
