package io.apogee.protocol.body;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The HEART_BEAT body: a client's id and every producer and consumer group it runs. V1 heartbeats
 * (the 5.3.3 default) send fingerprint 0 and {@code withoutSub} false. Immutable apart from its sets.
 */
public record HeartbeatData(String clientID, Set<ProducerData> producerDataSet, Set<ConsumerData> consumerDataSet,
                            int heartbeatFingerprint, boolean withoutSub) {

    public HeartbeatData {
        producerDataSet = producerDataSet == null ? new LinkedHashSet<>() : producerDataSet;
        consumerDataSet = consumerDataSet == null ? new LinkedHashSet<>() : consumerDataSet;
    }

    public byte[] encode() {
        return JsonBody.encode(this);
    }

    public static HeartbeatData decode(byte[] body) {
        return JsonBody.decode(body, HeartbeatData.class);
    }
}
