package io.apogee.it;

import io.apogee.broker.Broker;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The official admin tool (DefaultMQAdminExt) against an Apogee name server and broker. */
class OfficialAdminTest {

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private Broker broker;
    private DefaultMQAdminExt admin;

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir);
        broker = cluster.broker();
        admin = startedAdmin(namesrvAddr(), "apogee_admin_test", "admin-test");
    }

    @AfterEach
    void stop() {
        admin.shutdown();
        cluster.close();
    }

    private String namesrvAddr() {
        return cluster.namesrvAddr();
    }

    @Test
    void createInspectConsumeAndDeleteATopic() throws Exception {
        assertThat(admin.examineBrokerClusterInfo().getClusterAddrTable().get("DefaultCluster")).containsExactly("broker-a");

        TopicConfig config = new TopicConfig("AdminTopic", 3, 3, 6);
        admin.createAndUpdateTopicConfig(broker.brokerAddr(), config);
        assertThat(admin.examineTopicRouteInfo("AdminTopic").getQueueDatas()).singleElement()
                .satisfies(q -> assertThat(q.getWriteQueueNums()).isEqualTo(3));
        assertThat(admin.fetchAllTopicList().getTopicList()).contains("AdminTopic");

        DefaultMQProducer producer = startedProducer(namesrvAddr(), "admin_test_producer", "admin-test-producer");
        try {
            for (int i = 0; i < 9; i++) {
                producer.send(new Message("AdminTopic", ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
        } finally {
            producer.shutdown();
        }
        // Topic stats read the consume queues, which the dispatcher fills just after the append that a send
        // acknowledges (as in RocketMQ); on a loaded machine the last sends may not be in them yet.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            TopicStatsTable stats = admin.examineTopicStats("AdminTopic");
            assertThat(stats.getOffsetTable()).hasSize(3);
            assertThat(stats.getOffsetTable().values().stream().mapToLong(o -> o.getMaxOffset() - o.getMinOffset())
                    .sum()).isEqualTo(9);
        });

        AtomicInteger consumed = new AtomicInteger();
        DefaultMQPushConsumer consumer = startConsuming(consumerFromFirstOffset(namesrvAddr(), "admin_test_group",
                uniqueInstanceName("admin-test-consumer")), "AdminTopic", m -> consumed.incrementAndGet());
        try {
            // On a loaded machine the consumer's first heartbeat may time out, and its queues then come with
            // the next rebalance (20 s) after the next heartbeat; 60 s covers both.
            await().atMost(Duration.ofSeconds(60)).until(() -> consumed.get() == 9);
        } finally {
            consumer.shutdown(); // commits the group's offsets
        }
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            ConsumeStats progress = admin.examineConsumeStats("admin_test_group");
            assertThat(progress.getOffsetTable()).hasSize(3);
            assertThat(progress.computeTotalDiff()).isZero();
        });

        admin.deleteTopicInBroker(Set.of(broker.brokerAddr()), "AdminTopic");
        admin.deleteTopicInNameServer(Set.of(namesrvAddr()), "AdminTopic");
        assertThatThrownBy(() -> admin.examineTopicRouteInfo("AdminTopic")).hasMessageContaining("No topic route info");
    }
}
