package io.apogee.broker.transaction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PendingHalfMessagesTest {

    private final PendingHalfMessages pending = new PendingHalfMessages();

    @Test
    void aDispatchedHalfMessageIsPendingUntilDecidedOnce() {
        pending.recoveryDone();
        pending.dispatched(0, 100);
        assertThat(pending.isPending(0)).isTrue();
        assertThat(pending.decide(0)).isTrue();
        assertThat(pending.decide(0)).as("a repeated decision").isFalse();
        assertThat(pending.size()).isZero();
    }

    @Test
    void aDecisionBeforeTheDispatchKeepsTheMessageFromBecomingPending() {
        pending.recoveryDone();
        assertThat(pending.decide(3)).isTrue();
        assertThat(pending.decide(3)).isFalse();
        pending.dispatched(3, 100);
        assertThat(pending.isPending(3)).isFalse();
        pending.dispatched(4, 100);
        assertThat(pending.snapshot()).extracting(PendingHalfMessages.Pending::queueOffset).containsExactly(4L);
    }

    @Test
    void recoveryKeepsOnlyUndecidedMessagesAndAppliesDispatchesHeldMeanwhile() {
        pending.dispatched(2, 300);
        pending.dispatched(3, 400);
        pending.recovered(0, 100, true, 0);
        pending.recovered(1, 200, false, 0);
        pending.recovered(2, 300, false, 3);
        assertThat(pending.isPending(3)).as("held back during recovery").isFalse();
        pending.recoveryDone();
        assertThat(pending.snapshot()).extracting(PendingHalfMessages.Pending::queueOffset).containsExactly(1L, 2L, 3L);
        assertThat(pending.decide(0)).as("decided before the restart").isFalse();
        assertThat(pending.snapshot()).extracting(PendingHalfMessages.Pending::checks).containsExactly(0, 3, 0);
    }
}
