package io.apogee.common.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one way Apogee replaces a small state file (topic and group tables, offsets, checkpoints, KV
 * config, timer snapshots), so that a reader after a crash at any moment finds either the old content
 * or the new, never a torn or empty file:
 *
 * <ol>
 *   <li>write every byte to {@code <name>.tmp} in the same folder (looping until all is written);</li>
 *   <li>force the temporary file, so its bytes are on disk before its name can be;</li>
 *   <li>rename it over the target atomically;</li>
 *   <li>force the folder, so the rename itself survives a power cut.</li>
 * </ol>
 *
 * A failure at any step removes the temporary file and leaves the target as it was (or, after the
 * rename, already new). A process killed mid-way may leave the temporary file; the next replace
 * overwrites it, and readers never look at it.
 *
 * <p>Thread safety: stateless; callers serialize replaces of the same file themselves.
 */
public final class DurableFile {

    /** The steps of a replace, for tests that inject a failure after one of them. */
    enum Step { WRITTEN, FORCED, RENAMED }

    /** Called after each step; the production one does nothing. */
    @FunctionalInterface
    interface StepListener {
        void after(Step step) throws IOException;
    }

    private static final StepListener NO_STEPS = step -> { };

    private DurableFile() {
    }

    /** Replaces {@code file} with {@code content}, creating its folder if needed. */
    public static void replace(Path file, byte[] content) throws IOException {
        replace(file, content, NO_STEPS);
    }

    static void replace(Path file, byte[] content, StepListener steps) throws IOException {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        Files.createDirectories(folder);
        Path temp = temporaryOf(target);
        boolean renamed = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                steps.after(Step.WRITTEN);
                channel.force(true);
                steps.after(Step.FORCED);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            renamed = true;
            steps.after(Step.RENAMED);
            forceFolder(folder);
        } finally {
            if (!renamed) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Deletes {@code file} if it exists and forces its folder, so that the deletion survives a power cut
     * as a replace does; returns whether there was a file. For markers whose absence means something (the
     * store's clean-shutdown marker: once a start has removed it, a crash must not find it again).
     */
    public static boolean remove(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        boolean removed = Files.deleteIfExists(target);
        if (removed) {
            forceFolder(target.getParent());
        }
        return removed;
    }

    /** The file's bytes, or {@code null} when it does not exist. */
    public static byte[] readIfExists(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return null;
        }
        return Files.readAllBytes(file);
    }

    /** Where {@link #replace} stages the new content of {@code file}. */
    public static Path temporaryOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    private static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
