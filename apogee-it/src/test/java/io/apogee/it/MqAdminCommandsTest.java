package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RocketMQ 5.3.3's {@code mqadmin}, command by command, against an Apogee name server and broker with a
 * live producer and push consumer: each row runs one everyday command of the topic, group, message,
 * broker, name-server and offset families and checks what it prints, not only that it returns. Rows run
 * in order, on one cluster; a row may rely on what the rows before it changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqAdminCommandsTest {

    private static final String TOPIC = "AdminTableTopic";
    private static final String GROUP = "admin_table_group";
    private static final String PRODUCER_GROUP = "admin_table_producer";
    private static final String CLUSTER = "DefaultCluster";
    private static final String BROKER_NAME = "broker-a";
    private static final int SENT = 20;
    /** What no command may print: an exception of its own, or a request the broker does not serve. */
    private static final Pattern FAILURE = Pattern.compile("Exception: |not supported|request code \\d+");

    private final Closer closer = new Closer();
    private Path dir;
    private LocalCluster cluster;
    private DefaultMQAdminExt admin;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;
    private MqAdmin mqadmin;
    private String broker;
    private String consumerClientId;
    private final List<SendResult> sent = new ArrayList<>();
    private final Set<String> consumedKeys = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        cluster = closer.add(new LocalCluster(dir), LocalCluster::close);
        broker = cluster.broker().brokerAddr();
        admin = closer.add(startedAdmin(cluster.namesrvAddr(), "admin_table_admin", "admin-table-admin"),
                DefaultMQAdminExt::shutdown);
        admin.createAndUpdateTopicConfig(broker, new TopicConfig(TOPIC, 4, 4, 6));
        cluster.awaitRoute(TOPIC);
        producer = closer.add(startedProducer(cluster.namesrvAddr(), PRODUCER_GROUP, "admin-table-producer"),
                DefaultMQProducer::shutdown);
        for (int i = 0; i < SENT; i++) {
            Message message = new Message(TOPIC, "TagA", "key-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(message));
        }
        consumer = closer.add(consumerFromFirstOffset(cluster.namesrvAddr(), GROUP,
                uniqueInstanceName("admin-table-consumer")), DefaultMQPushConsumer::shutdown);
        startConsuming(consumer, TOPIC, m -> consumedKeys.add(m.getKeys()));
        consumerClientId = consumer.buildMQClientId();
        await().atMost(Duration.ofSeconds(30)).until(() -> consumedKeys.size() == SENT);
        // The consumer commits what it consumed with its next pull or its offset persistence, 5 s apart.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.examineConsumeStats(GROUP).computeTotalDiff() == 0);
        mqadmin = new MqAdmin(cluster.namesrvAddr());
    }

    @AfterAll
    void stop() {
        closer.close();
    }

    @TestFactory
    Stream<DynamicTest> everydayCommands() {
        SendResult first = sent.get(0);
        String offsetMsgId = first.getOffsetMsgId();
        String uniqueKey = first.getMsgId();
        int queueId = first.getMessageQueue().getQueueId();
        long queueOffset = first.getQueueOffset();
        return Stream.of(
            // Cluster and broker.
            row("clusterList", out -> {
                Matcher line = Pattern.compile(CLUSTER + "\\s+" + BROKER_NAME + "\\s+0\\s+" + Pattern.quote(broker)
                        + "\\s+apogee-\\S+\\s+(\\d+\\.\\d\\d)\\(\\d+,\\d+ms\\)\\s+(\\d+\\.\\d\\d)\\(\\d+,\\d+ms").matcher(out);
                assertThat(line.find()).as("a row with version and TPS columns filled").isTrue();
                // The rate over the last 10 s: zero once the sends are that far behind, as in RocketMQ.
                assertThat(Double.parseDouble(line.group(1))).as("in TPS").isNotNegative();
                assertThat(out).doesNotContain("null");
            }),
            row("clusterList -m", out -> assertThat(out).containsPattern(
                    CLUSTER + "\\s+" + BROKER_NAME + "\\s+0\\s+0\\s+[1-9]\\d*\\s+[1-9]\\d*")),
            row("brokerStatus -b " + broker, out -> assertThat(out)
                    .containsPattern("brokerVersionDesc\\s+: apogee-")
                    .containsPattern("msgPutTotalTodayNow\\s+: [1-9]\\d*")
                    .containsPattern("msgGetTotalTodayNow\\s+: [1-9]\\d*")
                    .containsPattern("putTps\\s+: \\d+\\.\\d+ \\d+\\.\\d+ \\d+\\.\\d+")
                    .containsPattern("earliestMessageTimeStamp\\s+: [1-9]\\d*")),
            row("brokerStatus -c " + CLUSTER, out -> assertThat(out)
                    .containsPattern(Pattern.quote(broker) + "\\s+brokerVersionDesc\\s+: apogee-")),
            row("getBrokerConfig -b " + broker, out -> assertThat(out)
                    .containsPattern("brokerName\\s+=  " + BROKER_NAME)
                    .containsPattern("brokerClusterName\\s+=  " + CLUSTER)
                    .containsPattern("autoCreateTopicEnable\\s+=  true")
                    .containsPattern("storePathRootDir\\s+=  " + Pattern.quote(dir.resolve("store").toString()))
                    .containsPattern("flushDiskType\\s+=  ASYNC_FLUSH")),
            row("updateBrokerConfig -b " + broker + " -k autoCreateTopicEnable -v false",
                    out -> assertThat(out).contains("update broker config success, " + broker)),
            row("getBrokerConfig -c " + CLUSTER, out -> assertThat(out)
                    .contains("Master: " + broker).containsPattern("autoCreateTopicEnable\\s+=  false")),
            row("updateBrokerConfig -c " + CLUSTER + " -k autoCreateTopicEnable -v true",
                    out -> assertThat(out).contains("update broker config success, " + broker)),
            rowFailing("updateBrokerConfig -b " + broker + " -k brokerName -v broker-z",
                    out -> assertThat(out).contains("brokerName").contains("cannot be changed at run time")),
            row("brokerConsumeStats -b " + broker, out -> assertThat(out)
                    .containsPattern(TOPIC + "\\s+" + GROUP + "\\s+" + BROKER_NAME + "\\s+" + queueId + "\\s+\\d+\\s+\\d+\\s+0")
                    .contains("Diff Total: 0")),
            row("statsAll", out -> {
                Matcher line = Pattern.compile(TOPIC + "\\s+" + GROUP + "\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)")
                        .matcher(out);
                assertThat(line.find()).as("a row of the topic and its group").isTrue();
                assertThat(Long.parseLong(line.group(4))).as("messages in").isGreaterThanOrEqualTo(SENT);
                assertThat(Long.parseLong(line.group(5))).as("messages out").isGreaterThanOrEqualTo(SENT);
            }),
            row("statsAll -a -t " + TOPIC, out -> assertThat(out).containsPattern(TOPIC + "\\s+" + GROUP)),

            // Name server.
            row("getNamesrvConfig", out -> assertThat(out)
                    .containsPattern("bindAddress\\s+=  127\\.0\\.0\\.1")
                    .containsPattern("orderMessageEnable\\s+=  false")),
            row("updateNamesrvConfig -k orderMessageEnable -v true",
                    out -> assertThat(out).contains("update name server config success").contains("orderMessageEnable : true")),
            row("getNamesrvConfig", out -> assertThat(out).containsPattern("orderMessageEnable\\s+=  true")),
            row("updateNamesrvConfig -k orderMessageEnable -v false",
                    out -> assertThat(out).contains("update name server config success")),
            row("updateKvConfig -s admin_table_ns -k k1 -v v1",
                    out -> assertThat(out).contains("create or update kv config to namespace success")),
            row("deleteKvConfig -s admin_table_ns -k k1",
                    out -> assertThat(out).contains("delete kv config from namespace success")),
            row("wipeWritePerm -b " + BROKER_NAME, out -> assertThat(out).containsPattern(
                    "wipe write perm of broker\\[" + BROKER_NAME + "\\] in name server\\[.*\\] OK, [1-9]")),
            row("addWritePerm -b " + BROKER_NAME, out -> assertThat(out).containsPattern(
                    "add write perm of broker\\[" + BROKER_NAME + "\\] in name server\\[.*\\] OK, [1-9]")),

            // Topics.
            row("topicList", out -> assertThat(out).contains(TOPIC)),
            row("topicList -c", out -> assertThat(out)
                    .containsPattern(CLUSTER + "\\s+" + TOPIC + "\\s+" + GROUP)),
            row("topicRoute -t " + TOPIC, out -> assertThat(out)
                    .contains("\"brokerName\":\"" + BROKER_NAME + "\"").contains("\"writeQueueNums\":4")),
            row("topicStatus -t " + TOPIC, out -> assertThat(out)
                    .containsPattern(BROKER_NAME + "\\s+" + queueId + "\\s+0\\s+[1-9]")),
            row("topicClusterList -t " + TOPIC, out -> assertThat(out).contains(CLUSTER)),
            row("updateTopic -b " + broker + " -t AdminTableNew -r 2 -w 2",
                    out -> assertThat(out).contains("create topic to " + broker + " success")),
            row("updateTopicPerm -b " + broker + " -t AdminTableNew -p 4",
                    out -> assertThat(out).contains("update topic perm from 6 to 4 in " + broker + " success")),
            row("allocateMQ -t " + TOPIC + " -i 10.0.0.1,10.0.0.2", out -> assertThat(out)
                    .contains("10.0.0.1").contains("10.0.0.2")),
            row("deleteTopic -t AdminTableNew -c " + CLUSTER,
                    out -> assertThat(out).contains("delete topic [AdminTableNew] from cluster [" + CLUSTER + "] success")),

            // Consumer groups.
            row("consumerProgress -g " + GROUP, out -> assertThat(out)
                    .containsPattern(TOPIC + "\\s+" + BROKER_NAME + "\\s+" + queueId + "\\s+\\d+\\s+\\d+\\s+0")
                    .contains("Consume Diff Total: 0")),
            row("consumerProgress", out -> assertThat(out)
                    .containsPattern(GROUP + "\\s+1\\s+V5_3_3\\s+PUSH\\s+CLUSTERING")),
            row("consumerConnection -g " + GROUP, out -> assertThat(out)
                    .containsPattern(Pattern.quote(consumerClientId) + "\\s+127\\.0\\.0\\.1:\\d+\\s+JAVA\\s+V5_3_3")
                    .containsPattern(TOPIC + "\\s+\\*")
                    .contains("ConsumeType: CONSUME_PASSIVELY")
                    .contains("MessageModel: CLUSTERING")
                    .contains("ConsumeFromWhere: CONSUME_FROM_FIRST_OFFSET")),
            row("consumerStatus -g " + GROUP, out -> {
                assertThat(out).contains(consumerClientId).contains("Same subscription in the same group of consumer")
                        .contains("Rebalance OK");
                assertThat(takeRunningInfoDump()).contains("#Consumer Subscription#").contains(TOPIC);
            }),
            row("consumerStatus -g " + GROUP + " -i " + consumerClientId, out -> assertThat(out)
                    .contains("#Consumer Subscription#").contains(TOPIC).contains("#Consumer Offset#")),
            row("getConsumerConfig -g " + GROUP, out -> assertThat(out)
                    .containsPattern("groupName\\s+=  " + GROUP)),
            row("updateSubGroup -b " + broker + " -g admin_table_new_group -r 5",
                    out -> assertThat(out).contains("create subscription group to " + broker + " success")),
            row("getConsumerConfig -g admin_table_new_group", out -> assertThat(out)
                    .containsPattern("retryMaxTimes\\s+=  5")),
            row("deleteSubGroup -g admin_table_new_group -c " + CLUSTER, out -> assertThat(out)
                    .contains("delete subscription group [admin_table_new_group] from broker [" + broker + "]")),

            // Producers.
            row("producerConnection -g " + PRODUCER_GROUP + " -t " + TOPIC, out -> assertThat(out)
                    .containsPattern("0001\\s+" + Pattern.quote(producer.buildMQClientId())
                            + "\\s+127\\.0\\.0\\.1:\\d+\\s+JAVA\\s+V5_3_3")),

            // Messages.
            row("queryMsgById -t " + TOPIC + " -i " + offsetMsgId, out -> assertThat(out)
                    .containsPattern("Topic:\\s+" + TOPIC).containsPattern("Keys:\\s+\\[key-0\\]")
                    .containsPattern(GROUP + ".*CONSUMED")),
            row("queryMsgByUniqueKey -t " + TOPIC + " -i " + uniqueKey, out -> assertThat(out)
                    .containsPattern("Keys:\\s+\\[key-0\\]").containsPattern(GROUP + ".*CONSUMED")),
            row("queryMsgByOffset -t " + TOPIC + " -b " + BROKER_NAME + " -i " + queueId + " -o " + queueOffset,
                    out -> assertThat(out).containsPattern("Keys:\\s+\\[key-0\\]").containsPattern(GROUP + ".*CONSUMED")),
            row("queryMsgByKey -t " + TOPIC + " -k key-0", out -> assertThat(out)
                    .containsPattern(uniqueKey + "\\s+" + queueId + "\\s+" + queueOffset)),
            row("queryMsgById -t " + TOPIC + " -i " + offsetMsgId + " -g " + GROUP + " -d " + consumerClientId,
                    out -> assertThat(out).contains("consumeResult=CR_SUCCESS")),
            row("queryMsgById -t " + TOPIC + " -i " + offsetMsgId + " -s true", out -> assertThat(out)
                    .contains("prepare resend msg. originalMsgId=" + offsetMsgId).contains("sendStatus=SEND_OK")),
            row("printMsg -t " + TOPIC + " -c UTF-8 -d true", out -> assertThat(out)
                    .contains("MSGID: ").contains("BODY: body-0")),
            row("printMsgByQueue -t " + TOPIC + " -a " + BROKER_NAME + " -i " + queueId + " -p true -d true",
                    out -> assertThat(out).contains("BODY: body-0")),
            row("sendMessage -t " + TOPIC + " -p hello -k admin-key", out -> assertThat(out)
                    .containsPattern(BROKER_NAME + "\\s+\\d+\\s+SEND_OK\\s+[0-9A-F]{32}")),
            row("consumeMessage -t " + TOPIC + " -b " + BROKER_NAME + " -i " + queueId + " -o " + queueOffset
                    + " -c 1 -g admin_table_tool_group", out -> assertThat(out)
                    .contains("Consume ok").contains("body-0")),
            row("checkMsgSendRT -t " + TOPIC + " -a 3 -s 64", out -> assertThat(out)
                    .containsPattern("true\\s+\\d+")),

            // Offsets.
            row("cloneGroupOffset -s " + GROUP + " -d admin_table_clone -t " + TOPIC, out -> assertThat(out)
                    .contains("clone group offset success. srcGroup[" + GROUP + "], destGroup=[admin_table_clone]")),
            row("resetOffsetByTime -g admin_table_clone -t " + TOPIC + " -s now", out -> assertThat(out)
                    .containsPattern(BROKER_NAME + "\\s+" + queueId + "\\s+\\d+")),
            row("skipAccumulatedMessage -g " + GROUP + " -t " + TOPIC, out -> assertThat(out)
                    .containsPattern(BROKER_NAME + "\\s+" + queueId + "\\s+\\d+")),

            // Consume queues: nothing here is expired or unused, so both clean-ups keep every queue (their effect
            // is shown in OfficialQueueCleanupTest), and queryCq below still reads this topic's entries.
            row("cleanExpiredCQ -b " + broker, out -> assertThat(out).contains("success")),
            row("cleanUnusedTopic -c " + CLUSTER, out -> assertThat(out).contains("success")),
            row("queryCq -t " + TOPIC + " -q " + queueId + " -i 0 -c 2 -g " + GROUP, out -> assertThat(out)
                    .containsPattern("max: [1-9]\\d*, min: 0").contains("idx: 0").contains("idx: 1")
                    .containsPattern("physicOffset=\\d+").contains("\"topic\":\"" + TOPIC + "\"")));
    }

    /**
     * {@code consumerStatus -g} also writes each client's running info to {@code <time>/<client id>} in the
     * working directory: the dump of this test's consumer, removed so the build's folder stays clean.
     */
    private String takeRunningInfoDump() {
        try (Stream<Path> entries = Files.list(Path.of("").toAbsolutePath())) {
            List<Path> dumps = entries.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve(consumerClientId))).toList();
            assertThat(dumps).as("running-info dumps of " + consumerClientId).hasSize(1);
            Path dump = dumps.get(0).resolve(consumerClientId);
            String text = Files.readString(dump);
            Files.delete(dump);
            Files.delete(dumps.get(0));
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command that must print what {@code check} expects and no failure. */
    private DynamicTest row(String command, Consumer<String> check) {
        return DynamicTest.dynamicTest(command, () -> {
            String out = mqadmin.run(command);
            assertThat(out).doesNotContainPattern(FAILURE);
            check.accept(out);
        });
    }

    /** A command the broker must refuse; {@code check} reads the reason it printed. */
    private DynamicTest rowFailing(String command, Consumer<String> check) {
        return DynamicTest.dynamicTest(command, () -> check.accept(mqadmin.run(command)));
    }
}
