package io.apogee.client.consumer;

import io.apogee.client.ClientException;
import io.apogee.client.ClientOptions;
import io.apogee.client.instance.ClientInstance;
import io.apogee.client.instance.ClientManager;
import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.SubscriptionData;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The options every consumer of a group shares, under RocketMQ's names: the group, how its members
 * share queues ({@code messageModel}, {@code allocateMessageQueueStrategy}), where a queue without
 * a committed offset starts, how much one pull fetches and buffers, and where a broadcasting
 * member keeps its offsets; also the topics subscribed before start, which
 * {@link #newRebalancer} installs. {@link PushConsumer} and {@link LitePullConsumer} add their own
 * options; each passes its own defaults for the options whose RocketMQ defaults differ.
 *
 * <p>Thread safety: the options are not thread-safe, like {@link ClientOptions}; configure them on
 * one thread before {@code start()}. Subscriptions are kept in a concurrent map, so a running
 * consumer may record them from any thread.
 */
abstract class ConsumerSettings extends ClientOptions {

    private String consumerGroup;
    private MessageModel messageModel = MessageModel.CLUSTERING;
    private ConsumeFromWhere consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
    private long consumeTimestamp = System.currentTimeMillis() - 30 * 60 * 1000;
    private AllocateMessageQueueStrategy allocateMessageQueueStrategy = new AllocateMessageQueueAveragely();
    private int pullBatchSize;
    private int pullThresholdForQueue = 1000;
    private String offsetStoreDir;
    private final Map<String, String> subscriptionExpressions = new ConcurrentHashMap<>();

    ConsumerSettings(String consumerGroup, int defaultPullBatchSize, String defaultOffsetStoreDir) {
        this.consumerGroup = consumerGroup;
        this.pullBatchSize = defaultPullBatchSize;
        this.offsetStoreDir = defaultOffsetStoreDir;
    }

    /** The group's rebalancer, or null before start. */
    abstract Rebalancer rebalancer();

    /**
     * The client instance shared by clients with these options; a clustering member first takes the
     * process id as its instance name, so members in different processes get different client ids.
     */
    ClientInstance acquireInstance() {
        if (messageModel == MessageModel.CLUSTERING) {
            changeInstanceNameToPID();
        }
        return ClientManager.getInstance().getOrCreate(this);
    }

    /** The start() error when {@code instance} has a consumer of this group already. */
    ClientException groupAlreadyRegistered(ClientInstance instance) {
        return new ClientException("the consumer group " + consumerGroup + " has been created before in client "
                + instance.clientId() + "; specify another group name");
    }

    /** Where this group keeps offsets: on the brokers when clustering, in a local file when broadcasting. */
    OffsetStore newOffsetStore(ClientInstance instance) {
        return messageModel == MessageModel.CLUSTERING ? new BrokerOffsetStore(instance, consumerGroup)
                : new LocalFileOffsetStore(offsetStoreDir, instance.clientId(), consumerGroup);
    }

    /** Checks a tag expression and records the subscription; {@code null} subscribes to all tags. */
    void recordSubscription(String topic, String subExpression) {
        Subscriptions.tags(topic, subExpression);
        subscriptionExpressions.put(topic, subExpression == null ? SubscriptionData.SUB_ALL : subExpression);
    }

    void forgetSubscription(String topic) {
        subscriptionExpressions.remove(topic);
    }

    boolean hasSubscriptions() {
        return !subscriptionExpressions.isEmpty();
    }

    /** A rebalancer for this group holding the recorded subscriptions; queue changes go to {@code handler}. */
    Rebalancer newRebalancer(ClientInstance instance, Rebalancer.QueueHandler handler) {
        Rebalancer rebalancer = new Rebalancer(instance, consumerGroup, messageModel, allocateMessageQueueStrategy,
                handler);
        subscriptionExpressions.forEach((topic, expression) ->
                rebalancer.subscriptions().put(topic, Subscriptions.tags(topic, expression)));
        return rebalancer;
    }

    public String getConsumerGroup() { return consumerGroup; }
    void setGroup(String consumerGroup) { this.consumerGroup = consumerGroup; }
    public MessageModel getMessageModel() { return messageModel; }
    public void setMessageModel(MessageModel messageModel) { this.messageModel = messageModel; }
    public ConsumeFromWhere getConsumeFromWhere() { return consumeFromWhere; }
    public void setConsumeFromWhere(ConsumeFromWhere where) { this.consumeFromWhere = where; }
    public long getConsumeTimestamp() { return consumeTimestamp; }
    public void setConsumeTimestamp(long millis) { this.consumeTimestamp = millis; }
    AllocateMessageQueueStrategy allocateMessageQueueStrategy() { return allocateMessageQueueStrategy; }
    public void setAllocateMessageQueueStrategy(AllocateMessageQueueStrategy strategy) {
        this.allocateMessageQueueStrategy = strategy;
    }
    public int getPullBatchSize() { return pullBatchSize; }
    public void setPullBatchSize(int n) { this.pullBatchSize = n; }
    public int getPullThresholdForQueue() { return pullThresholdForQueue; }
    public void setPullThresholdForQueue(int n) { this.pullThresholdForQueue = n; }
    String offsetStoreDir() { return offsetStoreDir; }
    public void setOffsetStoreDir(String dir) { this.offsetStoreDir = dir; }
}
