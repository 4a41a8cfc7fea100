package io.apogee.store;

import java.io.File;

/**
 * Where the store learns how full its disk is; injectable so tests can simulate a full disk.
 *
 * <p>Thread safety: called from the retention thread only.
 */
@FunctionalInterface
public interface DiskUsageSource {

    /** Used fraction (0..1) of the file system holding {@code path}. */
    double usedRatio(File path);

    /** The real file system. */
    static DiskUsageSource fileSystem() {
        return path -> {
            long total = path.getTotalSpace();
            return total <= 0 ? 0 : (double) (total - path.getUsableSpace()) / total;
        };
    }
}
