package io.apogee.store.queue;

import io.apogee.store.commitlog.CommitLog;
import io.apogee.store.file.MappedFile;

import java.util.Arrays;

/**
 * The commit-log files one queue read holds while its slices are in use: one reference per distinct file
 * (a read spans one file, two at a file edge). Running it releases them all, once.
 *
 * <p>Thread safety: filled by the reading thread; {@link #run()} is called once, from any thread, after the
 * result was handed over (the hand-over publishes the filled state).
 */
final class FileLeases implements Runnable {

    private MappedFile[] files = new MappedFile[2];
    private int count;

    /** The held file containing {@code offset}, taking a reference on first use; null when not readable. */
    MappedFile hold(CommitLog commitLog, long offset) {
        for (int i = count - 1; i >= 0; i--) {
            MappedFile file = files[i];
            if (file.fileFromOffset() <= offset && offset < file.fileFromOffset() + file.fileSize()) {
                return file;
            }
        }
        MappedFile file = commitLog.hold(offset);
        if (file != null) {
            if (count == files.length) {
                files = Arrays.copyOf(files, count * 2);
            }
            files[count++] = file;
        }
        return file;
    }

    @Override
    public void run() {
        for (int i = 0; i < count; i++) {
            files[i].release();
            files[i] = null;
        }
        count = 0;
    }
}
