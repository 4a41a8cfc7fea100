package io.apogee.namesrv.route;

import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.body.DataVersion;

import java.util.Map;

/**
 * What one REGISTER_BROKER tells the name server: who the broker is, where clients reach it, and
 * the topics it hosts (all of them, or only the changed ones on an incremental registration).
 *
 * @param channel an identity for the connection the registration came over, so that the broker's
 *                routes can be dropped when that connection closes; may be {@code null}
 */
public record BrokerRegistration(String clusterName, String brokerName, String brokerAddr, long brokerId,
                                 String haServerAddr, boolean enableActingMaster, DataVersion dataVersion,
                                 Map<String, TopicConfig> topics, Object channel) {
}
