package io.apogee.protocol.body;

import io.apogee.protocol.ProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Broken or mismatched JSON bodies fail with a ProtocolException, never another exception. */
class JsonBodyFuzzTest {

    private static final List<Class<?>> BODIES = List.of(TopicRouteData.class, ClusterInfo.class,
            HeartbeatData.class, RegisterBrokerBody.class, LockBatchRequestBody.class, ResetOffsetBody.class,
            ConsumeStats.class, TopicStatsTable.class, KvTable.class, TopicList.class);

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of("{", "}", "[", "]", ":", ",", "\"brokerDatas\"", "\"brokerAddrs\"", "\"offsetTable\"",
                "\"consumerDataSet\"", "\"consumeType\"", "\"CONSUME_NOWHERE\"", "\"perm\"", "0", "-1", "1e999",
                "\"x\"", "true", "null", "{\"topic\":\"t\",\"queueId\":\"q\"}", "\"clientID\"", "\"table\"")
                .list().ofMaxSize(25).map(tokens -> String.join("", tokens));
    }

    @Property(tries = 500)
    void bodiesDecodeOrRaiseAProtocolError(@ForAll("jsonish") String json) {
        for (Class<?> type : BODIES) {
            try {
                JsonBody.decode(json.getBytes(StandardCharsets.UTF_8), type);
            } catch (ProtocolException expected) {
                // the only acceptable failure
            }
        }
    }
}
