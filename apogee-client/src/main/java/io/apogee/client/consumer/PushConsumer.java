package io.apogee.client.consumer;

import io.apogee.client.ClientException;
import io.apogee.client.ServiceState;
import io.apogee.client.instance.ClientInstance;
import io.apogee.client.producer.MessageValidator;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.SubscriptionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Delivers messages to a listener as they arrive: the client pulls with long polling, holds what it
 * pulled per queue (flow-controlled), runs the listener on a thread pool and commits offsets.
 * Options carry RocketMQ's {@code DefaultMQPushConsumer} names.
 *
 * <pre>
 * PushConsumer consumer = new PushConsumer("order-readers");
 * consumer.setNamesrvAddr("127.0.0.1:9876");
 * consumer.subscribe("OrderTopic", "created || paid");
 * consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
 *     messages.forEach(this::handle);
 *     return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
 * });
 * consumer.start();
 * </pre>
 *
 * <p>In a CLUSTERING group (the default) each queue is consumed by one member, chosen by the
 * {@link AllocateMessageQueueStrategy}, and offsets live on the brokers; in a BROADCASTING group
 * every member consumes every queue and keeps offsets in a local file.
 *
 * <p>Thread safety: configure, subscribe and register the listener before {@link #start()}, on
 * one thread. The listener is called on the consume threads; {@link #shutdown()} may be called
 * from any thread but not from the listener.
 */
public class PushConsumer extends ConsumerSettings {

    private static final Logger LOG = LoggerFactory.getLogger(PushConsumer.class);

    /** The group RocketMQ reserves as the default, which applications may not use. */
    public static final String DEFAULT_CONSUMER_GROUP = "DEFAULT_CONSUMER";
    /** Prefix of a group's retry topic. */
    public static final String RETRY_GROUP_TOPIC_PREFIX = "%RETRY%";

    private int consumeThreadMin = 20;
    private int consumeThreadMax = 20;
    private int pullThresholdSizeForQueue = 100;
    private long pullInterval;
    private int consumeMessageBatchMaxSize = 1;
    private int maxReconsumeTimes = 16;
    private long awaitTerminationMillisWhenShutdown;

    private MessageListenerConcurrently listener;
    private MessageListenerOrderly orderlyListener;
    private long suspendCurrentQueueTimeMillis = 1_000;
    private volatile ServiceState state = ServiceState.CREATE_JUST;
    /** Offsets reset by an administrator, applied on the rebalance thread, which alone adds and removes queues. */
    private final Queue<Map<MessageQueue, Long>> pendingResets = new ConcurrentLinkedQueue<>();
    private volatile boolean paused;
    private ClientInstance instance;
    private OffsetStore offsetStore;
    private Rebalancer rebalancer;
    private PushQueueHandler queueHandler;
    private ConsumeService consumeService;
    private QueuePuller puller;

    public PushConsumer() {
        this(DEFAULT_CONSUMER_GROUP);
    }

    public PushConsumer(String consumerGroup) {
        super(consumerGroup, 32, System.getProperty("rocketmq.client.localOffsetStoreDir",
                System.getProperty("user.home") + "/.rocketmq_offsets"));
    }

    /** Subscribes to a topic with a tag expression: {@code *} or tags joined by {@code ||}. */
    public void subscribe(String topic, String subExpression) {
        recordSubscription(topic, subExpression);
        if (state == ServiceState.RUNNING) {
            rebalancer.subscribeNow(topic, subExpression);
        }
    }

    public void unsubscribe(String topic) {
        forgetSubscription(topic);
        if (rebalancer != null) {
            rebalancer.subscriptions().remove(topic);
        }
    }

    public void registerMessageListener(MessageListenerConcurrently listener) {
        this.listener = listener;
        this.orderlyListener = null;
    }

    /** Consumes each queue in order; in a clustering group each queue is locked on its broker first. */
    public void registerMessageListener(MessageListenerOrderly listener) {
        this.orderlyListener = listener;
        this.listener = null;
    }

    /** Whether an orderly listener is registered. */
    public boolean isOrderly() {
        return orderlyListener != null;
    }

    /**
     * Starts consuming: only from CREATE_JUST, through START_FAILED. Registers the group with the
     * shared client instance (a group registered there already is an error and leaves the consumer
     * in CREATE_JUST), starts the instance, fetches routes, heartbeats and rebalances at once.
     */
    public synchronized void start() {
        if (state != ServiceState.CREATE_JUST) {
            throw new ClientException("the push consumer of group " + getConsumerGroup()
                    + " cannot start: its state is " + state + " (only a consumer in CREATE_JUST can start)");
        }
        state = ServiceState.START_FAILED;
        checkConfig();
        instance = acquireInstance();
        offsetStore = newOffsetStore(instance);
        offsetStore.load();
        queueHandler = new PushQueueHandler(this, instance, offsetStore);
        rebalancer = newRebalancer(instance, queueHandler);
        if (getMessageModel() == MessageModel.CLUSTERING) {
            String retryTopic = RETRY_GROUP_TOPIC_PREFIX + getConsumerGroup();
            rebalancer.subscriptions().put(retryTopic, Subscriptions.tags(retryTopic, SubscriptionData.SUB_ALL));
        }
        consumeService = orderlyListener != null
                ? new ConsumeOrderlyService(this, instance, offsetStore, orderlyListener)
                : new ConsumeConcurrentlyService(this, instance, offsetStore, listener);
        puller = new QueuePuller(this, instance, rebalancer, offsetStore, consumeService);
        if (!instance.registerConsumer(getConsumerGroup(), new PushConsumerMember(this))) {
            consumeService.shutdown(0);
            state = ServiceState.CREATE_JUST;
            throw groupAlreadyRegistered(instance);
        }
        try {
            instance.start();
        } catch (RuntimeException e) {
            // Nothing of this consumer is left registered or running; the state stays START_FAILED.
            instance.unregisterConsumer(getConsumerGroup());
            consumeService.shutdown(0);
            instance.shutdown();
            throw e;
        }
        state = ServiceState.RUNNING;
        for (String topic : rebalancer.subscriptions().keySet()) {
            try {
                instance.routes().update(topic);
            } catch (ClientException e) {
                // As RocketMQ 5.3.3: a topic without a route yet is not an error; the periodic route
                // refresh finds it once it exists, and the rebalance after it assigns its queues.
                LOG.warn("push consumer of group {}: no route yet for subscribed topic {}: {}", getConsumerGroup(),
                        topic, e.getMessage());
            }
        }
        instance.sendHeartbeatToAllBrokers();
        instance.rebalanceService().wakeup();
    }

    private void checkConfig() {
        checkOptions();
        MessageValidator.checkGroup(getConsumerGroup(), "consumerGroup");
        if (DEFAULT_CONSUMER_GROUP.equals(getConsumerGroup())) {
            throw new ClientException("consumerGroup " + DEFAULT_CONSUMER_GROUP + " is reserved; set a group name");
        }
        if (listener == null && orderlyListener == null) {
            throw new ClientException("register a message listener before start()");
        }
        if (consumeThreadMin < 1 || consumeThreadMax < consumeThreadMin || consumeThreadMax > 1000) {
            throw new ClientException("consumeThreadMin/consumeThreadMax must satisfy 1 <= min <= max <= 1000, were "
                    + consumeThreadMin + "/" + consumeThreadMax);
        }
        int pullBatchSize = getPullBatchSize();
        if (pullBatchSize < 1 || pullBatchSize > 1024) {
            throw new ClientException("pullBatchSize must be 1..1024, was " + pullBatchSize);
        }
        if (consumeMessageBatchMaxSize < 1 || consumeMessageBatchMaxSize > 1024) {
            throw new ClientException("consumeMessageBatchMaxSize must be 1..1024, was " + consumeMessageBatchMaxSize);
        }
        positive("pullThresholdForQueue", getPullThresholdForQueue());
        positive("pullThresholdSizeForQueue", pullThresholdSizeForQueue);
        if (pullInterval < 0) {
            throw new ClientException("pullInterval must not be negative, was " + pullInterval);
        }
    }

    /** Stops consuming, persists offsets, leaves the group and releases the client instance if it was its last user. */
    public synchronized void shutdown() {
        if (state != ServiceState.RUNNING) {
            return;
        }
        state = ServiceState.SHUTDOWN_ALREADY;
        consumeService.shutdown(awaitTerminationMillisWhenShutdown);
        persistConsumerOffset();
        instance.unregisterConsumer(getConsumerGroup());
        rebalancer.destroy();
        instance.shutdown();
    }

    /** Stops pulling until {@link #resume()}; messages already pulled are still consumed. */
    public void suspend() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    /**
     * Takes up queues whose offsets an administrator reset on the broker: each held queue is dropped with its
     * new offset (so that letting go commits that offset, not the old one) and the next rebalance, asked for
     * now, takes it again from the broker's committed offset. Any thread.
     */
    void resetOffsets(Map<MessageQueue, Long> offsets) {
        pendingResets.add(Map.copyOf(offsets));
        instance.rebalanceService().wakeup();
    }

    /** Applies pending resets, rebalances, then renews the broker locks of an orderly consumer's queues. */
    void doRebalance() {
        for (Map<MessageQueue, Long> reset; (reset = pendingResets.poll()) != null; ) {
            reset.forEach((queue, offset) -> {
                if (rebalancer.processQueues().containsKey(queue)) {
                    offsetStore.updateOffset(queue, offset, false);
                    rebalancer.remove(queue);
                }
            });
            LOG.info("group {} takes up {} queues again at their reset offsets", getConsumerGroup(), reset.size());
        }
        rebalancer.doRebalance();
        queueHandler.relock(rebalancer.processQueues());
    }

    void persistConsumerOffset() {
        if (offsetStore != null && rebalancer != null) {
            offsetStore.persistAll(new HashSet<>(rebalancer.processQueues().keySet()));
        }
    }

    void adjustThreadPool() {
        if (consumeService != null) {
            consumeService.adjustThreadPool();
        }
    }

    @Override
    Rebalancer rebalancer() { return rebalancer; }
    QueuePuller puller() { return puller; }
    boolean isPaused() { return paused; }

    /** The queues this member consumes now. */
    public Set<MessageQueue> assignedQueues() {
        return rebalancer == null ? Set.of() : Set.copyOf(rebalancer.processQueues().keySet());
    }

    /** Messages pulled and not yet consumed, over every queue. */
    public long cachedMessageCount() {
        return rebalancer == null ? 0 : rebalancer.processQueues().values().stream()
                .mapToLong(ProcessQueue::messageCount).sum();
    }

    /** How many times a pull waited because a queue held too many unconsumed messages. */
    public long flowControlTimes() { return puller == null ? 0 : puller.flowControlTimes(); }
    /** The consume pool's current core size. */
    public int consumeThreadPoolSize() { return consumeService == null ? 0 : consumeService.corePoolSize(); }
    public OffsetStore getOffsetStore() { return offsetStore; }
    public ServiceState getState() { return state; }
    public ClientInstance clientInstance() { return instance; }

    public void setConsumerGroup(String consumerGroup) { setGroup(consumerGroup); }
    public AllocateMessageQueueStrategy getAllocateMessageQueueStrategy() { return allocateMessageQueueStrategy(); }
    public int getConsumeThreadMin() { return consumeThreadMin; }
    public void setConsumeThreadMin(int n) { this.consumeThreadMin = n; }
    public int getConsumeThreadMax() { return consumeThreadMax; }
    public void setConsumeThreadMax(int n) { this.consumeThreadMax = n; }
    public int getPullThresholdSizeForQueue() { return pullThresholdSizeForQueue; }
    public void setPullThresholdSizeForQueue(int mib) { this.pullThresholdSizeForQueue = mib; }
    public long getPullInterval() { return pullInterval; }
    public void setPullInterval(long millis) { this.pullInterval = millis; }
    public int getConsumeMessageBatchMaxSize() { return consumeMessageBatchMaxSize; }
    public void setConsumeMessageBatchMaxSize(int n) { this.consumeMessageBatchMaxSize = n; }
    public int getMaxReconsumeTimes() { return maxReconsumeTimes; }
    public void setMaxReconsumeTimes(int n) { this.maxReconsumeTimes = n; }
    public long getSuspendCurrentQueueTimeMillis() { return suspendCurrentQueueTimeMillis; }
    public void setSuspendCurrentQueueTimeMillis(long millis) { this.suspendCurrentQueueTimeMillis = millis; }
    public long getAwaitTerminationMillisWhenShutdown() { return awaitTerminationMillisWhenShutdown; }
    public void setAwaitTerminationMillisWhenShutdown(long millis) { this.awaitTerminationMillisWhenShutdown = millis; }
    public String getOffsetStoreDir() { return offsetStoreDir(); }
}
