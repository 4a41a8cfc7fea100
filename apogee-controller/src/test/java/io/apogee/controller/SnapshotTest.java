package io.apogee.controller;

import io.apogee.controller.state.BrokerGroup;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.HeaderFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static io.apogee.controller.ControllerGroup.PATIENCE;
import static io.apogee.controller.ControllerGroupTest.broker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The controllers snapshot their state, purge the log behind it, and come back from the snapshot. */
class SnapshotTest {

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
    void theLogIsPurgedBehindSnapshotsAndARestartedGroupComesBackFromThem() throws Exception {
        group = new ControllerGroup(folder, c -> c.snapshotThreshold(50).logSegmentSize(8 * 1024)
                .scanInactiveMasterInterval(600_000));
        Controller leader = group.leader();
        // 400 registrations, each moving a broker to a new port, so the log holds many entries of one small state.
        for (int round = 0; round < 8; round++) {
            List<CompletableFuture<RemotingCommand>> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long id = 1 + i % 4;
                RemotingCommand request = RemotingCommand.request(ControllerCodes.CONTROLLER_REGISTER_BROKER);
                broker("broker-s", id, "127.0.0.1:" + (20_000 + round * 50 + i))
                        .forEach((k, v) -> HeaderFields.put(HeaderFields.writable(request), k, v));
                sent.add(group.client.invokeAsync(leader.remotingAddress(), request, 30_000));
            }
            for (CompletableFuture<RemotingCommand> reply : sent) {
                assertThat(reply.join().code()).isZero();
            }
        }
        // Requests sent together are served by several threads, in any order: the last word is sent alone.
        assertThat(group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                broker("broker-s", 4, "127.0.0.1:29999"), null).code()).isZero();
        assertThat(group.send(leader, ControllerCodes.CONTROLLER_ELECT_MASTER,
                Map.of("clusterName", "c1", "brokerName", "broker-s", "brokerId", 4L), null).code()).isZero();
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (int i = 0; i < 3; i++) {
                Path store = folder.resolve("n" + i);
                assertThat(files(store, "snapshot.")).as("snapshots of n" + i).isNotEmpty();
                assertThat(files(store, "log_0-")).as("first log segment of n" + i + " purged").isEmpty();
            }
        });
        BrokerGroup before = leader.state().group("broker-s");
        assertThat(before.members()).containsEntry(4L, "127.0.0.1:29999");

        for (int i = 0; i < 3; i++) {
            group.stop(i);
        }
        for (int i = 0; i < 3; i++) {
            group.start(i);
        }
        Controller restarted = group.leader();
        for (Controller c : group.running()) {
            assertThat(c.state().group("broker-s")).isEqualTo(before);
        }
        RemotingCommand info = group.send(restarted, ControllerCodes.CONTROLLER_GET_REPLICA_INFO,
                Map.of("brokerName", "broker-s"), null);
        assertThat(info.extField("masterBrokerId")).isEqualTo("4");
        assertThat(info.extField("masterAddress")).isEqualTo("127.0.0.1:29999");
        assertThat(info.extField("masterEpoch")).isEqualTo("1");
    }

    @Test
    void aFollowerBehindThePurgedLogCatchesUpFromTheLeadersSnapshot() throws Exception {
        group = new ControllerGroup(folder, c -> c.snapshotThreshold(50).logSegmentSize(8 * 1024)
                .scanInactiveMasterInterval(600_000));
        Controller leader = group.leader();
        int behind = (group.indexOf(leader) + 1) % 3;
        group.stop(behind);
        for (int i = 0; i < 300; i++) {
            assertThat(group.send(leader, ControllerCodes.CONTROLLER_REGISTER_BROKER,
                    broker("broker-f", 1 + i % 4, "127.0.0.1:" + (30_000 + i)), null).code()).isZero();
        }
        Path leaderStore = folder.resolve("n" + group.indexOf(leader));
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(files(leaderStore, "log_0-")).as("the leader purged its first log segment").isEmpty());

        group.start(behind);
        Controller caughtUp = group.get(behind);
        // Its log ends before the leader's begins: only the leader's snapshot can bring it up to date.
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(caughtUp.state().group("broker-f")).isEqualTo(leader.state().group("broker-f"));
            assertThat(caughtUp.state().group("broker-f").members()).containsEntry(4L, "127.0.0.1:30299");
        });
    }

    /** Files under {@code store} whose names start with {@code prefix}, MD5 side files left out. */
    private static List<Path> files(Path store, String prefix) {
        try (Stream<Path> walk = Files.walk(store)) {
            return walk.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> !p.getFileName().toString().endsWith(".md5")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
