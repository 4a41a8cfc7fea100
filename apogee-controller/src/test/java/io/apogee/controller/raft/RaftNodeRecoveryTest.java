package io.apogee.controller.raft;

import io.apogee.controller.Controller;
import io.apogee.controller.ControllerGroup;
import io.apogee.controller.state.Command;
import io.apogee.controller.state.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletionException;

import static io.apogee.controller.ControllerGroup.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A controller whose command failed while the group had no leader (a majority down longer than the client
 * retries) still writes commands once a leader is back: one failure must not close its way into the group.
 */
class RaftNodeRecoveryTest {

    @TempDir
    Path folder;
    private ControllerGroup group;

    @AfterEach
    void stop() {
        if (group != null) {
            group.close();
        }
    }

    @Test
    void aMemberWritesAgainAfterACommandFailedForWantOfALeader() throws Exception {
        group = new ControllerGroup(folder, c -> c.scanInactiveMasterInterval(600_000));
        Controller survivor = group.leader();
        int self = group.indexOf(survivor);
        for (int i = 0; i < 3; i++) {
            if (i != self) {
                group.stop(i);
            }
        }

        assertThatThrownBy(() -> survivor.node().submit(Command.register("c1", "broker-r", 1, "127.0.0.1:1"))
                .join()).isInstanceOf(CompletionException.class);

        for (int i = 0; i < 3; i++) {
            if (i != self) {
                group.start(i);
            }
        }
        group.leader();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            Outcome outcome = survivor.node().submit(Command.register("c1", "broker-r", 2, "127.0.0.1:2")).join();
            assertThat(outcome.ok()).isTrue();
        });
        // The reply comes once the leader applied the entry; this member applies it when it hears of the commit.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(survivor.state().group("broker-r")).isNotNull()
                .satisfies(g -> assertThat(g.members()).containsEntry(2L, "127.0.0.1:2")));
    }
}
