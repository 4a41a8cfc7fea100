package io.apogee.controller.election;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness by heartbeat, and the shorter wait once the heartbeats' connection closed. */
class BrokerLivenessTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final BrokerLiveness liveness = new BrokerLiveness(now::get, 10_000);
    private final Object connection = new Object();
    private final Object other = new Object();

    @Test
    void aBrokerIsAliveForItsOwnTimeoutAfterItsLastHeartbeat() {
        liveness.heard("a", 1, 4_000L, 1, 0L, null, connection);
        now.addAndGet(4_000);
        assertThat(liveness.alive("a", 1, 0)).isTrue();
        now.addAndGet(1);
        assertThat(liveness.alive("a", 1, 0)).isFalse();
    }

    @Test
    void aClosedConnectionEndsItsBrokersLifeWhenTheirMasterLeaseHasSurelyRunOut() {
        liveness.heard("a", 1, 4_000L, 1, 0L, null, connection);
        liveness.heard("a", 2, 4_000L, 1, 0L, null, other);
        now.addAndGet(500);

        long wait = liveness.connectionClosed(connection);

        // The lease is half the timeout from the heartbeat's sending; the margin covers clock drift.
        long lost = 2_000 + BrokerLiveness.CLOSED_MARGIN_MILLIS;
        assertThat(wait).isEqualTo(lost - 500);
        now.addAndGet(wait);
        assertThat(liveness.alive("a", 1, 0)).isTrue();
        now.addAndGet(1);
        assertThat(liveness.alive("a", 1, 0)).isFalse();
        assertThat(liveness.alive("a", 2, 0)).as("a broker on another connection keeps its timeout").isTrue();
    }

    @Test
    void aHeartbeatOverANewConnectionRestoresTheWholeTimeout() {
        liveness.heard("a", 1, 4_000L, 1, 0L, null, connection);
        liveness.connectionClosed(connection);
        liveness.heard("a", 1, 4_000L, 1, 0L, null, other);
        now.addAndGet(3_000);
        assertThat(liveness.alive("a", 1, 0)).isTrue();
    }

    @Test
    void closingAConnectionNoHeartbeatCameOverChangesNothing() {
        liveness.heard("a", 1, 4_000L, 1, 0L, null, connection);
        assertThat(liveness.connectionClosed(other)).isEqualTo(-1);
        now.addAndGet(3_000);
        assertThat(liveness.alive("a", 1, 0)).isTrue();
    }

    @Test
    void aConnectionClosedLongAfterTheLastHeartbeatMeansLostAtOnce() {
        liveness.heard("a", 1, 4_000L, 1, 0L, null, connection);
        now.addAndGet(3_000);
        assertThat(liveness.connectionClosed(connection)).isZero();
        assertThat(liveness.alive("a", 1, 0)).isFalse();
    }
}
