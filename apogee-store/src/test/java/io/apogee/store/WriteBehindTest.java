package io.apogee.store;

import io.apogee.protocol.message.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import static io.apogee.store.StoreFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends written behind (ASYNC_FLUSH, on an I/O thread): staged, written together by one task on the caller's
 * executor, and answered only once written. The executor here keeps its tasks until the test runs them, so each
 * test sees the store between the staging and the write.
 */
class WriteBehindTest {

    @TempDir
    Path dir;
    MappedMessageStore store;
    final List<Runnable> tasks = new ArrayList<>();
    final Executor later = tasks::add;

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    @Test
    void stagedSendsAreNeitherReadableNorAnsweredUntilTheOneWriteForAllOfThemRuns() throws Exception {
        store = start(smallConfig(dir));
        long start = store.commitLogMaxOffset();
        List<CompletableFuture<AppendStatus>> answers = new ArrayList<>();
        List<AppendRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AppendRequest request = single("Behind", 0, "m" + i);
            answers.add(store.appendAsync(request, later));
            requests.add(request);
        }

        assertThat(tasks).as("one write for the three").hasSize(1);
        assertThat(answers).noneMatch(CompletableFuture::isDone);
        assertThat(store.commitLogMaxOffset()).as("nothing readable yet").isEqualTo(start);
        for (int i = 1; i < 3; i++) {
            assertThat(requests.get(i).physicalOffset).isEqualTo(requests.get(i - 1).endOffset);
            assertThat(requests.get(i).queueOffset).isEqualTo(i);
        }

        tasks.remove(0).run();

        assertThat(answers).allMatch(answer -> answer.getNow(null) == AppendStatus.PUT_OK);
        assertThat(store.commitLogMaxOffset()).isEqualTo(requests.get(2).endOffset);
        assertThat(readAll("Behind")).containsExactly("m0", "m1", "m2");
    }

    @Test
    void anAppendNotWrittenBehindWritesTheStagedRecordsBeforeItsOwn() throws Exception {
        store = start(smallConfig(dir));
        CompletableFuture<AppendStatus> staged = store.appendAsync(single("Mixed", 0, "behind"), later);
        AppendRequest direct = single("Mixed", 0, "direct");

        assertThat(store.append(direct)).isEqualTo(AppendStatus.PUT_OK);

        assertThat(direct.queueOffset).isEqualTo(1);
        assertThat(store.commitLogMaxOffset()).isEqualTo(direct.endOffset);
        assertThat(readAll("Mixed")).containsExactly("behind", "direct");
        assertThat(staged).as("answered by its own write task, which finds nothing left to write").isNotDone();
        tasks.remove(0).run();
        assertThat(staged.getNow(null)).isEqualTo(AppendStatus.PUT_OK);
    }

    @Test
    void recordsStagedNearAFileEndAreWrittenIntoThatFileBeforeTheLogRolls() throws Exception {
        store = start(smallConfig(dir));
        byte[] body = new byte[4000];
        List<AppendRequest> requests = new ArrayList<>();
        List<CompletableFuture<AppendStatus>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            AppendRequest request = single("Rolling", 0, body, Map.of("i", Integer.toString(i)));
            answers.add(store.appendAsync(request, later));
            requests.add(request);
        }
        tasks.forEach(Runnable::run);

        assertThat(answers).allMatch(answer -> answer.getNow(null) == AppendStatus.PUT_OK);
        assertThat(requests.get(39).physicalOffset / COMMIT_LOG_FILE).as("crossed files").isGreaterThanOrEqualTo(2);
        for (AppendRequest request : requests) {
            assertThat((request.endOffset - 1) / COMMIT_LOG_FILE).as("record at %d", request.physicalOffset)
                    .isEqualTo(request.physicalOffset / COMMIT_LOG_FILE);
        }
        List<StoredMessage> read = new ArrayList<>();
        await().untilAsserted(() -> {
            read.clear();
            long offset = 0;
            while (read.size() < 40) {
                GetMessageResult result = store.getMessage("Rolling", 0, offset, 32, 1 << 20, null);
                List<StoredMessage> batch = decodeAll(result);
                result.release();
                assertThat(batch).isNotEmpty();
                read.addAll(batch);
                offset += batch.size();
            }
        });
        for (int i = 0; i < 40; i++) {
            assertThat(read.get(i).physicalOffset()).isEqualTo(requests.get(i).physicalOffset);
        }
    }

    @Test
    void shutdownWritesWhatIsStagedSoARestartedStoreHasIt() throws Exception {
        Map<String, String> config = smallConfig(dir);
        store = start(config);
        CompletableFuture<AppendStatus> staged = store.appendAsync(single("Stopping", 0, "kept"), later);

        store.shutdown();
        store = null;

        assertThat(staged.getNow(null)).isEqualTo(AppendStatus.PUT_OK);
        store = start(config);
        assertThat(readAll("Stopping")).containsExactly("kept");
    }

    private List<String> readAll(String topic) {
        List<String> bodies = new ArrayList<>();
        await().untilAsserted(() -> {
            GetMessageResult result = store.getMessage(topic, 0, 0, 32, 1 << 20, null);
            bodies.clear();
            decodeAll(result).forEach(m -> bodies.add(text(m)));
            result.release();
            assertThat(bodies).isNotEmpty();
            long expected = store.maxOffsetInQueue(topic, 0);
            assertThat((long) bodies.size()).isEqualTo(expected);
        });
        return bodies;
    }
}
