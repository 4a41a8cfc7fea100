package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.apache.rocketmq.tools.command.SubCommand;
import org.apache.rocketmq.tools.command.broker.BrokerConsumeStatsSubCommad;
import org.apache.rocketmq.tools.command.broker.BrokerStatusSubCommand;
import org.apache.rocketmq.tools.command.broker.CleanExpiredCQSubCommand;
import org.apache.rocketmq.tools.command.broker.CleanUnusedTopicCommand;
import org.apache.rocketmq.tools.command.broker.GetBrokerConfigCommand;
import org.apache.rocketmq.tools.command.broker.UpdateBrokerConfigSubCommand;
import org.apache.rocketmq.tools.command.cluster.ClusterListSubCommand;
import org.apache.rocketmq.tools.command.connection.ConsumerConnectionSubCommand;
import org.apache.rocketmq.tools.command.connection.ProducerConnectionSubCommand;
import org.apache.rocketmq.tools.command.consumer.ConsumerProgressSubCommand;
import org.apache.rocketmq.tools.command.consumer.ConsumerStatusSubCommand;
import org.apache.rocketmq.tools.command.consumer.DeleteSubscriptionGroupCommand;
import org.apache.rocketmq.tools.command.consumer.UpdateSubGroupSubCommand;
import org.apache.rocketmq.tools.command.message.ConsumeMessageCommand;
import org.apache.rocketmq.tools.command.message.PrintMessageByQueueCommand;
import org.apache.rocketmq.tools.command.message.PrintMessageSubCommand;
import org.apache.rocketmq.tools.command.message.QueryMsgByIdSubCommand;
import org.apache.rocketmq.tools.command.message.QueryMsgByKeySubCommand;
import org.apache.rocketmq.tools.command.message.QueryMsgByOffsetSubCommand;
import org.apache.rocketmq.tools.command.message.QueryMsgByUniqueKeySubCommand;
import org.apache.rocketmq.tools.command.message.SendMessageCommand;
import org.apache.rocketmq.tools.command.namesrv.AddWritePermSubCommand;
import org.apache.rocketmq.tools.command.namesrv.DeleteKvConfigCommand;
import org.apache.rocketmq.tools.command.namesrv.GetNamesrvConfigCommand;
import org.apache.rocketmq.tools.command.namesrv.UpdateKvConfigCommand;
import org.apache.rocketmq.tools.command.namesrv.UpdateNamesrvConfigCommand;
import org.apache.rocketmq.tools.command.namesrv.WipeWritePermSubCommand;
import org.apache.rocketmq.tools.command.offset.CloneGroupOffsetCommand;
import org.apache.rocketmq.tools.command.offset.ResetOffsetByTimeCommand;
import org.apache.rocketmq.tools.command.offset.SkipAccumulationSubCommand;
import org.apache.rocketmq.tools.command.queue.QueryConsumeQueueCommand;
import org.apache.rocketmq.tools.command.stats.StatsAllSubCommand;
import org.apache.rocketmq.tools.command.topic.DeleteTopicSubCommand;
import org.apache.rocketmq.tools.command.topic.TopicClusterSubCommand;
import org.apache.rocketmq.tools.command.topic.TopicListSubCommand;
import org.apache.rocketmq.tools.command.topic.TopicRouteSubCommand;
import org.apache.rocketmq.tools.command.topic.TopicStatusSubCommand;
import org.apache.rocketmq.tools.command.topic.UpdateTopicPermSubCommand;
import org.apache.rocketmq.tools.command.topic.UpdateTopicSubCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RocketMQ 5.3.3's {@code mqadmin} commands, each run through its own command class as {@code MQAdminStartup}
 * runs it, against Apogee with a live producer and consumer, checking what each prints, not only that it
 * ends. One test per command family; a command that fails prints an {@code ERROR:} line (see {@link Mqadmin}).
 */
class MqadminCommandsTest {

    @TempDir
    static Path dir;
    private static final Closer closer = new Closer();
    private static LocalCluster cluster;
    private static SendResult sent;
    private static SendResult sentWithKey3;

