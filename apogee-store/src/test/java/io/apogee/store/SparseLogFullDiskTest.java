package io.apogee.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * With {@code warmMapedFileEnable=false} the commit log's files are sparse, so a write in the middle of a file can
 * find the disk full when something else filled it after the roll checked for room. On a real small file system
 * (a tmpfs the test mounts; skipped where mounting is not allowed) such a write must be refused with DISK_FULL,
 * not stop the store: reads go on, appends resume by themselves once space returns, and after a restart every
 * acknowledged message is there.
 */
class SparseLogFullDiskTest {

    private static final String TOPIC = "Sparse";
    private static final int BODY = 1000;

    @TempDir
    Path dir;
    @RegisterExtension
    final SmallTmpfs disk = new SmallTmpfs();
    MappedMessageStore store;

    private static byte[] body(int n) {
        byte[] body = new byte[BODY];
        Arrays.fill(body, (byte) '.');
        byte[] name = ("m-" + n + ";").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, body, 0, name.length);
        return body;
    }

    private static String name(byte[] body) {
        String text = new String(body, StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf(';'));
    }

    private List<String> storedNames() {
        return readQueue(store, TOPIC, 0).stream().map(message -> name(message.body())).toList();
    }

    private static Map<String, String> megabyteFiles(Path root) {
        Map<String, String> config = smallConfig(root);
        config.put(MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(1 << 20));
        config.put(MessageStoreConfig.WARM_MAPED_FILE_ENABLE, "false");
        return config;
    }

    @Test
    void aWriteThatFindsTheDiskFullIsRefusedAndAppendsResumeWhenSpaceReturns() throws Exception {
        Map<String, String> config = megabyteFiles(disk.root());
        store = disk.start(config);
        List<String> acknowledged = new ArrayList<>();
        int next = 0;
        for (; next < 20; next++) {
            assertThat(store.append(single(TOPIC, 0, body(next), Map.of()))).isEqualTo(AppendStatus.PUT_OK);
            acknowledged.add("m-" + next);
        }
        await().until(() -> store.maxOffsetInQueue(TOPIC, 0) == 20);

        Path filler = disk.fill();
        AppendStatus refusal = AppendStatus.PUT_OK;
        for (int i = 0; i < 100 && refusal == AppendStatus.PUT_OK; i++, next++) {
            refusal = store.append(single(TOPIC, 0, body(next), Map.of()));
            if (refusal == AppendStatus.PUT_OK) {
                acknowledged.add("m-" + next);
            }
        }
        assertThat(refusal).as("a write into a sparse page the full disk cannot back").isEqualTo(AppendStatus.DISK_FULL);
        assertThat(store.appendAsync(single(TOPIC, 0, body(next++), Map.of())).get())
                .as("refused again while the disk stays full, written behind or not").isEqualTo(AppendStatus.DISK_FULL);
        int visible = acknowledged.size();
        await().until(() -> store.maxOffsetInQueue(TOPIC, 0) == visible);
        assertThat(storedNames()).as("reads go on").containsExactlyElementsOf(acknowledged);

        Files.delete(filler);
        for (int i = 0; i < 10; i++, next++) {
            assertThat(store.append(single(TOPIC, 0, body(next), Map.of()))).as("space returned")
                    .isEqualTo(AppendStatus.PUT_OK);
            acknowledged.add("m-" + next);
        }
        store.shutdown();
        store = disk.start(config);
        assertThat(storedNames()).as("after a restart: every acknowledged message, in order; refused ones may be"
                + " there too, written once space returned").containsSubsequence(acknowledged);
    }

    @Test
    void aReplicatedWriteThatFindsTheDiskFullFailsWithoutStoppingTheStoreAndIsTakenAgainLater() throws Exception {
        MappedMessageStore master = start(megabyteFiles(dir.resolve("master")));
        try {
            for (int n = 0; n < 40; n++) {
                assertThat(master.append(single(TOPIC, 0, body(n), Map.of()))).isEqualTo(AppendStatus.PUT_OK);
            }
            await().until(() -> master.commitLogMaxOffset() > 0 && master.maxOffsetInQueue(TOPIC, 0) == 40);
            store = disk.start(megabyteFiles(disk.root()));
            ByteBuffer records = ByteBuffer.allocate(64 << 10);
            master.copyCommitLog(0, 20 << 10, records.clear());
            long end = store.appendReplicated(0, records.flip());
            assertThat(end).isPositive().isLessThan(master.commitLogMaxOffset());
            Path filler = disk.fill();
            master.copyCommitLog(end, 64 << 10, records.clear());
            long from = end;
            assertThatThrownBy(() -> store.appendReplicated(from, records.duplicate().flip()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no disk space");
            assertThat(store.commitLogMaxOffset()).as("nothing of the refused bytes is visible").isEqualTo(end);

            Files.delete(filler);
            assertThat(store.appendReplicated(from, records.flip())).as("the same bytes, once space returned")
                    .isEqualTo(master.commitLogMaxOffset());
            await().until(() -> store.maxOffsetInQueue(TOPIC, 0) == 40);
            assertThat(storedNames()).hasSize(40).startsWith("m-0").endsWith("m-39");
        } finally {
            master.shutdown();
        }
    }
}
