package io.apogee.broker.ha;

import io.apogee.store.AppendStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The SYNC_MASTER acknowledgement rules, without sockets. */
class ReplicaAcksTest {

    private final AtomicLong masterEnd = new AtomicLong();

    @Test
    void withoutAnInSyncSlaveASendIsAnsweredSlaveNotAvailableAtOnce() {
        ReplicaAcks acks = new ReplicaAcks(masterEnd::get, 1_000, 60_000);
        masterEnd.set(100);
        assertThat(acks.await(100)).isCompletedWithValue(AppendStatus.SLAVE_NOT_AVAILABLE);
        ReplicaAcks.Replica replica = acks.connected();
        assertThat(acks.await(100)).as("connected but not reported yet")
                .isCompletedWithValue(AppendStatus.SLAVE_NOT_AVAILABLE);
        masterEnd.set(5_000);
        acks.report(replica, 100);
        assertThat(acks.await(5_000)).as("further behind than haMaxGapNotInSync")
                .isCompletedWithValue(AppendStatus.SLAVE_NOT_AVAILABLE);
    }

    @Test
    void inControllerModeASendWaitsForExactlyTheConfirmedSlavesConnectedOrNot() {
        ReplicaAcks acks = new ReplicaAcks(masterEnd::get, 1_000, 60_000);
        acks.require(Set.of(2L));
        masterEnd.set(100);
        CompletableFuture<AppendStatus> send = acks.await(100);
        assertThat(send).as("slave 2 is confirmed in sync but not connected: the send waits").isNotDone();
        ReplicaAcks.Replica other = acks.connected();
        other.brokerId = 3;
        acks.report(other, 100);
        assertThat(send).as("slave 3 is not in the confirmed set").isNotDone();
        assertThat(acks.caughtUp()).as("but it may join it").containsExactly(3L);
        ReplicaAcks.Replica confirmed = acks.connected();
        confirmed.brokerId = 2;
        acks.report(confirmed, 100);
        assertThat(send).isCompletedWithValue(AppendStatus.PUT_OK);

        masterEnd.set(5_000);
        CompletableFuture<AppendStatus> later = acks.await(5_000);
        assertThat(later).as("slave 2 fell far behind, yet stays required until the controller agrees").isNotDone();
        acks.require(Set.of());
        assertThat(later).as("the set shrank to the master alone").isCompletedWithValue(AppendStatus.PUT_OK);
    }

    @Test
    void oneReportReleasesEverySendItCoversAndNoOther() {
        ReplicaAcks acks = new ReplicaAcks(masterEnd::get, Long.MAX_VALUE, 60_000);
        ReplicaAcks.Replica replica = acks.connected();
        acks.report(replica, 0);
        List<CompletableFuture<AppendStatus>> sends = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            masterEnd.set(i * 10L);
            sends.add(acks.await(i * 10L));
        }
        assertThat(sends).noneMatch(CompletableFuture::isDone);
        acks.report(replica, 500);
        assertThat(sends.subList(0, 50)).allMatch(f -> f.getNow(null) == AppendStatus.PUT_OK);
        assertThat(sends.subList(50, 100)).noneMatch(CompletableFuture::isDone);
        assertThat(acks.waiting()).isEqualTo(50);
        acks.report(replica, 1_000);
        assertThat(sends).allMatch(f -> f.getNow(null) == AppendStatus.PUT_OK);
        assertThat(acks.waiting()).isZero();
    }

    @Test
    void everyInSyncSlaveMustHoldTheMessage() {
        ReplicaAcks acks = new ReplicaAcks(masterEnd::get, Long.MAX_VALUE, 60_000);
        ReplicaAcks.Replica first = acks.connected();
        ReplicaAcks.Replica second = acks.connected();
        acks.report(first, 0);
        acks.report(second, 0);
        masterEnd.set(100);
        CompletableFuture<AppendStatus> send = acks.await(100);
        acks.report(first, 100);
        assertThat(send).isNotDone();
        acks.report(second, 100);
        assertThat(send).isCompletedWithValue(AppendStatus.PUT_OK);
    }

    @Test
    void aSendTheSlaveDoesNotConfirmInTimeIsAnsweredFlushSlaveTimeout() {
        ReplicaAcks acks = new ReplicaAcks(masterEnd::get, Long.MAX_VALUE, 0);
        ReplicaAcks.Replica replica = acks.connected();
        acks.report(replica, 0);
        masterEnd.set(100);
        CompletableFuture<AppendStatus> send = acks.await(100);
        acks.expire(false);
        assertThat(send).isCompletedWithValue(AppendStatus.FLUSH_SLAVE_TIMEOUT);
    }

    @Test
    void aSlaveThatDisconnectsNoLongerHoldsBackSends() {
        ReplicaAcks acks = new ReplicaAcks(masterEnd::get, Long.MAX_VALUE, 60_000);
        ReplicaAcks.Replica fast = acks.connected();
        ReplicaAcks.Replica slow = acks.connected();
        acks.report(fast, 0);
        acks.report(slow, 0);
        masterEnd.set(100);
        CompletableFuture<AppendStatus> send = acks.await(100);
        acks.report(fast, 100);
        acks.disconnected(slow);
        assertThat(send).isCompletedWithValue(AppendStatus.PUT_OK);
    }
}
