package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.body.BrokerStatsData;
import org.apache.rocketmq.remoting.protocol.body.ConsumeStatsList;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigSerializeWrapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The official admin tool's statistics against Apogee with a live producer and consumer: one statistic
 * over the last minute, hour and day (VIEW_BROKER_STATS_DATA, behind {@code statsAll}), a group's progress
 * with its rate (GET_CONSUME_STATS) and every group's progress on the broker (GET_BROKER_CONSUME_STATS),
 * and the whole topic table (GET_ALL_TOPIC_CONFIG).
 */
class OfficialStatsTest extends AdminClusterTest {

    private static final String TOPIC = "StatsTopic";
    private static final String GROUP = "stats_group";
    private static final int SENT = 6;

    @BeforeEach
    void start() throws Exception {
        createTopic(TOPIC, 2);
    }

    @Test
    void countsPutsAndGetsPerTopicAndGroupAndReportsEveryGroupsProgress() throws Exception {
        DefaultMQProducer producer = closer.add(startedProducer(cluster.namesrvAddr(), "stats_producer",
                "stats-producer"), DefaultMQProducer::shutdown);
        for (int i = 0; i < SENT; i++) {
            producer.send(new Message(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        AtomicInteger consumed = new AtomicInteger();
        closer.add(startConsuming(consumerFromFirstOffset(cluster.namesrvAddr(), GROUP,
                uniqueInstanceName("stats-consumer")), TOPIC, m -> consumed.incrementAndGet()),
                DefaultMQPushConsumer::shutdown);
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed.get() == SENT);

        BrokerStatsData put = admin.viewBrokerStatsData(broker, "TOPIC_PUT_NUMS", TOPIC);
        assertThat(put.getStatsMinute().getSum()).isEqualTo(SENT);
        assertThat(put.getStatsDay().getSum()).isEqualTo(SENT);
        assertThat(put.getStatsMinute().getTps()).isPositive();
        assertThat(admin.viewBrokerStatsData(broker, "GROUP_GET_NUMS", TOPIC + "@" + GROUP).getStatsHour().getSum())
                .isEqualTo(SENT);
        assertThatThrownBy(() -> admin.viewBrokerStatsData(broker, "TOPIC_PUT_NUMS", "NoSuchTopic"))
                .hasMessageContaining("NoSuchTopic");

        // The consumer commits its offsets every 5 s.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ConsumeStats group = admin.examineConsumeStats(GROUP);
            assertThat(group.getOffsetTable()).hasSize(2);
            assertThat(group.computeTotalDiff()).isZero();
            assertThat(group.getConsumeTps()).isPositive();
        });
        ConsumeStatsList all = admin.fetchConsumeStatsInBroker(broker, false, 5_000);
        assertThat(all.getBrokerAddr()).isEqualTo(broker);
        assertThat(all.getTotalDiff()).isZero();
        List<ConsumeStats> ofGroup = all.getConsumeStatsList().stream().filter(m -> m.containsKey(GROUP))
                .map(m -> m.get(GROUP)).findFirst().orElseThrow();
        assertThat(ofGroup).singleElement().satisfies(stats -> {
            assertThat(stats.getOffsetTable().keySet()).allSatisfy(mq -> assertThat(mq.getTopic()).isEqualTo(TOPIC));
            assertThat(stats.getOffsetTable().values().stream().mapToLong(o -> o.getBrokerOffset()).sum())
                    .isEqualTo(SENT);
        });

        TopicConfigSerializeWrapper topics = admin.getAllTopicConfig(broker, 5_000);
        assertThat(topics.getTopicConfigTable()).containsKey(TOPIC);
        assertThat(topics.getTopicConfigTable().get(TOPIC).getWriteQueueNums()).isEqualTo(2);

        MqAdmin mqadmin = new MqAdmin(cluster.namesrvAddr());
        assertThat(mqadmin.run("statsAll -t " + TOPIC)).containsPattern(TOPIC + "\\s+" + GROUP + "\\s+0\\s+.*\\s" + SENT
                + "\\s+" + SENT).doesNotContain("Exception");
        assertThat(mqadmin.run("brokerConsumeStats -b " + broker)).contains(TOPIC).contains(GROUP)
                .doesNotContain("Exception");
    }
}
