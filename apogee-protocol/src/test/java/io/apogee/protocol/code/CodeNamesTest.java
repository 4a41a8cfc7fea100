package io.apogee.protocol.code;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodeNamesTest {

    @Test
    void namesComeFromTheConstants() {
        assertThat(RequestCode.name(RequestCode.SEND_MESSAGE_V2)).isEqualTo("SEND_MESSAGE_V2");
        assertThat(RequestCode.name(105)).isEqualTo("GET_ROUTEINFO_BY_TOPIC");
        assertThat(ResponseCode.name(ResponseCode.TRANSACTION_STATE_UNKNOW)).isEqualTo("TRANSACTION_STATE_UNKNOW");
        assertThat(ResponseCode.name(-1006)).isEqualTo("RPC_TIME_OUT");
    }

    @Test
    void unknownCodesReadAsTheirNumber() {
        assertThat(RequestCode.name(4242)).isEqualTo("4242");
        assertThat(RequestCode.isKnown(4242)).isFalse();
        assertThat(ResponseCode.isKnown(17)).isTrue();
    }
}
