package io.apogee.broker.client;

import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.ConsumeType;
import io.apogee.protocol.body.ConsumerData;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.SubscriptionData;
import io.apogee.protocol.command.LanguageCode;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRegistryTest {

    private final ClientRegistry<String> registry = new ClientRegistry<>();

    private static ConsumerData group(String name, SubscriptionData... subscriptions) {
        return new ConsumerData(name, ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, Set.of(subscriptions), false);
    }

    private static ClientInfo client(String id) {
        return new ClientInfo(id, LanguageCode.JAVA, 479, "10.0.0." + id.substring(1) + ":5000");
    }

    private static SubscriptionData sub(String topic, String expression, long version) {
        return new SubscriptionData(false, topic, expression, Set.of(), Set.of(), version, "TAG");
    }

    @Test
    void membershipChangesAreReportedOnlyWhenTheyHappen() {
        assertThat(registry.registerConsumer("conn1", client("c1"), group("g", sub("T", "*", 1)), 0)).isTrue();
        assertThat(registry.registerConsumer("conn1", client("c1"), group("g", sub("T", "*", 1)), 10)).isFalse();
        assertThat(registry.registerConsumer("conn2", client("c2"), group("g", sub("T", "*", 1)), 10)).isTrue();

        assertThat(registry.consumerIds("g")).containsExactly("c1", "c2");
        assertThat(registry.unregisterConsumer("g", "c1")).isTrue();
        assertThat(registry.unregisterConsumer("g", "c1")).isFalse();
        assertThat(registry.consumerIds("g")).containsExactly("c2");
    }

    @Test
    void closedAndSilentConnectionsAreRemoved() {
        registry.registerConsumer("conn1", client("c1"), group("g", sub("T", "*", 1)), 0);
        registry.registerConsumer("conn2", client("c2"), group("g", sub("T", "*", 1)), 100_000);
        registry.registerConsumer("conn3", client("c3"), group("h", sub("U", "*", 1)), 100_000);

        assertThat(registry.removeConnections("conn3", 100_000, 120_000)).containsExactly("h");
        assertThat(registry.consumerIds("h")).isEmpty();
        assertThat(registry.subscription("h", "U")).as("an empty group keeps no subscriptions").isNull();

        assertThat(registry.removeConnections(null, 120_001, 120_000)).containsExactly("g");
        assertThat(registry.consumerIds("g")).containsExactly("c2");
    }

    @Test
    void aNewerSubscriptionReplacesAnOlderOne() {
        registry.registerConsumer("conn1", client("c1"), group("g", sub("T", "TagA", 5)), 0);
        registry.registerConsumer("conn2", client("c2"), group("g", sub("T", "TagB", 3)), 0);
        assertThat(registry.subscription("g", "T").subString()).isEqualTo("TagA");

        registry.registerConsumer("conn2", client("c2"), group("g", sub("T", "TagA || TagB", 9)), 1);
        assertThat(registry.subscription("g", "T").subString()).isEqualTo("TagA || TagB");
    }

    @Test
    void adminViewsShowMembersSubscriptionsAndTopicsConsumed() {
        registry.registerConsumer("conn1", client("c1"), group("g", sub("T", "*", 1)), 0);
        registry.registerConsumer("conn2", client("c2"), group("g", sub("T", "*", 1), sub("U", "*", 1)), 0);
        registry.registerConsumer("conn3", client("c3"), group("h", sub("U", "*", 1)), 0);
        registry.registerProducer("conn1", client("c1"), "p", 0);

        ClientRegistry.ConsumerGroupView g = registry.consumerGroup("g");
        assertThat(g.members()).extracting(ClientInfo::address).containsExactlyInAnyOrder("10.0.0.1:5000", "10.0.0.2:5000");
        assertThat(g.subscriptions()).containsOnlyKeys("T", "U");
        assertThat(g.latest().messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(registry.consumerGroupsOf("U")).containsExactly("g", "h");
        assertThat(registry.consumerGroupsOf("T")).containsExactly("g");
        assertThat(registry.producers("p")).extracting(ClientInfo::clientId).containsExactly("c1");
        assertThat(registry.producers("q")).isEmpty();

        registry.removeConnections("conn3", 0, 120_000);
        assertThat(registry.consumerGroup("h")).isNull();
        assertThat(registry.consumerGroupsOf("U")).containsExactly("g");
    }
}
