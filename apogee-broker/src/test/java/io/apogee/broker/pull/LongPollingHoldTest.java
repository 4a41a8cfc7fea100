package io.apogee.broker.pull;

import io.apogee.protocol.header.PullMessageRequestHeader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LongPollingHoldTest {

    private final List<HeldPull> resumed = new ArrayList<>();
    private final LongPollingHold hold = new LongPollingHold(resumed::add, 2);

    private static HeldPull pull(String topic, int queueId, long deadline) {
        PullMessageRequestHeader header = new PullMessageRequestHeader("group", topic, queueId, 0, 32, 0, 0,
                15_000, null, 0L, null, null, null, null, null);
        return new HeldPull(null, null, header, deadline);
    }

    @Test
    void parksNoMoreThanItsBoundAndHasRoomAgainOnceOnesLeave() {
        assertThat(hold.hold(pull("A", 0, 100))).isTrue();
        assertThat(hold.hold(pull("B", 1, 200))).isTrue();
        assertThat(hold.hold(pull("A", 0, 100))).as("the third pull is past the bound").isFalse();
        assertThat(hold.size()).isEqualTo(2);

        hold.onDispatched("A", 0, 0, 0, 0);
        assertThat(resumed).hasSize(1);
        assertThat(hold.size()).isEqualTo(1);
        HeldPull third = pull("C", 0, 300);
        assertThat(hold.hold(third)).isTrue();
        assertThat(hold.hold(pull("C", 0, 300))).isFalse();

        assertThat(hold.release(third)).isTrue();
        assertThat(hold.release(third)).as("released once only").isFalse();
        hold.expire(250);
        assertThat(resumed).hasSize(2);
        assertThat(hold.size()).isZero();
    }

    /** While a pull is parked the store dispatches each append at once rather than in its next round. */
    @Test
    void awaitsMessagesWhileAnyPullIsParked() {
        assertThat(hold.awaitsMessages()).isFalse();
        HeldPull pull = pull("A", 0, 100);
        hold.hold(pull);
        assertThat(hold.awaitsMessages()).isTrue();
        hold.release(pull);
        assertThat(hold.awaitsMessages()).isFalse();

        hold.hold(pull("A", 0, 100));
        hold.onDispatched("B", 0, 0, 0, 0);
        assertThat(hold.awaitsMessages()).as("a message to another queue").isTrue();
        hold.onDispatched("A", 0, 0, 0, 0);
        assertThat(hold.awaitsMessages()).isFalse();
    }
}
