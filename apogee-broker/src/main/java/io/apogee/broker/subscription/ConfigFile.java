package io.apogee.broker.subscription;

import io.apogee.common.file.DurableFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The broker's state files under the store root (topics, groups, offsets, delay progress, timer
 * snapshots), replaced through {@link DurableFile} so that a crash leaves the old content or the new,
 * never a torn mix. Failures are unchecked here because the callers are periodic tasks and request
 * processors that report them as a whole.
 *
 * <p>Thread safety: stateless; callers serialize writes to the same file themselves.
 */
public final class ConfigFile {

    private ConfigFile() {
    }

    /** Replaces {@code file} with {@code content}. */
    public static void replace(Path file, byte[] content) {
        try {
            DurableFile.replace(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The file's bytes, or {@code null} when it does not exist. */
    public static byte[] readIfExists(Path file) {
        try {
            return DurableFile.readIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
