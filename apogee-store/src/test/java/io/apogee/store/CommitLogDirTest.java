package io.apogee.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.apogee.store.StoreFixture.single;
import static io.apogee.store.StoreFixture.smallConfig;
import static io.apogee.store.StoreFixture.start;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code storePathCommitLog} puts the commit log where RocketMQ's key says, and a restart finds it there. */
class CommitLogDirTest {

    @TempDir
    Path root;
    @TempDir
    Path elsewhere;
    private MappedMessageStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.shutdown();
        }
    }

    @Test
    void theCommitLogLivesInTheConfiguredDirectoryAcrossARestart() throws Exception {
        Map<String, String> config = smallConfig(root);
        Path commitLog = elsewhere.resolve("log-disk");
        config.put(MessageStoreConfig.STORE_PATH_COMMIT_LOG, commitLog.toString());
        store = start(config);
        assertThat(store.append(single("Placed", 0, "here"))).isEqualTo(AppendStatus.PUT_OK);
        store.shutdown();

        assertThat(Files.list(commitLog).count()).as("commit-log files in " + commitLog).isPositive();
        assertThat(root.resolve("commitlog")).doesNotExist();
        store = start(config);
        assertThat(store.maxOffsetInQueue("Placed", 0)).isEqualTo(1);
    }

    @Test
    void withoutTheKeyTheCommitLogIsUnderTheRoot() {
        MessageStoreConfig config = MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, "data"));
        assertThat(config.commitLogDir()).isEqualTo(Path.of("data", "commitlog"));
    }
}
