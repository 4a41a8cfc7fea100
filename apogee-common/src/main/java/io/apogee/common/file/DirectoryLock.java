package io.apogee.common.file;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An operating-system lock on a file in a data folder, held for as long as one process uses the
 * folder: a second broker on the same store, or a second name server on the same KV folder, is
 * refused at start instead of writing over the first one's files. The lock file names its holder
 * (process id, start time), so the refusal can say who holds the folder.
 *
 * <p>The operating system drops the lock when the holder's process ends, even by SIGKILL, so a
 * crashed process never leaves a folder locked; the file itself stays behind and means nothing
 * without the lock. Within one JVM a second acquire of the same folder is refused too.
 *
 * <p>Thread safety: {@link #acquire} may be called from any thread; {@link #close} once, by the owner.
 */
public final class DirectoryLock implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory} (created if missing) through the file {@code name} inside it.
     *
     * @param what what the folder holds, for the refusal's text (e.g. "store")
     * @throws DirectoryInUseException when another process, or this one, already holds it
     * @throws IOException when the lock file cannot be created or written
     */
    public static DirectoryLock acquire(Path directory, String name, String what) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(name);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = readHolder(channel);
            channel.close();
            throw new DirectoryInUseException("the " + what + " in " + directory.toAbsolutePath().normalize()
                    + " is in use by another Apogee process" + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + "; stop that process, or give this one a folder of its own");
        }
        try {
            writeHolder(channel);
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new DirectoryLock(file, channel, lock);
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Releases the lock; the folder may then be used by another process. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        String text = "pid=" + ProcessHandle.current().pid() + "\nstarted="
                + Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()) + "\n";
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        channel.truncate(0);
        long position = 0;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
        channel.force(true);
    }

    /** What the lock file says of its holder, as {@code pid N, started T}; empty when it says nothing readable. */
    private static String readHolder(FileChannel channel) {
        try {
            long size = Math.min(channel.size(), 256);
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, bytes.position()) <= 0) {
                    break;
                }
            }
            String pid = null;
            String started = null;
            for (String line : new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("pid=")) {
                    pid = line.substring(4).trim();
                } else if (line.startsWith("started=")) {
                    started = line.substring(8).trim();
                }
            }
            if (pid == null || pid.isEmpty() || !pid.chars().allMatch(Character::isDigit)) {
                return "";
            }
            return "pid " + pid + (started == null ? "" : ", started " + started);
        } catch (IOException e) {
            return "";
        }
    }
}
