package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The official admin tool's broker commands against Apogee: the runtime figures {@code clusterList} and
 * {@code brokerStatus} print (GET_BROKER_RUNTIME_INFO), and reading and changing the broker's settings
 * (GET_BROKER_CONFIG, UPDATE_BROKER_CONFIG).
 */
class OfficialBrokerAdminTest extends AdminClusterTest {

    private static final String TOPIC = "BrokerAdminTopic";

    @Test
    void runtimeInfoCountsWhatWasSentAndConsumed() throws Exception {
        createTopic(TOPIC, 2);
        DefaultMQProducer producer = closer.add(startedProducer(cluster.namesrvAddr(), "broker_admin_producer",
                "broker-admin-producer"), DefaultMQProducer::shutdown);
        for (int i = 0; i < 7; i++) {
            producer.send(new Message(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        AtomicInteger consumed = new AtomicInteger();
        closer.add(startConsuming(consumerFromFirstOffset(cluster.namesrvAddr(), "broker_admin_group",
                uniqueInstanceName("broker-admin-consumer")), TOPIC, m -> consumed.incrementAndGet()),
                DefaultMQPushConsumer::shutdown);
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed.get() == 7);

        Map<String, String> info = admin.fetchBrokerRuntimeStats(broker).getTable();
        assertThat(info).containsEntry("msgPutTotalTodayNow", "7").containsEntry("msgGetTotalTodayNow", "7")
                .containsEntry("brokerVersion", Integer.toString(MQVersion.Version.V5_3_3.ordinal()));
        assertThat(info.get("brokerVersionDesc")).startsWith("apogee-").doesNotContain("${");
        assertThat(Long.parseLong(info.get("commitLogMaxOffset"))).isPositive();
        assertThat(Double.parseDouble(info.get("commitLogDiskRatio"))).isBetween(0.0, 1.0);
        // Rates over 10 s, a minute and 10 minutes; the first moves only once the sampler has run.
        assertThat(info.get("putTps").split(" ")).hasSize(3).allSatisfy(rate -> Double.parseDouble(rate));

        MqAdmin mqadmin = new MqAdmin(cluster.namesrvAddr());
        String clusterList = mqadmin.run("clusterList");
        assertThat(clusterList).contains(broker).contains(info.get("brokerVersionDesc"))
                .doesNotContain("Exception");
        String status = mqadmin.run("brokerStatus -b " + broker);
        assertThat(status).containsPattern("msgPutTotalTodayNow\\s*: 7").containsPattern("msgGetTotalTodayNow\\s*: 7");
    }

    @Test
    void brokerConfigShowsSettingsAndChangesTheLiveOnes() throws Exception {
        Properties config = admin.getBrokerConfig(broker);
        assertThat(config.getProperty("brokerName")).isEqualTo("broker-a");
        assertThat(config.getProperty("storePathRootDir")).isEqualTo(dir.resolve("store").toString());
        assertThat(config.getProperty("autoCreateTopicEnable")).isEqualTo("true");
        assertThat(config.getProperty("flushDiskType")).isEqualTo("ASYNC_FLUSH");

        Properties change = new Properties();
        change.setProperty("autoCreateTopicEnable", "false");
        admin.updateBrokerConfig(broker, change);
        assertThat(admin.getBrokerConfig(broker).getProperty("autoCreateTopicEnable")).isEqualTo("false");
        DefaultMQProducer producer = closer.add(startedProducer(cluster.namesrvAddr(), "broker_config_producer",
                "broker-config-producer"), DefaultMQProducer::shutdown);
        assertThatThrownBy(() -> producer.send(new Message("NotCreatedTopic", "x".getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("NotCreatedTopic");
    }

    @Test
    void autoCreateSubscriptionGroupCanBeTurnedOffAndOnLive() throws Exception {
        admin.updateBrokerConfig(broker, properties("autoCreateSubscriptionGroup", "false"));
        createTopic(TOPIC, 2);
        DefaultMQPushConsumer consumer = closer.add(startConsuming(consumerFromFirstOffset(cluster.namesrvAddr(),
                "late_group", uniqueInstanceName("late-consumer")), TOPIC, m -> { }), DefaultMQPushConsumer::shutdown);
        consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();
        assertThatThrownBy(() -> admin.examineConsumerConnectionInfo("late_group", broker))
                .as("a heartbeat of an unknown group is refused").isInstanceOfSatisfying(MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(206));

        admin.updateBrokerConfig(broker, properties("autoCreateSubscriptionGroup", "true"));
        consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();
        assertThat(admin.examineConsumerConnectionInfo("late_group", broker).getConnectionSet()).hasSize(1);
        assertThat(admin.examineSubscriptionGroupConfig(broker, "late_group").getGroupName()).isEqualTo("late_group");
    }

    @Test
    void brokerConfigRefusesUnknownInvalidAndStartOnlyKeys() throws Exception {
        assertThatThrownBy(() -> admin.updateBrokerConfig(broker, properties("autoCreateTopicEnabel", "false")))
                .isInstanceOf(MQBrokerException.class).hasMessageContaining("autoCreateTopicEnable");
        assertThatThrownBy(() -> admin.updateBrokerConfig(broker, properties("autoCreateTopicEnable", "maybe")))
                .isInstanceOf(MQBrokerException.class).hasMessageContaining("autoCreateTopicEnable");
        assertThatThrownBy(() -> admin.updateBrokerConfig(broker, properties("brokerName", "broker-b")))
                .isInstanceOf(MQBrokerException.class).hasMessageContaining("cannot be changed at run time");
        // Nothing of a refused change applied.
        assertThat(admin.getBrokerConfig(broker)).containsEntry("brokerName", "broker-a")
                .containsEntry("autoCreateTopicEnable", "true");
    }

    private static Properties properties(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }
}
