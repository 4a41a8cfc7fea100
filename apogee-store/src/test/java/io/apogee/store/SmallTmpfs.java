package io.apogee.store;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A real 4 MiB file system (a tmpfs mounted for each test) for tests of a full disk, and the stores a test starts
 * on it, which are shut down before it is unmounted. Mounting needs root, so a test that uses one is skipped
 * where it is not allowed (FileRollSpaceTest covers the refusals that need no real full disk).
 */
final class SmallTmpfs implements BeforeEachCallback, AfterEachCallback {

    /** Real free space, and a used ratio low enough that the store's own disk-use refusal never steps in. */
    static final DiskUsageSource REAL_SPACE = StoreFixture.lightlyUsed(File::getUsableSpace);

    private final List<MappedMessageStore> stores = new ArrayList<>();
    private Path root;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        root = Files.createTempDirectory("small-fs");
        int exit = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", root.toString());
        if (exit != 0) {
            Files.delete(root);
        }
        assumeThat(exit).as("mounting a tmpfs needs root (exit %d)", exit).isZero();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        stores.forEach(MappedMessageStore::shutdown);
        stores.clear();
        if (run("umount", root.toString()) != 0) {
            run("umount", "-l", root.toString());
        }
        Files.deleteIfExists(root);
    }

    Path root() {
        return root;
    }

    /** Starts a store that sees the real free space; it is shut down after the test if it is still running. */
    MappedMessageStore start(Map<String, String> config) throws Exception {
        MappedMessageStore store = StoreFixture.start(config, REAL_SPACE);
        stores.add(store);
        return store;
    }

    /** Writes a file until the file system refuses more; returns it, so that deleting it gives the space back. */
    Path fill() throws IOException {
        Path filler = root.resolve("filler");
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 10_000; i++) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("No space left on device");
            return filler;
        }
        throw new AssertionError("a 4 MiB tmpfs took 40 MiB");
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
