package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.LanguageCode;
import org.apache.rocketmq.remoting.protocol.body.CMResult;
import org.apache.rocketmq.remoting.protocol.body.Connection;
import org.apache.rocketmq.remoting.protocol.body.ConsumeMessageDirectlyResult;
import org.apache.rocketmq.remoting.protocol.body.ConsumeQueueData;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.body.ConsumerRunningInfo;
import org.apache.rocketmq.remoting.protocol.body.ProducerConnection;
import org.apache.rocketmq.remoting.protocol.body.QueryConsumeQueueResponseBody;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The official admin tool asking the broker about its clients: a consumer group's and a producer group's
 * connections (GET_CONSUMER_CONNECTION_LIST, GET_PRODUCER_CONNECTION_LIST) and the groups that consume a
 * topic (QUERY_TOPIC_CONSUME_BY_WHO), and a consume queue's entries judged against a group's subscription
 * (QUERY_CONSUME_QUEUE), and what only the consumer itself can answer, relayed to it
 * (GET_CONSUMER_RUNNING_INFO, CONSUME_MESSAGE_DIRECTLY), with live official clients.
 */
class OfficialConnectionsTest extends AdminClusterTest {

    private static final String TOPIC = "ConnectionsTopic";
    private static final String GROUP = "connections_group";
    private static final String PRODUCER_GROUP = "connections_producer";

    @BeforeEach
    void start() throws Exception {
        createTopic(TOPIC, 2);
    }

