package io.apogee.store;

import java.io.File;

/**
 * Where the store learns how full its disk is; injectable so tests can simulate a full disk.
 *
 * <p>Thread safety: {@link #usedRatio} is called from the retention thread; {@link #usableBytes} from the
 * appending thread that rolls the commit log to a new file (under the commit log's write lock).
 */
@FunctionalInterface
public interface DiskUsageSource {

    /** Used fraction (0..1) of the file system holding {@code path}. */
    double usedRatio(File path);

    /** Bytes this process may still write on the file system holding {@code path}. */
    default long usableBytes(File path) {
        return path.getUsableSpace();
    }

    /** The real file system. */
    static DiskUsageSource fileSystem() {
        return path -> {
            long total = path.getTotalSpace();
            return total <= 0 ? 0 : (double) (total - path.getUsableSpace()) / total;
        };
    }
}
