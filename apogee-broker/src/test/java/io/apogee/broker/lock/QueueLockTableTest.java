package io.apogee.broker.lock;

import io.apogee.protocol.body.MessageQueue;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class QueueLockTableTest {

    private static final MessageQueue Q0 = new MessageQueue("t", "b", 0);
    private static final MessageQueue Q1 = new MessageQueue("t", "b", 1);

    private final AtomicLong now = new AtomicLong(1_000);
    private final QueueLockTable<String> locks = new QueueLockTable<>(60_000, now::get);

    @Test
    void aQueueHeldByOneClientIsNotGrantedToAnother() {
        assertThat(locks.tryLock("g", "a", "conn-a", Set.of(Q0))).containsExactly(Q0);
        assertThat(locks.tryLock("g", "b", "conn-b", Set.of(Q0, Q1))).containsExactly(Q1);
        assertThat(locks.holder("g", Q0)).isEqualTo("a");
        assertThat(locks.holder("g", Q1)).isEqualTo("b");
    }

    @Test
    void otherGroupsLockTheSameQueueIndependently() {
        locks.tryLock("g", "a", "conn-a", Set.of(Q0));
        assertThat(locks.tryLock("h", "b", "conn-b", Set.of(Q0))).containsExactly(Q0);
    }

    @Test
    void renewalByTheHolderKeepsTheLockPastTheOriginalExpiry() {
        locks.tryLock("g", "a", "conn-a", Set.of(Q0));
        now.addAndGet(50_000);
        assertThat(locks.tryLock("g", "a", "conn-a", Set.of(Q0))).containsExactly(Q0);
        now.addAndGet(50_000);
        assertThat(locks.tryLock("g", "b", "conn-b", Set.of(Q0))).isEmpty();
    }

    @Test
    void anExpiredLockGoesToTheNextClient() {
        locks.tryLock("g", "a", "conn-a", Set.of(Q0));
        now.addAndGet(60_001);
        assertThat(locks.holder("g", Q0)).isNull();
        assertThat(locks.tryLock("g", "b", "conn-b", Set.of(Q0))).containsExactly(Q0);
        assertThat(locks.holder("g", Q0)).isEqualTo("b");
    }

    @Test
    void unlockReleasesOnlyTheCallersOwnQueues() {
        locks.tryLock("g", "a", "conn-a", Set.of(Q0));
        locks.tryLock("g", "b", "conn-b", Set.of(Q1));
        locks.unlock("g", "a", Set.of(Q0, Q1));
        assertThat(locks.holder("g", Q0)).isNull();
        assertThat(locks.holder("g", Q1)).isEqualTo("b");
    }

    @Test
    void aClosedConnectionFreesItsQueuesAtOnce() {
        locks.tryLock("g", "a", "conn-a", Set.of(Q0, Q1));
        locks.tryLock("h", "a", "conn-a", Set.of(Q0));
        locks.tryLock("h", "c", "conn-c", Set.of(Q1));
        assertThat(locks.releaseOwner("conn-a")).isEqualTo(3);
        assertThat(locks.tryLock("g", "b", "conn-b", Set.of(Q0, Q1))).containsExactlyInAnyOrder(Q0, Q1);
        assertThat(locks.holder("h", Q1)).isEqualTo("c");
    }
}
