package io.apogee.namesrv.route;

import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.DataVersion;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.body.TopicRouteData;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouteRegistryTest {

    private final RouteRegistry registry = new RouteRegistry();

    private static BrokerRegistration registration(String broker, String addr, long id, DataVersion version,
                                                   Object channel, TopicConfig... topics) {
        Map<String, TopicConfig> table = new HashMap<>();
        for (TopicConfig topic : topics) {
            table.put(topic.topicName(), topic);
        }
        return new BrokerRegistration("c1", broker, addr, id, addr + "-ha", false, version, table, channel);
    }

    @Test
    void routeListsEveryBrokerHostingTheTopic() {
        registry.register(registration("b", "10.0.0.2:10911", 0, new DataVersion(0, 1, 1), null,
                TopicConfig.of("T", 4, 4, 6)), 0);
        registry.register(registration("a", "10.0.0.1:10911", 0, new DataVersion(0, 1, 1), null,
                TopicConfig.of("T", 8, 2, 6)), 0);

        TopicRouteData route = registry.route("T", null);

        assertThat(route.queueDatas()).containsExactly(new QueueData("a", 8, 2, 6, 0), new QueueData("b", 4, 4, 6, 0));
        assertThat(route.brokerDatas()).extracting(BrokerData::brokerName).containsExactly("a", "b");
        assertThat(route.brokerDatas().get(0).masterAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(registry.route("unknown", null)).isNull();
    }

    @Test
    void incrementalRegistrationKeepsEarlierTopics() {
        registry.register(registration("a", "h:1", 0, new DataVersion(0, 1, 1), null,
                TopicConfig.of("T1", 4, 4, 6), TopicConfig.of("T2", 4, 4, 6)), 0);
        registry.register(registration("a", "h:1", 0, new DataVersion(0, 2, 2), null,
                TopicConfig.of("T3", 2, 2, 6)), 10);

        assertThat(registry.topics()).containsExactly("T1", "T2", "T3");
    }

    @Test
    void anUnchangedDataVersionOnlyRefreshesLiveness() {
        DataVersion version = new DataVersion(0, 1, 1);
        registry.register(registration("a", "h:1", 0, version, null, TopicConfig.of("T", 4, 4, 6)), 0);
        registry.register(registration("a", "h:1", 0, version, null, TopicConfig.of("T", 1, 1, 6)), 100_000);

        assertThat(registry.route("T", null).queueDatas().get(0).writeQueueNums()).isEqualTo(4);
        assertThat(registry.removeBrokers(150_000, 120_000, null)).isEmpty();
        assertThat(registry.removeBrokers(220_001, 120_000, null)).containsExactly("h:1");
        assertThat(registry.route("T", null)).isNull();
    }

    @Test
    void aChangedDataVersionUpdatesQueues() {
        registry.register(registration("a", "h:1", 0, new DataVersion(0, 1, 1), null, TopicConfig.of("T", 4, 4, 6)), 0);
        registry.register(registration("a", "h:1", 0, new DataVersion(0, 2, 2), null, TopicConfig.of("T", 16, 16, 6)), 1);

        assertThat(registry.route("T", null).queueDatas().get(0).readQueueNums()).isEqualTo(16);
    }

    @Test
    void closingTheRegisteringConnectionDropsOnlyThatBroker() {
        Object channelA = new Object();
        Object channelB = new Object();
        registry.register(registration("a", "h:1", 0, new DataVersion(0, 1, 1), channelA, TopicConfig.of("T", 4, 4, 6)), 0);
        registry.register(registration("b", "h:2", 0, new DataVersion(0, 1, 1), channelB, TopicConfig.of("T", 4, 4, 6)), 0);

        assertThat(registry.removeBrokers(1, 120_000, channelA)).containsExactly("h:1");

        assertThat(registry.route("T", null).brokerDatas()).extracting(BrokerData::brokerName).containsExactly("b");
        assertThat(registry.clusterInfo().clusterAddrTable().get("c1")).containsExactly("b");
    }

    @Test
    void slaveLearnsItsMasterAndOutlivesNothing() {
        registry.register(registration("a", "m:1", 0, new DataVersion(0, 1, 1), null, TopicConfig.of("T", 4, 4, 6)), 0);
        RegistrationResult slave = registry.register(registration("a", "s:1", 1, new DataVersion(0, 1, 1), null,
                TopicConfig.of("T", 4, 4, 6)), 0);

        assertThat(slave).isEqualTo(new RegistrationResult("m:1", "m:1-ha"));
        assertThat(registry.clusterInfo().brokerAddrTable().get("a").brokerAddrs())
                .containsEntry(0L, "m:1").containsEntry(1L, "s:1");

        registry.unregister("c1", "m:1", "a", 0);
        assertThat(registry.route("T", null)).as("the slave still serves reads").isNotNull();
        registry.unregister("c1", "s:1", "a", 1);
        assertThat(registry.route("T", null)).isNull();
        assertThat(registry.clusterInfo().brokerAddrTable()).isEmpty();
        assertThat(registry.clusterInfo().clusterAddrTable()).isEmpty();
    }

    @Test
    void deleteTopicByClusterAndEverywhere() {
        registry.register(new BrokerRegistration("c1", "a", "h:1", 0, null, false, new DataVersion(0, 1, 1),
                Map.of("T", TopicConfig.of("T", 4, 4, 6)), null), 0);
        registry.register(new BrokerRegistration("c2", "b", "h:2", 0, null, false, new DataVersion(0, 1, 1),
                Map.of("T", TopicConfig.of("T", 4, 4, 6), "U", TopicConfig.of("U", 1, 1, 6)), null), 0);

        assertThat(registry.topicsOfCluster("c1")).containsExactly("T");
        registry.deleteTopic("T", "c1");
        assertThat(registry.route("T", null).brokerDatas()).extracting(BrokerData::brokerName).containsExactly("b");
        registry.deleteTopic("T", null);
        assertThat(registry.topics()).containsExactly("U");
        assertThat(registry.systemTopics()).containsExactly("a", "b", "c1", "c2");
    }

    @Test
    void wipingWritePermissionLeavesReadsAndCanBeUndone() {
        registry.register(registration("a", "h:1", 0, new DataVersion(0, 1, 1), null,
                TopicConfig.of("T", 4, 4, 6), TopicConfig.of("U", 4, 4, 7)), 0);

        assertThat(registry.setWritable("a", false)).isEqualTo(2);
        assertThat(registry.route("U", null).queueDatas().get(0).perm()).isEqualTo(5);
        assertThat(registry.route("T", null).queueDatas().get(0).isWritable()).isFalse();
        assertThat(registry.setWritable("a", true)).isEqualTo(2);
        assertThat(registry.route("T", null).queueDatas().get(0).perm()).isEqualTo(6);
    }
}
