package io.apogee.it;

import org.apache.rocketmq.client.exception.MQClientException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official admin tool reading and changing the name server's settings (GET/UPDATE_NAMESRV_CONFIG). */
class OfficialNameServerConfigTest extends AdminClusterTest {

    @Test
    void showsTheSettingsAndAppliesOrderMessageEnableToTheNextRouteLookup() throws Exception {
        List<String> nameServers = List.of(cluster.namesrvAddr());
        Properties before = admin.getNameServerConfig(nameServers).get(cluster.namesrvAddr());
        assertThat(before).containsEntry("orderMessageEnable", "false").containsEntry("bindAddress", "127.0.0.1")
                .containsEntry("rocketmqHome", dir.resolve("namesrv").toString());

        createTopic("OrderedTopic", 4);
        admin.createOrUpdateOrderConf("OrderedTopic", "broker-a:4", false);
        assertThat(admin.examineTopicRouteInfo("OrderedTopic").getOrderTopicConf()).isNull();

        Properties change = new Properties();
        change.setProperty("orderMessageEnable", "true");
        admin.updateNameServerConfig(change, nameServers);

        assertThat(admin.getNameServerConfig(nameServers).get(cluster.namesrvAddr()))
                .containsEntry("orderMessageEnable", "true");
        assertThat(admin.examineTopicRouteInfo("OrderedTopic").getOrderTopicConf()).isEqualTo("broker-a:4");
    }

    @Test
    void refusesUnknownInvalidAndStartOnlyKeysAndAppliesNothing() throws Exception {
        List<String> nameServers = List.of(cluster.namesrvAddr());
        assertThatThrownBy(() -> admin.updateNameServerConfig(properties("orderMessageEnabled", "true"), nameServers))
                .isInstanceOf(MQClientException.class).hasMessageContaining("orderMessageEnable");
        assertThatThrownBy(() -> admin.updateNameServerConfig(properties("brokerChannelExpiredTime", "soon"),
                nameServers)).isInstanceOf(MQClientException.class).hasMessageContaining("brokerChannelExpiredTime");
        Properties mixed = properties("orderMessageEnable", "true");
        mixed.setProperty("listenPort", "9999");
        assertThatThrownBy(() -> admin.updateNameServerConfig(mixed, nameServers))
                .isInstanceOf(MQClientException.class).hasMessageContaining("cannot be changed at run time");

        assertThat(admin.getNameServerConfig(nameServers).get(cluster.namesrvAddr()))
                .containsEntry("orderMessageEnable", "false").containsEntry("brokerChannelExpiredTime", "120000");
    }

    private static Properties properties(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }
}
