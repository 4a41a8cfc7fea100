package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Subscription groups through the official admin tool and clients: created, read, kept across restarts, deleted. */
class OfficialSubscriptionGroupTest {

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private DefaultMQAdminExt admin;

    private void start(boolean autoCreateSubscriptionGroup) throws Exception {
        cluster = new LocalCluster(dir, c -> c.autoCreateSubscriptionGroup(autoCreateSubscriptionGroup));
        admin = startedAdmin(cluster.namesrvAddr(), "sub_group_admin", "sub-group-admin");
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String brokerAddr() {
        return cluster.broker().brokerAddr();
    }

    @Test
    void anAdminCreatedGroupKeepsItsSettingsAndRetryTopicAcrossARestartUntilDeleted() throws Exception {
        start(true);
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName("admin_made_group");
        config.setRetryMaxTimes(3);
        config.setRetryQueueNums(2);
        config.setConsumeBroadcastEnable(false);
        admin.createAndUpdateSubscriptionGroupConfig(brokerAddr(), config);

        SubscriptionGroupConfig read = admin.examineSubscriptionGroupConfig(brokerAddr(), "admin_made_group");
        assertThat(read.getRetryMaxTimes()).isEqualTo(3);
        assertThat(read.getRetryQueueNums()).isEqualTo(2);
        assertThat(read.isConsumeBroadcastEnable()).isFalse();
        assertThat(read.isConsumeEnable()).isTrue();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                assertThat(admin.examineTopicRouteInfo("%RETRY%admin_made_group").getQueueDatas()).singleElement()
                        .satisfies(q -> assertThat(q.getWriteQueueNums()).isEqualTo(2)));
        assertThat(Files.readString(dir.resolve("store/config/subscriptionGroup.json"))).contains("admin_made_group");

        cluster.restartBroker();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            SubscriptionGroupConfig afterRestart = admin.examineSubscriptionGroupConfig(brokerAddr(), "admin_made_group");
            assertThat(afterRestart.getRetryMaxTimes()).isEqualTo(3);
            assertThat(afterRestart.isConsumeBroadcastEnable()).isFalse();
        });

        admin.deleteSubscriptionGroup(brokerAddr(), "admin_made_group");
        assertThat(admin.examineSubscriptionGroupConfig(brokerAddr(), "admin_made_group")).isNull();
        cluster.restartBroker();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                assertThat(admin.getAllSubscriptionGroup(brokerAddr(), 5_000).getSubscriptionGroupTable())
                        .containsKey("TOOLS_CONSUMER").doesNotContainKey("admin_made_group"));
    }

    @Test
    void aConsumersFirstHeartbeatCreatesItsGroupWithDefaultsAndRetryTopic() throws Exception {
        start(true);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("first_use_group");
        OfficialClients.quickHeartbeats(consumer);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(uniqueInstanceName("first-use"));
        consumer.subscribe("FirstUseTopic", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) ->
                ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        DefaultMQProducer producer = startedProducer(cluster.namesrvAddr(), "first_use_producer", "first-use-producer");
        try {
            producer.send(new Message("FirstUseTopic", "x".getBytes(StandardCharsets.UTF_8)));
            // The consumer heartbeats the brokers its topics' routes name, so the route must be there first.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                    !admin.examineTopicRouteInfo("FirstUseTopic").getBrokerDatas().isEmpty());
            assertThat(admin.examineSubscriptionGroupConfig(brokerAddr(), "first_use_group")).isNull();
            consumer.start();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                SubscriptionGroupConfig created = admin.examineSubscriptionGroupConfig(brokerAddr(), "first_use_group");
                assertThat(created.getRetryMaxTimes()).isEqualTo(16);
                assertThat(created.getRetryQueueNums()).isEqualTo(1);
                assertThat(created.isConsumeBroadcastEnable()).isTrue();
            });
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(admin.examineTopicRouteInfo("%RETRY%first_use_group").getQueueDatas()).hasSize(1));
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void withoutAutoCreationAnUnknownGroupCannotPullUntilAnAdminCreatesIt() throws Exception {
        start(false);
        DefaultMQProducer producer = startedProducer(cluster.namesrvAddr(), "no_auto_producer", "no-auto-producer");
        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer("not_created_group");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(uniqueInstanceName("no-auto-consumer"));
        consumer.start();
        try {
            MessageQueue queue = producer.send(new Message("NoAutoTopic", "x".getBytes(StandardCharsets.UTF_8)))
                    .getMessageQueue();
            assertThatThrownBy(() -> consumer.pull(queue, "*", 0, 32))
                    .isInstanceOfSatisfying(MQBrokerException.class, e ->
                            assertThat(e.getResponseCode()).isEqualTo(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST));

            SubscriptionGroupConfig config = new SubscriptionGroupConfig();
            config.setGroupName("not_created_group");
            admin.createAndUpdateSubscriptionGroupConfig(brokerAddr(), config);
            PullResult result = consumer.pull(queue, "*", 0, 32);
            assertThat(result.getPullStatus()).isEqualTo(PullStatus.FOUND);
            assertThat(result.getMsgFoundList()).hasSize(1);
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }

    @Test
    void severalGroupsAreCreatedInOneRequestAndABadOneIsRefusedClearly() throws Exception {
        start(true);
        List<SubscriptionGroupConfig> configs = new ArrayList<>();
        for (String name : List.of("listed_a", "listed_b")) {
            SubscriptionGroupConfig config = new SubscriptionGroupConfig();
            config.setGroupName(name);
            config.setRetryMaxTimes(5);
            configs.add(config);
        }
        admin.createAndUpdateSubscriptionGroupConfigList(brokerAddr(), configs);
        assertThat(admin.getAllSubscriptionGroup(brokerAddr(), 5_000).getSubscriptionGroupTable())
                .hasEntrySatisfying("listed_a", c -> assertThat(c.getRetryMaxTimes()).isEqualTo(5))
                .hasEntrySatisfying("listed_b", c -> assertThat(c.getRetryMaxTimes()).isEqualTo(5));

        SubscriptionGroupConfig bad = new SubscriptionGroupConfig();
        bad.setGroupName("no spaces allowed");
        assertThatThrownBy(() -> admin.createAndUpdateSubscriptionGroupConfig(brokerAddr(), bad))
                .isInstanceOfSatisfying(MQClientException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(ResponseCode.INVALID_PARAMETER);
                    assertThat(e.getErrorMessage()).contains("no spaces allowed");
                });
        assertThat(admin.examineSubscriptionGroupConfig(brokerAddr(), "listed_a")).isNotNull();
    }

    @Test
    void deletingAGroupWithItsOffsetsForgetsWhereItWas() throws Exception {
        start(true);
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName("forgotten_group");
        admin.createAndUpdateSubscriptionGroupConfig(brokerAddr(), config);
        DefaultMQProducer producer = startedProducer(cluster.namesrvAddr(), "forgotten_producer", "forgotten-producer");
        try {
            MessageQueue queue = producer.send(new Message("ForgottenTopic", "x".getBytes(StandardCharsets.UTF_8)))
                    .getMessageQueue();
            admin.updateConsumeOffset(brokerAddr(), "forgotten_group", queue, 1);
            assertThat(admin.examineConsumeStats("forgotten_group", "ForgottenTopic").getOffsetTable().get(queue)
                    .getConsumerOffset()).isEqualTo(1);
        } finally {
            producer.shutdown();
        }

        Path offsets = dir.resolve("store/config/consumerOffset.json");
        // The broker writes offsets every 5 s: wait until the group's is on disk, then make it go.
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(offsets)
                && Files.readString(offsets).contains("forgotten_group"));
        admin.deleteSubscriptionGroup(brokerAddr(), "forgotten_group", true);
        assertThat(admin.examineSubscriptionGroupConfig(brokerAddr(), "forgotten_group")).isNull();
        assertThat(Files.readString(offsets)).doesNotContain("forgotten_group");
    }
}
