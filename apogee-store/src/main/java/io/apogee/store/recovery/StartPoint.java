package io.apogee.store.recovery;

import io.apogee.common.file.DurableFile;
import io.apogee.store.file.MappedFileQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a store's start resumes: the end of the valid commit log, the offset from which consume queues and index
 * are rebuilt by dispatching again, and whether the last stop was clean.
 *
 * <p>A clean shutdown writes the checkpoint and the clean-shutdown marker, which the next start consumes.
 * Without the marker the commit-log tail is scanned with CRC checks from the checkpoint's durable offset; with
 * it only magic and lengths are checked. Either way the log ends at the first invalid record.
 *
 * @param end   where the valid commit log ends
 * @param safe  below this, queues and index are known whole; dispatching again starts here
 * @param clean whether the marker was there
 */
public record StartPoint(long end, long safe, boolean clean) {

    private static final Logger LOG = LoggerFactory.getLogger(StartPoint.class);

    /**
     * Reads the marker {@code cleanMarker} and the checkpoint under {@code root}, scans the tail of the loaded
     * commit-log files, and removes the marker (forced away: after a power cut a marker that came back would make
     * the next start skip the checks).
     */
    public static StartPoint recover(Path root, String cleanMarker, MappedFileQueue commitLog) throws IOException {
        Path marker = root.resolve(cleanMarker);
        boolean clean = Files.exists(marker);
        Checkpoint checkpoint = Checkpoint.read(root);
        long safe = checkpoint == null ? commitLog.minOffset()
                : Math.max(commitLog.minOffset(), Math.min(checkpoint.dispatchedOffset(), checkpoint.flushedOffset()));
        if (!clean && !commitLog.isEmpty()) {
            LOG.warn("no clean-shutdown marker in {}: checking the commit log from offset {}", root, safe);
        }
        // The checkpoint's offsets were forced before it was written, so the records below them are whole:
        // either way the scan starts there and reads only what came after it.
        long end = CommitLogScanner.recover(commitLog, safe, !clean || checkpoint == null, !clean);
        DurableFile.remove(marker);
        return new StartPoint(end, safe, clean);
    }
}
