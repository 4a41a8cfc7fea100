package io.apogee.client.producer;

import io.apogee.client.ClientException;
import io.apogee.client.ClientOptions;
import io.apogee.client.ServiceState;
import io.apogee.client.instance.ClientInstance;
import io.apogee.client.instance.ClientManager;
import io.apogee.client.message.Message;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.message.MessageConst;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends messages: synchronously, asynchronously (a {@link CompletableFuture}), oneway, in batches,
 * or to a queue chosen by a {@link MessageQueueSelector}. Options carry RocketMQ's
 * {@code DefaultMQProducer} names.
 *
 * <pre>
 * Producer producer = new Producer("orders");
 * producer.setNamesrvAddr("127.0.0.1:9876");
 * producer.start();
 * SendResult r = producer.send(new Message("OrderTopic", "created", body));
 * producer.sendAsync(message).thenAccept(...);
 * producer.shutdown();
 * </pre>
 *
 * <p>{@link #start()}: only from CREATE_JUST, through START_FAILED; checks the options; replaces a
 * default instance name by the process id; gets the shared client instance for its client id from
 * the {@link ClientManager}; registers its group there (a group registered already is an error);
 * seeds the publish table with the auto-create key; starts the instance; becomes RUNNING; sends a
 * heartbeat to every known broker.
 *
 * <p>Thread safety: configure and start on one thread; the send methods may then be called from any
 * number of threads. Futures of {@link #sendAsync} complete on transport threads: do not block in
 * their callbacks.
 */
public class Producer extends ClientOptions {

    /** The group RocketMQ reserves as the default, which applications may not use. */
    public static final String DEFAULT_PRODUCER_GROUP = "DEFAULT_PRODUCER";
    /** The group of a client instance's own producer. */
    public static final String CLIENT_INNER_PRODUCER_GROUP = "CLIENT_INNER_PRODUCER";
    /** The topic a broker copies when it creates a topic on its first send. */
    public static final String AUTO_CREATE_TOPIC_KEY_TOPIC = "TBW102";

    private String producerGroup;
    private String createTopicKey = AUTO_CREATE_TOPIC_KEY_TOPIC;
    private int defaultTopicQueueNums = 4;
    private long sendMsgTimeout = 3_000;
    private int compressMsgBodyOverHowmuch = 4 * 1024;
    private int retryTimesWhenSendFailed = 2;
    private int retryTimesWhenSendAsyncFailed = 2;
    private boolean retryAnotherBrokerWhenNotStoreOK;
    private int maxMessageSize = 4 * 1024 * 1024;
    private boolean sendLatencyFaultEnable = true;

    private volatile ServiceState state = ServiceState.CREATE_JUST;
    private PublishTable table;
    private ClientInstance instance;
    private MessageSender sender;

    public Producer() {
        this(DEFAULT_PRODUCER_GROUP);
    }

    public Producer(String producerGroup) {
        this.producerGroup = producerGroup;
    }

    /** Starts the producer and, if needed, its shared client instance. */
    public void start() {
        start(true);
    }

    /**
     * Starts the producer; {@code startInstance} false is for the client instance's own inner
     * producer, which must not start the instance again.
     */
    public synchronized void start(boolean startInstance) {
        if (state != ServiceState.CREATE_JUST) {
            throw new ClientException("the producer of group " + producerGroup + " cannot start: its state is "
                    + state + " (only a producer in CREATE_JUST can start)");
        }
        state = ServiceState.START_FAILED;
        checkConfig();
        if (!CLIENT_INNER_PRODUCER_GROUP.equals(producerGroup)) {
            changeInstanceNameToPID();
        }
        instance = ClientManager.getInstance().getOrCreate(this);
        PublishTable registration = new PublishTable(producerGroup);
        if (!instance.registerProducer(producerGroup, registration)) {
            state = ServiceState.CREATE_JUST;
            throw new ClientException("the producer group " + producerGroup + " has been created before in client "
                    + instance.clientId() + "; specify another group name");
        }
        table = registration;
        table.addIfAbsent(createTopicKey);
        sender = new MessageSender(this, table, instance);
        onRegistered(table);
        if (startInstance) {
            instance.start();
        }
        state = ServiceState.RUNNING;
        instance.sendHeartbeatToAllBrokers();
    }

    /** A hook for subclasses to attach to the registration (the transactional producer's check). */
    void onRegistered(PublishTable registration) {
    }

    private void checkConfig() {
        checkOptions();
        MessageValidator.checkGroup(producerGroup, "producerGroup");
        if (DEFAULT_PRODUCER_GROUP.equals(producerGroup)) {
            throw new ClientException("producerGroup " + DEFAULT_PRODUCER_GROUP + " is reserved; set a group name");
        }
        positive("sendMsgTimeout", sendMsgTimeout);
        positive("maxMessageSize", maxMessageSize);
        positive("defaultTopicQueueNums", defaultTopicQueueNums);
        if (retryTimesWhenSendFailed < 0 || retryTimesWhenSendAsyncFailed < 0) {
            throw new ClientException("retryTimesWhenSendFailed and retryTimesWhenSendAsyncFailed must not be negative");
        }
    }

    /** Unregisters the group from every broker and shuts the client instance down if it was the last user. */
    public void shutdown() {
        shutdown(true);
    }

    public synchronized void shutdown(boolean shutdownInstance) {
        if (state != ServiceState.RUNNING) {
            return;
        }
        state = ServiceState.SHUTDOWN_ALREADY;
        instance.unregisterProducer(producerGroup);
        table.clear();
        if (shutdownInstance) {
            instance.shutdown();
        }
    }

    /** Sends and waits for the broker, retrying on another broker up to {@code retryTimesWhenSendFailed}. */
    public SendResult send(Message message) {
        return send(message, sendMsgTimeout);
    }

    public SendResult send(Message message, long timeoutMillis) {
        checkRunning();
        MessageValidator.checkMessage(message, maxMessageSize);
        return sender.sendSync(OutgoingMessage.single(message, compressMsgBodyOverHowmuch), timeoutMillis);
    }

    /** Sends to one queue, without retries on other queues. */
    public SendResult send(Message message, MessageQueue queue) {
        checkRunning();
        MessageValidator.checkMessage(message, maxMessageSize);
        if (!queue.topic().equals(message.getTopic())) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the queue " + queue + " is not of topic "
                    + message.getTopic());
        }
        return sender.sendToQueue(OutgoingMessage.single(message, compressMsgBodyOverHowmuch), queue, sendMsgTimeout);
    }

    /** Sends to the queue {@code selector} picks, e.g. by an order id, so related messages keep their order. */
    public SendResult send(Message message, MessageQueueSelector selector, Object arg) {
        checkRunning();
        MessageValidator.checkMessage(message, maxMessageSize);
        List<MessageQueue> queues = sender.publishInfo(message.getTopic()).queues();
        MessageQueue queue = selector.select(queues, message, arg);
        if (queue == null) {
            throw new ClientException("the queue selector chose no queue for topic " + message.getTopic());
        }
        return sender.sendToQueue(OutgoingMessage.single(message, compressMsgBodyOverHowmuch), queue, sendMsgTimeout);
    }

    /**
     * Sends without blocking; the future completes on a transport thread with the result, or fails
     * with a {@link ClientException} once the retries ({@code retryTimesWhenSendAsyncFailed}) or
     * the timeout are used up. Argument errors fail the future too.
     */
    public CompletableFuture<SendResult> sendAsync(Message message) {
        return sendAsync(message, sendMsgTimeout);
    }

    public CompletableFuture<SendResult> sendAsync(Message message, long timeoutMillis) {
        try {
            checkRunning();
            MessageValidator.checkMessage(message, maxMessageSize);
            return sender.sendAsync(OutgoingMessage.single(message, compressMsgBodyOverHowmuch), timeoutMillis);
        } catch (ClientException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Writes the message to a broker without waiting for any answer; no retries. */
    public void sendOneway(Message message) {
        checkRunning();
        MessageValidator.checkMessage(message, maxMessageSize);
        sender.sendOneway(OutgoingMessage.single(message, compressMsgBodyOverHowmuch), sendMsgTimeout);
    }

    /**
     * Sends messages of one topic as one batch, stored together in one queue. Batched messages may
     * not be delayed; their total size is limited by {@code maxMessageSize}.
     */
    public SendResult send(Collection<? extends Message> messages) {
        return send(messages, sendMsgTimeout);
    }

    public SendResult send(Collection<? extends Message> messages, long timeoutMillis) {
        checkRunning();
        return sender.sendSync(encodeBatch(messages), timeoutMillis);
    }

    public CompletableFuture<SendResult> sendAsync(Collection<? extends Message> messages) {
        try {
            checkRunning();
            return sender.sendAsync(encodeBatch(messages), sendMsgTimeout);
        } catch (ClientException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private OutgoingMessage encodeBatch(Collection<? extends Message> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "a batch needs at least one message");
        }
        String topic = messages.iterator().next().getTopic();
        for (Message message : messages) {
            MessageValidator.checkMessage(message, maxMessageSize);
            if (!message.getTopic().equals(topic)) {
                throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "a batch holds messages of one topic, not "
                        + topic + " and " + message.getTopic());
            }
            if (message.getDelayTimeLevel() > 0) {
                throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "batched messages cannot be delayed");
            }
        }
        OutgoingMessage batch = OutgoingMessage.batch(messages);
        if (batch.bodyLength() > maxMessageSize) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the batch is " + batch.bodyLength()
                    + " bytes, over maxMessageSize " + maxMessageSize);
        }
        return batch;
    }

    /**
     * Sends a request and waits for its reply: the message carries a correlation id and this
     * client's id, the consumer answers with {@link Replies#createReply}, and the broker pushes the
     * reply back here. Throws when no reply arrives within {@code timeoutMillis}.
     */
    public MessageExt request(Message message, long timeoutMillis) {
        checkRunning();
        MessageValidator.checkMessage(message, maxMessageSize);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        String correlationId = java.util.UUID.randomUUID().toString();
        message.putProperty(MessageConst.PROPERTY_CORRELATION_ID, correlationId);
        message.putProperty(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, instance.clientId());
        message.putProperty(MessageConst.PROPERTY_MESSAGE_TTL, Long.toString(timeoutMillis));
        CompletableFuture<MessageExt> reply = instance.replies().expect(correlationId);
        try {
            send(message, timeoutMillis);
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            return reply.get(left, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ClientException(ResponseCode.RPC_TIME_OUT, "no reply to the request to topic "
                    + message.getTopic() + " within " + timeoutMillis + " ms (correlation id " + correlationId + ")");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ClientException("the request failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting for a reply", e);
        } finally {
            instance.replies().forget(correlationId);
        }
    }

    /** The writable queues of a topic, fetching its route if needed. */
    public List<MessageQueue> fetchPublishMessageQueues(String topic) {
        checkRunning();
        return sender.publishInfo(topic).queues();
    }

    void checkRunning() {
        if (state != ServiceState.RUNNING) {
            throw new ClientException("the producer of group " + producerGroup + " is not running (state " + state
                    + ")");
        }
    }

    /** The topics in the publish table (the auto-create key and every topic sent to). */
    public List<String> publishTopics() {
        PublishTable t = table;
        return t == null ? List.of() : List.copyOf(t.publishTopics());
    }

    public ServiceState getState() { return state; }
    /** The client instance this producer uses, once started. */
    public ClientInstance clientInstance() { return instance; }
    MessageSender sender() { return sender; }

    public String getProducerGroup() { return producerGroup; }
    public void setProducerGroup(String producerGroup) { this.producerGroup = producerGroup; }
    public String getCreateTopicKey() { return createTopicKey; }
    public void setCreateTopicKey(String createTopicKey) { this.createTopicKey = createTopicKey; }
    public int getDefaultTopicQueueNums() { return defaultTopicQueueNums; }
    public void setDefaultTopicQueueNums(int n) { this.defaultTopicQueueNums = n; }
    public long getSendMsgTimeout() { return sendMsgTimeout; }
    public void setSendMsgTimeout(long millis) { this.sendMsgTimeout = millis; }
    public int getCompressMsgBodyOverHowmuch() { return compressMsgBodyOverHowmuch; }
    public void setCompressMsgBodyOverHowmuch(int bytes) { this.compressMsgBodyOverHowmuch = bytes; }
    public int getRetryTimesWhenSendFailed() { return retryTimesWhenSendFailed; }
    public void setRetryTimesWhenSendFailed(int times) { this.retryTimesWhenSendFailed = times; }
    public int getRetryTimesWhenSendAsyncFailed() { return retryTimesWhenSendAsyncFailed; }
    public void setRetryTimesWhenSendAsyncFailed(int times) { this.retryTimesWhenSendAsyncFailed = times; }
    public boolean isRetryAnotherBrokerWhenNotStoreOK() { return retryAnotherBrokerWhenNotStoreOK; }
    public void setRetryAnotherBrokerWhenNotStoreOK(boolean retry) { this.retryAnotherBrokerWhenNotStoreOK = retry; }
    public int getMaxMessageSize() { return maxMessageSize; }
    public void setMaxMessageSize(int bytes) { this.maxMessageSize = bytes; }
    public boolean isSendLatencyFaultEnable() { return sendLatencyFaultEnable; }
    public void setSendLatencyFaultEnable(boolean enable) { this.sendLatencyFaultEnable = enable; }
}
