package io.apogee.controller.state;

import io.apogee.controller.ControllerCodes;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules every controller applies the same way, whatever the leader decided. */
class ReplicaStateTest {

    private final ReplicaState state = new ReplicaState();

    private void members(long... ids) {
        for (long id : ids) {
            assertThat(state.apply(Command.register("c1", "b", id, "127.0.0.1:" + id)).ok()).isTrue();
        }
    }

    @Test
    void theFirstElectionMayPickAnyMemberAndLaterOnesOnlyTheInSyncSet() {
        members(1, 2, 3);
        Outcome first = state.apply(Command.elect("b", 3L, 0, false));
        assertThat(first.ok()).isTrue();
        assertThat(first.group().masterBrokerId()).isEqualTo(3L);
        assertThat(first.group().syncStateSet()).containsExactly(3L);

        Outcome outsider = state.apply(Command.elect("b", 1L, 1, false));
        assertThat(outsider.code()).isEqualTo(ControllerCodes.CONTROLLER_ELECT_MASTER_FAILED);
        assertThat(state.group("b").masterEpoch()).isEqualTo(1);

        Outcome unclean = state.apply(Command.elect("b", 1L, 1, true));
        assertThat(unclean.ok()).isTrue();
        assertThat(unclean.group().masterEpoch()).isEqualTo(2);
    }

    @Test
    void anElectionDecidedOnAnOldEpochIsRefused() {
        members(1, 2);
        state.apply(Command.elect("b", 1L, 0, false));
        state.apply(Command.alterSyncStateSet("b", 1, 1, 1, Set.of(1L, 2L)));
        assertThat(state.apply(Command.elect("b", 2L, 1, false)).ok()).isTrue();
        Outcome stale = state.apply(Command.elect("b", 1L, 1, false));
        assertThat(stale.code()).isEqualTo(ControllerCodes.CONTROLLER_FENCED_MASTER_EPOCH);
        assertThat(state.group("b").masterBrokerId()).isEqualTo(2L);
        assertThat(state.group("b").masterEpoch()).isEqualTo(2);
    }

    @Test
    void theInSyncSetChangesOnlyFromTheMasterAtTheCurrentEpochsAndHoldsIt() {
        members(1, 2, 3);
        state.apply(Command.elect("b", 1L, 0, false));
        int setEpoch = state.group("b").syncStateSetEpoch();
        assertThat(state.apply(Command.alterSyncStateSet("b", 2, 1, setEpoch, Set.of(1L, 2L))).code())
                .isEqualTo(ControllerCodes.CONTROLLER_INVALID_MASTER);
        assertThat(state.apply(Command.alterSyncStateSet("b", 1, 0, setEpoch, Set.of(1L, 2L))).code())
                .isEqualTo(ControllerCodes.CONTROLLER_FENCED_MASTER_EPOCH);
        assertThat(state.apply(Command.alterSyncStateSet("b", 1, 1, setEpoch - 1, Set.of(1L, 2L))).code())
                .isEqualTo(ControllerCodes.CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH);
        assertThat(state.apply(Command.alterSyncStateSet("b", 1, 1, setEpoch, Set.of(2L))).code())
                .isEqualTo(ControllerCodes.CONTROLLER_INVALID_REPLICAS);
        assertThat(state.apply(Command.alterSyncStateSet("b", 1, 1, setEpoch, Set.of(1L, 9L))).code())
                .isEqualTo(ControllerCodes.CONTROLLER_INVALID_REPLICAS);
        Outcome grown = state.apply(Command.alterSyncStateSet("b", 1, 1, setEpoch, Set.of(1L, 2L)));
        assertThat(grown.ok()).isTrue();
        assertThat(grown.group().syncStateSet()).containsExactly(1L, 2L);
        assertThat(grown.group().syncStateSetEpoch()).isEqualTo(setEpoch + 1);
    }

    @Test
    void losingTheMasterWithNoCandidateClearsItButKeepsTheEpoch() {
        members(1, 2);
        state.apply(Command.elect("b", 1L, 0, false));
        Outcome none = state.apply(Command.elect("b", null, 1, false));
        assertThat(none.code()).isEqualTo(ControllerCodes.CONTROLLER_MASTER_NOT_AVAILABLE);
        assertThat(state.group("b").masterBrokerId()).isNull();
        assertThat(state.group("b").masterEpoch()).isEqualTo(1);
        assertThat(state.group("b").syncStateSet()).containsExactly(1L);
    }

    @Test
    void aSnapshotRestoresEveryGroupAndControllerAddress() {
        members(1, 2);
        state.apply(Command.elect("b", 2L, 0, false));
        state.apply(Command.controllerAddress("n1", "127.0.0.1:19876"));
        ReplicaState copy = new ReplicaState();
        copy.restore(state.snapshot());
        assertThat(copy.group("b")).isEqualTo(state.group("b"));
        assertThat(copy.controllerAddress("n1")).isEqualTo("127.0.0.1:19876");
        assertThat(copy.group("b").nextBrokerId()).isEqualTo(3);
    }

    @Test
    void aCommandSurvivesItsLogEncoding() {
        Command command = Command.alterSyncStateSet("b", 1, 4, 7, Set.of(1L, 2L));
        assertThat(Command.decode(command.encode())).isEqualTo(command);
        Outcome outcome = state.apply(Command.register("c1", "b", 1, "127.0.0.1:1"));
        assertThat(Outcome.decode(outcome.encode())).isEqualTo(outcome);
    }

    @Test
    void cleaningMembersDropsThemFromTheInSyncSetAndCleaningTheLastDropsTheGroup() {
        members(1, 2, 3);
        state.apply(Command.elect("b", 1L, 0, false));
        state.apply(Command.alterSyncStateSet("b", 1, 1, 1, Set.of(1L, 2L, 3L)));
        int setEpoch = state.group("b").syncStateSetEpoch();

        Outcome slave = state.apply(Command.clean("b", Set.of(3L)));
        assertThat(slave.ok()).isTrue();
        assertThat(slave.group().members()).containsOnlyKeys(1L, 2L);
        assertThat(slave.group().syncStateSet()).containsExactly(1L, 2L);
        assertThat(slave.group().syncStateSetEpoch()).isEqualTo(setEpoch + 1);
        assertThat(slave.group().masterBrokerId()).isEqualTo(1L);

        Outcome master = state.apply(Command.clean("b", Set.of(1L)));
        assertThat(master.group().masterBrokerId()).isNull();
        assertThat(master.group().masterEpoch()).isEqualTo(1);
        assertThat(master.group().syncStateSet()).containsExactly(2L);

        assertThat(state.apply(Command.clean("b", Set.of(2L))).ok()).isTrue();
        assertThat(state.group("b")).isNull();
        assertThat(state.apply(Command.clean("b", Set.of())).code())
                .isEqualTo(ControllerCodes.CONTROLLER_INVALID_CLEAN_BROKER_METADATA);
    }

    @Test
    void cleaningWithNoBrokerIdsDropsTheWholeGroup() {
        members(1, 2);
        state.apply(Command.elect("b", 1L, 0, false));
        assertThat(state.apply(Command.clean("b", Set.of())).ok()).isTrue();
        assertThat(state.group("b")).isNull();
        assertThat(Command.decode(Command.clean("b", Set.of(2L)).encode()).forgotten()).containsExactly(2L);
    }
}
