package io.apogee.broker.subscription;

import com.alibaba.fastjson2.JSONObject;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionGroupTableTest {

    @TempDir
    Path dir;

    @Test
    void fieldsTheToolLeavesOutTakeRocketmqsDefaults() {
        SubscriptionGroupConfig config = SubscriptionGroupTable.decode(
                JSONObject.of("groupName", "g", "retryMaxTimes", 3));
        assertThat(config.retryMaxTimes()).isEqualTo(3);
        assertThat(config.consumeEnable()).isTrue();
        assertThat(config.consumeBroadcastEnable()).isTrue();
        assertThat(config.retryQueueNums()).isEqualTo(1);
        assertThat(config.whichBrokerWhenConsumeSlowly()).isEqualTo(1);
    }

    @Test
    void groupsAndTheDataVersionSurviveAReload() {
        Path file = dir.resolve("config").resolve("subscriptionGroup.json");
        SubscriptionGroupTable table = new SubscriptionGroupTable(file);
        table.put(SubscriptionGroupConfig.defaults("kept"));
        table.put(SubscriptionGroupConfig.defaults("dropped"));
        table.remove("dropped");
        long counter = table.snapshot().dataVersion().counter();

        SubscriptionGroupTable reloaded = new SubscriptionGroupTable(file);
        assertThat(reloaded.get("kept")).isEqualTo(SubscriptionGroupConfig.defaults("kept"));
        assertThat(reloaded.get("dropped")).isNull();
        assertThat(reloaded.snapshot().dataVersion().counter()).isEqualTo(counter);
    }
}