    @Test
    void listsTheConnectionsOfLiveConsumerAndProducerGroups() throws Exception {
        AtomicInteger consumed = new AtomicInteger();
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), GROUP,
                uniqueInstanceName("connections-consumer"));
        consumer.subscribe(TOPIC, "TagA || TagB");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            consumed.addAndGet(messages.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        closer.add(consumer, DefaultMQPushConsumer::shutdown);
        DefaultMQProducer producer = closer.add(startedProducer(cluster.namesrvAddr(), PRODUCER_GROUP,
                "connections-producer"), DefaultMQProducer::shutdown);
        MessageQueue queue0 = new MessageQueue(TOPIC, "broker-a", 0);
        SendResult sent = producer.send(new Message(TOPIC, "TagA", "m".getBytes(StandardCharsets.UTF_8)), queue0);
        producer.send(new Message(TOPIC, "TagC", "skipped".getBytes(StandardCharsets.UTF_8)), queue0);
        // A producer heartbeats brokers it knows every 30 s; it knows this one only since its first send.
        producer.getDefaultMQProducerImpl().getMqClientFactory().sendHeartbeatToAllBrokerWithLock();
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed.get() == 1);

        ConsumerConnection consumers = admin.examineConsumerConnectionInfo(GROUP);
        assertThat(consumers.getConnectionSet()).singleElement().satisfies(c -> expectClient(c, consumer.buildMQClientId()));
        assertThat(consumers.getSubscriptionTable()).containsKey(TOPIC);
        assertThat(consumers.getSubscriptionTable().get(TOPIC).getTagsSet()).containsExactlyInAnyOrder("TagA", "TagB");
        assertThat(consumers.getConsumeType()).isEqualTo(ConsumeType.CONSUME_PASSIVELY);
        assertThat(consumers.getMessageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(consumers.getConsumeFromWhere()).isEqualTo(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);

        ProducerConnection producers = admin.examineProducerConnectionInfo(PRODUCER_GROUP, TOPIC);
        assertThat(producers.getConnectionSet()).singleElement().satisfies(c -> expectClient(c, producer.buildMQClientId()));

        assertThat(admin.queryTopicConsumeByWho(TOPIC).getGroupList()).containsExactly(GROUP);

        QueryConsumeQueueResponseBody cq = admin.queryConsumeQueue(broker, TOPIC, 0, 0, 10,
                GROUP);
        assertThat(cq.getMinQueueIndex()).isZero();
        assertThat(cq.getMaxQueueIndex()).isEqualTo(2);
        assertThat(cq.getSubscriptionData().getSubString()).isEqualTo("TagA || TagB");
        assertThat(cq.getQueueData()).extracting(ConsumeQueueData::getTagsCode, ConsumeQueueData::isEval)
                .containsExactly(tuple((long) "TagA".hashCode(), true), tuple((long) "TagC".hashCode(), false));
        assertThat(cq.getQueueData().get(1).getPhysicOffset()).isGreaterThan(cq.getQueueData().get(0).getPhysicOffset());
        assertThat(admin.queryConsumeQueue(broker, TOPIC, 0, 1, 10, "absent_group")
                .getFilterData()).isEqualTo("absent_group@" + TOPIC + " is not online!");

        ConsumerRunningInfo running = admin.getConsumerRunningInfo(GROUP, consumer.buildMQClientId(), false);
        assertThat(running.getSubscriptionSet()).extracting(s -> s.getTopic()).contains(TOPIC);
        assertThat(running.getMqTable().keySet()).extracting(MessageQueue::getTopic).contains(TOPIC);
        assertThatThrownBy(() -> admin.getConsumerRunningInfo(GROUP, "no-such-client", false))
                .hasMessageContaining("not online");
        ConsumeMessageDirectlyResult direct = admin.consumeMessageDirectly(GROUP, consumer.buildMQClientId(), TOPIC,
                sent.getOffsetMsgId());
        assertThat(direct.getConsumeResult()).isEqualTo(CMResult.CR_SUCCESS);
        assertThat(consumed.get()).as("consumed again, directly").isEqualTo(2);

        MqAdmin mqadmin = new MqAdmin(cluster.namesrvAddr());
        assertThat(mqadmin.run("consumerStatus -g " + GROUP + " -i " + consumer.buildMQClientId()))
                .contains(TOPIC).doesNotContainPattern("Exception: ");
        assertThat(mqadmin.run("queryCq -t " + TOPIC + " -q 0 -i 0 -c 10 -g " + GROUP + " -b "
                + broker)).contains("TagA || TagB").doesNotContain("Exception");
        assertThat(mqadmin.run("consumerConnection -g " + GROUP)).contains(consumer.buildMQClientId())
                .contains("CLUSTERING").doesNotContain("Exception");
        assertThat(mqadmin.run("producerConnection -g " + PRODUCER_GROUP + " -t " + TOPIC))
                .contains(producer.buildMQClientId()).doesNotContain("Exception");
        assertThat(mqadmin.run("topicList -c")).containsPattern(TOPIC + "\\s+" + GROUP);
        // Without -g, consumerProgress asks each group's connections: a live group is not OFFLINE.
        assertThat(mqadmin.run("consumerProgress").lines().filter(line -> line.startsWith(GROUP + " ")))
                .singleElement().satisfies(line -> assertThat(line).doesNotContain("OFFLINE").contains("CLUSTERING"));
    }

    @Test
    void aGroupThatLeftIsNotOnlineButStillConsumesTheTopicByItsOffsets() throws Exception {
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), GROUP,
                uniqueInstanceName("connections-consumer"));
        AtomicInteger consumed = new AtomicInteger();
        OfficialClients.startConsuming(consumer, TOPIC, m -> consumed.incrementAndGet());
        DefaultMQProducer producer = closer.add(startedProducer(cluster.namesrvAddr(), PRODUCER_GROUP,
                "connections-producer"), DefaultMQProducer::shutdown);
        producer.send(new Message(TOPIC, "m".getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed.get() == 1);
        consumer.shutdown(); // commits its offsets and leaves the group

        assertThatThrownBy(() -> admin.examineConsumerConnectionInfo(GROUP))
                .isInstanceOfSatisfying(MQBrokerException.class, e -> assertThat(e.getResponseCode()).isEqualTo(206));
        assertThatThrownBy(() -> admin.examineProducerConnectionInfo("no_such_producer", TOPIC))
                .hasMessageContaining("no_such_producer");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.queryTopicConsumeByWho(TOPIC).getGroupList()).containsExactly(GROUP));
    }

    private static void expectClient(Connection connection, String clientId) {
        assertThat(connection.getClientId()).isEqualTo(clientId);
        assertThat(connection.getClientAddr()).startsWith("127.0.0.1:");
        assertThat(connection.getLanguage()).isEqualTo(LanguageCode.JAVA);
        assertThat(connection.getVersion()).isEqualTo(MQVersion.CURRENT_VERSION);
    }
}
