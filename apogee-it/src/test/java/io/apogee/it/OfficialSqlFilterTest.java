package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.IntPredicate;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.producer;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Official push consumers subscribed with {@code MessageSelector.bySql} against an Apogee broker
 * with enablePropertyFilter: each selector receives exactly the messages it matches, and a
 * malformed selector is refused when the consumer starts.
 */
class OfficialSqlFilterTest {

    private static final String TOPIC = "SQL_FILTER_TOPIC";
    private static final int MESSAGES = 60;
    private static final String[] REGIONS = {"eu", "us", "ap"};

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQAdminExt admin;
    private final List<DefaultMQPushConsumer> consumers = new ArrayList<>();
    /** All consumers share one client instance, as an application's consumers do. */
    private final String instanceName = uniqueInstanceName("sql-filter-consumers");

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir, config -> config.enablePropertyFilter(true));
        producer = producer(cluster.namesrvAddr(), "sql_filter_producer", "sql-filter-producer");
        producer.setDefaultTopicQueueNums(4);
        producer.start();
        admin = startedAdmin(cluster.namesrvAddr(), "sql-filter-admin");
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        admin.shutdown();
        producer.shutdown();
        cluster.close();
    }

    /** Message i: a = i, region = REGIONS[i % 3] except every fifth has none, vip = even, tag TagA/TagB. */
    private void sendAll() throws Exception {
        for (int i = 0; i < MESSAGES; i++) {
            Message message = new Message(TOPIC, i % 2 == 0 ? "TagA" : "TagB", Integer.toString(i)
                    .getBytes(StandardCharsets.UTF_8));
            message.putUserProperty("a", Integer.toString(i));
            if (i % 5 != 0) {
                message.putUserProperty("region", REGIONS[i % 3]);
            }
            message.putUserProperty("vip", Boolean.toString(i % 2 == 0));
            message.putUserProperty("price", (i / 10) + ".5");
            producer.send(message);
        }
    }

    private static String region(int i) {
        return i % 5 == 0 ? null : REGIONS[i % 3];
    }

    private DefaultMQPushConsumer consumer(String group, String sql, Set<Integer> received) throws MQClientException {
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), group, instanceName);
        consumer.setPersistConsumerOffsetInterval(200);
        consumer.subscribe(TOPIC, MessageSelector.bySql(sql));
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt message : messages) {
                received.add(Integer.parseInt(body(message)));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumers.add(consumer);
        consumer.start();
        return consumer;
    }

    @Test
    void eachSelectorReceivesExactlyTheMatchingMessages() throws Exception {
        sendAll();
        Map<String, IntPredicate> selectors = new LinkedHashMap<>();
        selectors.put("a > 50", i -> i > 50);
        selectors.put("a >= 50", i -> i >= 50);
        selectors.put("a < 5", i -> i < 5);
        selectors.put("a <= 5", i -> i <= 5);
        selectors.put("a = 7", i -> i == 7);
        selectors.put("a <> 7 AND a < 10", i -> i != 7 && i < 10);
        selectors.put("price > 4.9", i -> i / 10 >= 5);
        selectors.put("region = 'eu'", i -> "eu".equals(region(i)));
        selectors.put("region <> 'eu'", i -> region(i) != null && !"eu".equals(region(i)));
        selectors.put("a BETWEEN 10 AND 20", i -> i >= 10 && i <= 20);
        selectors.put("a NOT BETWEEN 10 AND 50", i -> i < 10 || i > 50);
        selectors.put("region IN ('us', 'ap')", i -> "us".equals(region(i)) || "ap".equals(region(i)));
        selectors.put("region NOT IN ('us', 'ap')", i -> "eu".equals(region(i)));
        selectors.put("region IS NULL", i -> region(i) == null);
        selectors.put("region IS NOT NULL AND a < 12", i -> region(i) != null && i < 12);
        selectors.put("vip = TRUE AND (a < 10 OR a > 55)", i -> i % 2 == 0 && (i < 10 || i > 55));
        selectors.put("NOT (a > 3) OR TAGS = 'TagB' AND a > 54", i -> i <= 3 || (i % 2 == 1 && i > 54));
        selectors.put("missing = 'x' OR FALSE", i -> false);

        Map<String, Set<Integer>> received = new LinkedHashMap<>();
        int group = 0;
        for (String sql : selectors.keySet()) {
            Set<Integer> into = new ConcurrentSkipListSet<>();
            received.put(sql, into);
            consumer("sql_group_" + group++, sql, into);
        }
        group = 0;
        for (Map.Entry<String, IntPredicate> selector : selectors.entrySet()) {
            Set<Integer> expected = new TreeSet<>();
            for (int i = 0; i < MESSAGES; i++) {
                if (selector.getValue().test(i)) {
                    expected.add(i);
                }
            }
            String consumerGroup = "sql_group_" + group++;
            Set<Integer> got = received.get(selector.getKey());
            // Once the group's committed offsets reach the end of every queue, every message was
            // either delivered or filtered out: nothing more can arrive. Until the group's first commit
            // reaches the broker, the admin tool's stats request fails (code 206): keep waiting then.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(MQClientException.class)
                    .until(() -> got.containsAll(expected)
                    && admin.examineConsumeStats(consumerGroup).computeTotalDiff() == 0);
            assertThat(got).as(selector.getKey()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aMalformedSelectorIsRefusedAtStartWithTheReason() throws Exception {
        producer.send(new Message(TOPIC, "TagA", "route".getBytes(StandardCharsets.UTF_8)));
        // The consumer checks its selector with a broker of the topic's route; wait until it has one.
        cluster.awaitRoute(TOPIC);
        assertThatThrownBy(() -> consumer("sql_bad_group", "a > AND b = 1", new ConcurrentSkipListSet<>()))
                .isInstanceOf(MQClientException.class)
                .hasMessageContaining("expected a property")
                .hasMessageContaining("position 4")
                .satisfies(e -> assertThat(((MQClientException) e).getResponseCode()).isEqualTo(23));
        assertThatThrownBy(() -> consumer("sql_bad_group2", "region IN (1, 2)", new ConcurrentSkipListSet<>()))
                .isInstanceOf(MQClientException.class)
                .hasMessageContaining("string constant");
    }
}
