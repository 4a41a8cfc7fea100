package io.apogee.client.scenario;

import io.apogee.client.RocketMqCluster;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;

/**
 * The scenario suite against Apache RocketMQ 5.3.3's own name server and broker, started in this
 * JVM from the Maven Central jars, plus the scenarios Apogee's broker does not serve yet (orderly
 * consumption, retries, transactions). Tagged {@code rocketmq}: it runs with {@code -Procketmq}.
 */
@Tag("rocketmq")
class RocketMqScenarioTest extends ScenarioSuite {

    private RocketMqCluster cluster;

    @Override
    String startPeer(Path dir) throws Exception {
        cluster = new RocketMqCluster(dir.resolve("rocketmq"));
        return cluster.namesrvAddr();
    }

    @Override
    void stopPeer() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
