package io.apogee.store.recovery;

import io.apogee.protocol.message.MessageChecksum;
import io.apogee.protocol.message.StoredMessageLayout;
import io.apogee.protocol.message.StoredMessageView;
import io.apogee.store.file.MappedFile;
import io.apogee.store.file.MappedFileQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.zip.CRC32;

/**
 * Finds where the valid commit log ends and cuts it there. It walks records from the start of the file
 * holding {@code scanFrom}: a record counts only if it has a message magic, lengths that add up inside its
 * file, its own offset in its PHYSICALOFFSET field, and (when asked) a matching body CRC; a BLANK filler must
 * reach exactly the end of its file. The first record that fails ends the log: it and everything after it
 * is zeroed or deleted, so a torn write is never served.
 *
 * <p>Thread safety: used by recovery before any other store thread starts.
 */
public final class CommitLogScanner {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLogScanner.class);

    private CommitLogScanner() {
    }

    /** Returns the end of the valid log after truncating everything past it. */
    public static long recover(MappedFileQueue files, long scanFrom, boolean checkCrc) {
        List<MappedFile> all = files.files();
        if (all.isEmpty()) {
            return scanFrom - scanFrom % files.fileSize();
        }
        MappedFile start = files.find(scanFrom);
        int startIndex = start == null ? 0 : all.indexOf(start);
        StoredMessageView view = new StoredMessageView();
        CRC32 crc = new CRC32();
        long end = all.get(all.size() - 1).fileFromOffset() + files.fileSize();
        for (int i = startIndex; i < all.size(); i++) {
            MappedFile file = all.get(i);
            int position = validPrefix(file, view, crc, checkCrc);
            if (position < file.fileSize()) {
                end = file.fileFromOffset() + position;
                break;
            }
        }
        long lastFileStart = end - end % files.fileSize();
        files.truncateTo(end);
        for (MappedFile file : files.files()) {
            int wrote = file.fileFromOffset() < lastFileStart ? file.fileSize() : (int) (end - file.fileFromOffset());
            file.setWrotePosition(wrote);
            file.setFlushedPosition(wrote);
        }
        if (end < all.get(all.size() - 1).fileFromOffset() + files.fileSize()) {
            LOG.info("commit log recovered up to offset {}", end);
        }
        return end;
    }

    /** Bytes of valid records from the start of {@code file}; its size when it is complete. */
    private static int validPrefix(MappedFile file, StoredMessageView view, CRC32 crc, boolean checkCrc) {
        int size = file.fileSize();
        int position = 0;
        while (position + StoredMessageLayout.BLANK_MIN_LENGTH <= size) {
            view.wrap(file.buffer(), position);
            int magic = view.magic();
            int total = view.totalSize();
            if (magic == StoredMessageLayout.MAGIC_BLANK) {
                return total == size - position ? size : position;
            }
            if (!view.isWellFormed(size) || view.physicalOffset() != file.fileFromOffset() + position) {
                return position;
            }
            if (checkCrc && MessageChecksum.crc32(crc, file.buffer(), view.bodyIndex(), view.bodyLength())
                    != view.bodyCrc()) {
                return position;
            }
            position += total;
        }
        return position == size ? size : position;
    }
}
