package io.apogee.client.scenario;

import io.apogee.client.ApogeeCluster;

import java.nio.file.Path;

/** The scenario suite against an Apogee name server and broker; runs in every build. */
class ApogeeScenarioTest extends ScenarioSuite {

    private ApogeeCluster cluster;

    @Override
    String startPeer(Path dir) {
        cluster = new ApogeeCluster(dir.resolve("apogee"));
        return cluster.namesrvAddr();
    }

    @Override
    void stopPeer() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
