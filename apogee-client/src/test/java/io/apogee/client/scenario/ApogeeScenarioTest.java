package io.apogee.client.scenario;

import io.apogee.client.ApogeeCluster;

import java.nio.file.Path;

/** The scenario suite against an Apogee name server and broker; runs in every build. */
class ApogeeScenarioTest extends ScenarioSuite {

    private ApogeeCluster cluster;

    @Override
    String startPeer(Path dir) {
        // Transaction checks as soon as the suite's RocketMQ broker makes them.
        cluster = new ApogeeCluster(dir.resolve("apogee"), 1, config -> config.transactionTimeOut(1_000)
                .transactionCheckInterval(1_000));
        return cluster.namesrvAddr();
    }

    @Override
    void stopPeer() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
