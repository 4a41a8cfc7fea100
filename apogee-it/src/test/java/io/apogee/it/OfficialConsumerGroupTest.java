package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.namesrv.NameServer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Official push consumers join and leave a group on an Apogee broker through heartbeats. */
class OfficialConsumerGroupTest {

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private NameServer nameServer;
    private Broker broker;

    @BeforeEach
    void start() {
        cluster = new LocalCluster(dir);
        nameServer = cluster.nameServer();
        broker = cluster.broker();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private DefaultMQPushConsumer consumer(String instance) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("apogee_group_test");
        OfficialClients.quickHeartbeats(consumer);
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(uniqueInstanceName(instance));
        consumer.subscribe("SELF_TEST_TOPIC", "TagA || TagB");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) ->
                ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        consumer.start();
        return consumer;
    }

    @Test
    void membersAreListedWithTheirSubscriptionAndLeaveOnShutdown() throws Exception {
        DefaultMQPushConsumer first = consumer("first");
        DefaultMQPushConsumer second = consumer("second");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.clients().consumerIds("apogee_group_test").size() == 2);
            assertThat(broker.clients().subscription("apogee_group_test", "SELF_TEST_TOPIC").tagsSet())
                    .containsExactlyInAnyOrder("TagA", "TagB");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    nameServer.registry().route("%RETRY%apogee_group_test", null) != null);
        } finally {
            second.shutdown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.clients().consumerIds("apogee_group_test").size() == 1);
        first.shutdown();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.clients().consumerIds("apogee_group_test").isEmpty());
    }
}