    @BeforeAll
    static void start() throws Exception {
        cluster = closer.add(new LocalCluster(dir), LocalCluster::close);
        DefaultMQProducer producer = closer.add(startedProducer(cluster.namesrvAddr(), "mqadmin_producer", "mqadmin-p"),
                DefaultMQProducer::shutdown);
        for (int i = 0; i < 10; i++) {
            Message message = new Message("AdminTopic", "TagA", "key-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8));
            SendResult result = producer.send(message);
            if (i == 0) {
                sent = result;
            } else if (i == 3) {
                sentWithKey3 = result;
            }
        }
        AtomicInteger consumed = new AtomicInteger();
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), "mqadmin_group",
                uniqueInstanceName("mqadmin-c"));
        consumer.setPersistConsumerOffsetInterval(500);
        closer.add(startConsuming(consumer, "AdminTopic", m -> consumed.incrementAndGet()),
                DefaultMQPushConsumer::shutdown);
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed.get() >= 10);
        // The group's progress is on the broker once the consumer has committed every queue.
        DefaultMQAdminExt admin = OfficialClients.startedAdmin(cluster.namesrvAddr(), "mqadmin-setup");
        try {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> admin.examineConsumeStats("mqadmin_group").computeTotalDiff() == 0);
        } finally {
            admin.shutdown();
        }
    }

    @AfterAll
    static void stop() {
        closer.close();
    }

    private static String run(SubCommand command, String... args) {
        return Mqadmin.run(cluster.namesrvAddr(), command, args);
    }

    private static String broker() {
        return cluster.broker().brokerAddr();
    }

    /** What {@code command} printed, checked to hold no failure. */
    private static String ok(SubCommand command, String... args) {
        String out = run(command, args);
        assertThat(out).as(command.commandName() + " printed:%n%s", out).doesNotContain("ERROR:");
        return out;
    }

    @Test
    void clusterAndTopicInspection() {
        assertThat(ok(new ClusterListSubCommand())).contains("DefaultCluster", "broker-a", broker());
        assertThat(ok(new TopicListSubCommand())).contains("AdminTopic", "%RETRY%mqadmin_group");
        assertThat(ok(new TopicRouteSubCommand(), "-t", "AdminTopic"))
                .contains("\"brokerName\":\"broker-a\"", "\"readQueueNums\":4", "\"writeQueueNums\":4", broker());
        String status = ok(new TopicStatusSubCommand(), "-t", "AdminTopic");
        for (int queue = 0; queue < 4; queue++) {
            assertThat(status).containsPattern("(?m)^broker-a\\s+" + queue + "\\s+0\\s+[1-9]");
        }
        assertThat(ok(new TopicClusterSubCommand(), "-t", "AdminTopic")).contains("DefaultCluster");
    }

    @Test
    void topicAdministration() {
        assertThat(ok(new UpdateTopicSubCommand(), "-b", broker(), "-t", "MadeByMqadmin", "-r", "3", "-w", "3"))
                .contains("create topic to " + broker() + " success", "readQueueNums=3", "writeQueueNums=3");
        assertThat(ok(new UpdateTopicPermSubCommand(), "-b", broker(), "-t", "MadeByMqadmin", "-p", "4"))
                .contains("update topic perm from 6 to 4", "perm=R--");
        assertThat(ok(new TopicRouteSubCommand(), "-t", "MadeByMqadmin")).contains("\"perm\":4");
        assertThat(ok(new DeleteTopicSubCommand(), "-c", "DefaultCluster", "-t", "MadeByMqadmin"))
                .contains("delete topic [MadeByMqadmin] from cluster [DefaultCluster] success",
                        "delete topic [MadeByMqadmin] from NameServer success");
        assertThat(ok(new TopicListSubCommand())).doesNotContain("MadeByMqadmin");
    }

    @Test
    void groupAdministrationAndProgress() {
        assertThat(ok(new UpdateSubGroupSubCommand(), "-b", broker(), "-g", "made_by_mqadmin", "-r", "5"))
                .contains("create subscription group to " + broker() + " success", "groupName=made_by_mqadmin",
                        "retryMaxTimes=5");
        assertThat(ok(new DeleteSubscriptionGroupCommand(), "-b", broker(), "-g", "made_by_mqadmin"))
                .contains("delete subscription group [made_by_mqadmin] from broker [" + broker() + "] success");
        String progress = ok(new ConsumerProgressSubCommand(), "-g", "mqadmin_group");
        for (int queue = 0; queue < 4; queue++) {
            assertThat(progress).containsPattern("(?m)^AdminTopic\\s+broker-a\\s+" + queue + "\\s+[1-9]");
        }
        assertThat(progress).contains("Consume Diff Total:");
    }

    @Test
    void messageQueries() {
        String byKey = ok(new QueryMsgByKeySubCommand(), "-t", "AdminTopic", "-k", "key-3");
        assertThat(byKey).contains(sentWithKey3.getMsgId());
        String byOffset = ok(new QueryMsgByOffsetSubCommand(), "-t", "AdminTopic", "-b", "broker-a", "-i",
                String.valueOf(sent.getMessageQueue().getQueueId()), "-o", String.valueOf(sent.getQueueOffset()));
        assertThat(byOffset).containsPattern("Keys:\\s+\\[key-0]").containsPattern("Tags:\\s+\\[TagA]")
                .containsPattern("Store Host:\\s+" + broker());
        String byUniqueKey = ok(new QueryMsgByUniqueKeySubCommand(), "-t", "AdminTopic", "-i", sent.getMsgId());
        assertThat(byUniqueKey).containsPattern("Keys:\\s+\\[key-0]").contains(sent.getMsgId());
        String byId = ok(new QueryMsgByIdSubCommand(), "-t", "AdminTopic", "-i", sent.getOffsetMsgId());
        assertThat(byId).containsPattern("Keys:\\s+\\[key-0]").containsPattern("Queue Offset:\\s+" + sent.getQueueOffset());
        String printed = ok(new PrintMessageSubCommand(), "-t", "AdminTopic");
        assertThat(printed).contains("MSGID: " + sent.getMsgId(), "MSGID: " + sentWithKey3.getMsgId());
    }

    @Test
    void sendingAndConsumingFromTheTool() {
        assertThat(ok(new SendMessageCommand(), "-t", "ToolTopic", "-p", "from mqadmin")).contains("SEND_OK");
        assertThat(ok(new ConsumeMessageCommand(), "-t", "AdminTopic", "-c", "2")).contains("Consume ok", "MSGID: ");
    }

    @Test
    void offsetTools() {
        String reset = ok(new ResetOffsetByTimeCommand(), "-g", "mqadmin_group", "-t", "AdminTopic", "-s", "now");
        assertThat(reset).contains("group[mqadmin_group], topic[AdminTopic]");
        for (int queue = 0; queue < 4; queue++) {
            assertThat(reset).containsPattern("(?m)^broker-a\\s+" + queue + "\\s+[1-9]");
        }
        assertThat(ok(new CloneGroupOffsetCommand(), "-s", "mqadmin_group", "-d", "mqadmin_clone", "-t", "AdminTopic"))
                .contains("clone group offset success");
        assertThat(ok(new SkipAccumulationSubCommand(), "-g", "mqadmin_group", "-t", "AdminTopic"))
                .containsPattern("(?m)^broker-a\\s+0\\s+[1-9]");
    }

    @Test
    void nameServerTools() throws Exception {
        assertThat(ok(new UpdateKvConfigCommand(), "-s", "ORDER_TOPIC_CONFIG", "-k", "AdminTopic", "-v", "broker-a:4"))
                .contains("create or update kv config to namespace success");
        DefaultMQAdminExt admin = OfficialClients.startedAdmin(cluster.namesrvAddr(), "mqadmin-kv-check");
        try {
            assertThat(admin.getKVConfig("ORDER_TOPIC_CONFIG", "AdminTopic")).isEqualTo("broker-a:4");
        } finally {
            admin.shutdown();
        }
        assertThat(ok(new DeleteKvConfigCommand(), "-s", "ORDER_TOPIC_CONFIG", "-k", "AdminTopic"))
                .contains("delete kv config from namespace success");
        assertThat(ok(new WipeWritePermSubCommand(), "-b", "broker-a")).containsPattern("wipe write perm of broker\\[broker-a].* OK, [1-9]");
        assertThat(ok(new AddWritePermSubCommand(), "-b", "broker-a")).containsPattern("add write perm of broker\\[broker-a].* OK, [1-9]");
        assertThat(ok(new TopicRouteSubCommand(), "-t", "AdminTopic")).contains("\"perm\":6");
    }
}
