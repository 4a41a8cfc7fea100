package io.apogee.namesrv.route;

import io.apogee.protocol.body.DataVersion;

/** The liveness record of one broker address: when it last registered, and with what data. */
record LiveBroker(String clusterName, String brokerName, long brokerId, String haServerAddr,
                  DataVersion dataVersion, long lastUpdateMillis, Object channel) {
}
