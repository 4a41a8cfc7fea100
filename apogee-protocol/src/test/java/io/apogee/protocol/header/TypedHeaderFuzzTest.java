package io.apogee.protocol.header;

import io.apogee.protocol.ProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Headers built from random keys and values decode or fail with a ProtocolException, nothing else. */
class TypedHeaderFuzzTest {

    private static final List<Class<?>> HEADERS = TypedHeaderContractTest.headers().toList();

    @Provide
    Arbitrary<Map<String, String>> fields() {
        Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
                "n", "topic", "queueId", "consumerGroup", "queueOffset", "maxMsgNums", "sysFlag", "commitOffset",
                "suspendTimeoutMillis", "subVersion", "offset", "group", "delayLevel", "brokerId", "msgId",
                "producerGroup", "tranStateTableOffset", "commitLogOffset", "commitOrRollback", "timestamp",
                "isForce", "bname", "nsd", "oway", "lo", "brokerName", "brokerAddr", "clusterName", "haServerAddr");
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("0", "-1", "true", "false", "", " 1",
                        "99999999999999999999", "1.5", "TRUE", "null"),
                Arbitraries.strings().ofMaxLength(8), Arbitraries.longs().map(String::valueOf));
        return Arbitraries.maps(keys, values).ofMaxSize(30).map(HashMap::new);
    }

    @Property(tries = 500)
    void everyHeaderDecodesOrRaisesAProtocolError(@ForAll("fields") Map<String, String> fields) {
        for (Class<?> type : HEADERS) {
            try {
                Object header = TypedHeaderContractTest.decode(type, fields);
                assertThat(header).isNotNull();
            } catch (ProtocolException expected) {
                assertThat(expected.getMessage()).contains("'");
            }
        }
        try {
            SendMessageRequestHeader.decodeV2(fields);
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).contains("SEND_MESSAGE_V2");
        }
    }
}
