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
 * Finds where the valid commit log ends and cuts it there. It walks records from {@code scanFrom} (a record
 * boundary: the checkpoint's offset) and stops at the first record that is not valid, so it reads what was
 * written since the checkpoint and never the unwritten rest of a file: a record counts only if it has a message magic, lengths that add up inside its
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

    /**
     * Returns the end of the valid log after cutting everything past it.
     *
     * @param checkCrc whether each record's body CRC is checked (after a crash)
     * @param zeroTail whether the bytes past the end are zeroed, in case a crash left a torn record or
     *                 unforced later records there; after a clean stop everything past the end is still the
     *                 zeros the file was allocated with, and is not read at all
     */
    public static long recover(MappedFileQueue files, long scanFrom, boolean checkCrc, boolean zeroTail) {
        List<MappedFile> all = files.files();
        if (all.isEmpty()) {
            return scanFrom - scanFrom % files.fileSize();
        }
        MappedFile start = files.find(scanFrom);
        int startIndex = start == null ? 0 : all.indexOf(start);
        int startPosition = start == null ? 0 : (int) (scanFrom - start.fileFromOffset());
        StoredMessageView view = new StoredMessageView();
        CRC32 crc = new CRC32();
        long end = all.get(all.size() - 1).fileFromOffset() + files.fileSize();
        for (int i = startIndex; i < all.size(); i++) {
            MappedFile file = all.get(i);
            int position = validPrefix(file, i == startIndex ? startPosition : 0, view, crc, checkCrc);
            if (position < file.fileSize()) {
                end = file.fileFromOffset() + position;
                break;
            }
        }
        long lastFileStart = end - end % files.fileSize();
        files.truncateTo(end, zeroTail);
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

    /** Where the valid records from {@code from} in {@code file} end; its size when it is complete. */
    private static int validPrefix(MappedFile file, int from, StoredMessageView view, CRC32 crc, boolean checkCrc) {
        int size = file.fileSize();
        int position = from;
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
