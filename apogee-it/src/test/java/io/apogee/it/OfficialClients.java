package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.CommunicationMode;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Builds the official RocketMQ clients the scenarios run against a cluster, configured the way the
 * tests share: pointed at one name server and, where a prefix is given, with an instance name of
 * their own (so each is a client of its own to the broker). Stateless; the clients it returns are
 * the callers' to shut down.
 */
final class OfficialClients {

    private OfficialClients() {
    }

    /** {@code prefix} made unique, for a client instance of its own. */
    static String uniqueInstanceName(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    /** A producer of {@code group} not started yet, for tests that tune it first. */
    static DefaultMQProducer producer(String namesrvAddr, String group, String instancePrefix) {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(uniqueInstanceName(instancePrefix));
        return producer;
    }

    /** A started producer of {@code group}. */
    static DefaultMQProducer startedProducer(String namesrvAddr, String group, String instancePrefix)
            throws MQClientException {
        DefaultMQProducer producer = producer(namesrvAddr, group, instancePrefix);
        producer.start();
        return producer;
    }

    /** A started admin tool in the official admin's default group. */
    static DefaultMQAdminExt startedAdmin(String namesrvAddr, String instancePrefix) throws MQClientException {
        return start(new DefaultMQAdminExt(), namesrvAddr, instancePrefix);
    }

    /** A started admin tool in {@code group}. */
    static DefaultMQAdminExt startedAdmin(String namesrvAddr, String group, String instancePrefix)
            throws MQClientException {
        return start(new DefaultMQAdminExt(group), namesrvAddr, instancePrefix);
    }

    private static DefaultMQAdminExt start(DefaultMQAdminExt admin, String namesrvAddr, String instancePrefix)
            throws MQClientException {
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName(uniqueInstanceName(instancePrefix));
        admin.start();
        return admin;
    }

    /**
     * A push consumer of {@code group}, not started yet, that starts a group new to the broker at
     * the first offset of each queue; {@code instanceName} is used as given, so consumers may share one.
     */
    static DefaultMQPushConsumer consumerFromFirstOffset(String namesrvAddr, String group, String instanceName) {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName(instanceName);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        quickHeartbeats(consumer);
        return consumer;
    }

    /**
     * Heartbeats every second instead of every 30 s. The official client's first rebalance raises its
     * subscription's version and sends a heartbeat with it, but only if no other heartbeat holds its heartbeat
     * lock (it logs "lock heartBeat, but failed" and skips it). When the start's own heartbeat, with the old
     * version, holds it then, every pull is answered SUBSCRIPTION_NOT_LATEST, by Apache RocketMQ as by Apogee,
     * until the next periodic heartbeat: a test would wait 30 s for its first message.
     */
    static DefaultMQPushConsumer quickHeartbeats(DefaultMQPushConsumer consumer) {
        consumer.setHeartbeatBrokerInterval(1_000);
        return consumer;
    }

    /**
     * Subscribes {@code consumer} to every message of {@code topic}, hands each one it receives to
     * {@code onMessage} and acknowledges it, and starts the consumer.
     */
    static DefaultMQPushConsumer startConsuming(DefaultMQPushConsumer consumer, String topic,
                                                Consumer<MessageExt> onMessage) throws MQClientException {
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(onMessage);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }

    /** A message of {@code topic} whose body is {@code body} in UTF-8. */
    static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The body of {@code message} read as UTF-8. */
    static String body(MessageExt message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code message} to queue {@code queueId} of the broker at {@code brokerAddr} itself, whatever the
     * routes say (a slave, or one of two brokers that both claim to be master), with {@code producer}'s
     * client; the topic is created from TBW102 as a producer's first send creates it.
     */
    static SendResult sendTo(DefaultMQProducer producer, String brokerAddr, String brokerName, Message message,
                             int queueId) throws Exception {
        SendMessageRequestHeader header = new SendMessageRequestHeader();
        header.setProducerGroup(producer.getProducerGroup());
        header.setTopic(message.getTopic());
        header.setDefaultTopic("TBW102");
        header.setDefaultTopicQueueNums(4);
        header.setQueueId(queueId);
        header.setSysFlag(0);
        header.setBornTimestamp(System.currentTimeMillis());
        header.setFlag(0);
        header.setProperties(MessageDecoder.messageProperties2String(message.getProperties()));
        header.setReconsumeTimes(0);
        header.setBatch(false);
        return producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl()
                .sendMessage(brokerAddr, brokerName, message, header, 15_000, CommunicationMode.SYNC, null,
                        producer.getDefaultMQProducerImpl());
    }

    /** How many messages {@code topic}'s queues hold, as the admin tool reports them. */
    static long messagesIn(DefaultMQAdminExt admin, String topic) throws Exception {
        return admin.examineTopicStats(topic).getOffsetTable().values().stream()
                .mapToLong(o -> o.getMaxOffset() - o.getMinOffset()).sum();
    }
}
