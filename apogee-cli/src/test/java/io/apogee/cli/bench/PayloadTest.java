package io.apogee.cli.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadTest {

    @Test
    void aBodyCarriesItsRunSequenceNumberAndSendTimes() {
        Payload payload = new Payload(100);
        long before = System.nanoTime();
        long beforeMicros = Payload.epochMicros();
        byte[] body = payload.body(42, 7);

        assertThat(body).hasSize(100);
        assertThat(Payload.isBench(body)).isTrue();
        assertThat(Payload.runId(body)).isEqualTo(42);
        assertThat(Payload.seq(body)).isEqualTo(7);
        assertThat(Payload.sentNanos(body)).isBetween(before, System.nanoTime());
        assertThat(Payload.sentEpochMicros(body)).isBetween(beforeMicros, Payload.epochMicros());
    }

    @Test
    void otherBodiesAreNotTakenForBenchMessages() {
        assertThat(Payload.isBench(null)).isFalse();
        assertThat(Payload.isBench(new byte[10])).isFalse();
        assertThat(Payload.isBench(new byte[Payload.HEADER_BYTES])).isFalse();
        assertThatThrownBy(() -> new Payload(Payload.HEADER_BYTES - 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
