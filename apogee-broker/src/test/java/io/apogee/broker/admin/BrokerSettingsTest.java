package io.apogee.broker.admin;

import io.apogee.broker.BrokerConfig;
import org.junit.jupiter.api.Test;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerSettingsTest {

    private final AtomicReference<Boolean> autoCreate = new AtomicReference<>();
    private final BrokerSettings settings = new BrokerSettings(new BrokerConfig().brokerName("broker-x"), 1_000)
            .changeable(BrokerConfig.AUTO_CREATE_TOPIC_ENABLE, c -> autoCreate.set(c.autoCreateTopicEnable()));

    @Test
    void showsEveryBrokerAndStoreKey() {
        assertThat(settings.values()).containsEntry("brokerName", "broker-x").containsEntry("autoCreateTopicEnable", "true")
                .containsEntry("flushDiskType", "ASYNC_FLUSH").containsEntry("brokerIP1", "")
                .containsKey("maxTransferCountOnMessageInMemory");
    }

    @Test
    void appliesALiveKeyAndCountsTheChange() {
        assertThat(settings.update(properties("autoCreateTopicEnable", " false "), 2_000)).isNull();

        assertThat(autoCreate.get()).isFalse();
        assertThat(settings.values()).containsEntry("autoCreateTopicEnable", "false");
        assertThat(settings.version().counter()).isEqualTo(1);
        assertThat(settings.version().timestamp()).isEqualTo(2_000);
    }

    @Test
    void refusesTheWholeChangeWhenOneKeyIsReadOnlyAtStart() {
        Properties change = properties("autoCreateTopicEnable", "false");
        change.setProperty("brokerName", "broker-y");

        assertThat(settings.update(change, 2_000)).contains("'brokerName' cannot be changed at run time")
                .contains("autoCreateTopicEnable");
        assertThat(autoCreate.get()).isNull();
        assertThat(settings.values()).containsEntry("brokerName", "broker-x").containsEntry("autoCreateTopicEnable", "true");
        assertThat(settings.version().counter()).isZero();
    }

    @Test
    void namesTheNearestKeyForAMisspeltOneAndRefusesABadValue() {
        assertThat(settings.update(properties("autoCreateTopicEnabel", "false"), 2_000))
                .contains("autoCreateTopicEnabel").contains("autoCreateTopicEnable");
        assertThat(settings.update(properties("autoCreateTopicEnable", "maybe"), 2_000))
                .contains("autoCreateTopicEnable").contains("maybe");
        assertThat(autoCreate.get()).isNull();
    }

    private static Properties properties(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }
}
