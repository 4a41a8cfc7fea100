package io.apogee.client.consumer;

import io.apogee.client.ClientException;
import io.apogee.client.instance.ClientInstance;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.apogee.protocol.message.MessageConst;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs a concurrent listener on the consume thread pool and moves offsets forward. Messages the
 * listener fails are sent back to the broker for later redelivery through the group's retry topic;
 * if the broker will not take them back they are consumed again here after a pause, so a failed
 * message is never skipped. A broadcasting group does not retry.
 *
 * <p>The pool runs {@code consumeThreadMin} threads and grows towards {@code consumeThreadMax}
 * while a backlog waits ({@link #adjustThreadPool()}, on the instance's schedule).
 * Thread safety: {@link #submit} from the pull path, any thread.
 */
final class ConsumeConcurrentlyService implements ConsumeService {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeConcurrentlyService.class);
    /** Pause before consuming again a message the broker would not take back. */
    static final long LOCAL_RETRY_DELAY_MILLIS = 1_000;

    private final PushConsumer consumer;
    private final ClientInstance instance;
    private final OffsetStore offsets;
    private final MessageListenerConcurrently listener;
    private final ConsumePool pool;
    /** The group's retry topic: its messages are shown under the topic they were first sent to. */
    private final String groupRetryTopic;

    ConsumeConcurrentlyService(PushConsumer consumer, ClientInstance instance, OffsetStore offsets,
                               MessageListenerConcurrently listener) {
        this.consumer = consumer;
        this.instance = instance;
        this.offsets = offsets;
        this.listener = listener;
        this.pool = new ConsumePool(consumer, "apogee-consume-");
        this.groupRetryTopic = PushConsumer.RETRY_GROUP_TOPIC_PREFIX + consumer.getConsumerGroup();
    }

    public void submit(List<MessageExt> messages, ProcessQueue processQueue, MessageQueue queue) {
        int batch = Math.max(1, consumer.getConsumeMessageBatchMaxSize());
        for (int i = 0; i < messages.size(); i += batch) {
            List<MessageExt> part = List.copyOf(messages.subList(i, Math.min(messages.size(), i + batch)));
            submitLater(part, processQueue, queue, 0);
        }
    }

    private void submitLater(List<MessageExt> part, ProcessQueue processQueue, MessageQueue queue, long delayMillis) {
        Runnable task = () -> consume(part, processQueue, queue);
        if (delayMillis > 0) {
            instance.pullService().submitLater(() -> submitLater(part, processQueue, queue, 0), delayMillis);
            return;
        }
        if (!pool.execute(task)) {
            LOG.debug("consume of {} messages from {} dropped: consumer shut down", part.size(), queue);
        }
    }

    private void consume(List<MessageExt> messages, ProcessQueue processQueue, MessageQueue queue) {
        if (processQueue.isDropped()) {
            return;
        }
        for (MessageExt m : messages) {
            if (groupRetryTopic.equals(m.getTopic())) {
                String retryTopic = m.getProperty(MessageConst.PROPERTY_RETRY_TOPIC);
                if (retryTopic != null) {
                    m.setTopic(retryTopic);
                }
            }
        }
        ConsumeConcurrentlyContext context = new ConsumeConcurrentlyContext(queue);
        ConsumeConcurrentlyStatus status;
        try {
            status = listener.consumeMessage(Collections.unmodifiableList(messages), context);
        } catch (RuntimeException e) {
            LOG.warn("group {}: listener failed on {} messages from {}: {}", consumer.getConsumerGroup(),
                    messages.size(), queue, e.toString());
            status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
        }
        if (status == null) {
            status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
        }
        if (processQueue.isDropped()) {
            return;
        }
        List<MessageExt> done = new ArrayList<>(messages);
        if (status != ConsumeConcurrentlyStatus.CONSUME_SUCCESS) {
            if (consumer.getMessageModel() == MessageModel.CLUSTERING) {
                List<MessageExt> keep = new ArrayList<>();
                for (MessageExt m : messages) {
                    if (!sendBack(m, context.getDelayLevelWhenNextConsume())) {
                        keep.add(m);
                    }
                }
                done.removeAll(keep);
                if (!keep.isEmpty()) {
                    keep.forEach(m -> m.setReconsumeTimes(m.getReconsumeTimes() + 1));
                    submitLater(keep, processQueue, queue, LOCAL_RETRY_DELAY_MILLIS);
                }
            } else {
                LOG.warn("group {}: broadcast consumption of {} messages failed; they are not retried",
                        consumer.getConsumerGroup(), messages.size());
            }
        }
        long offset = processQueue.removeMessages(done);
        if (offset >= 0 && !processQueue.isDropped()) {
            offsets.updateOffset(queue, offset, true);
        }
    }

    /** Asks the message's broker to redeliver it later; false when it would not. */
    private boolean sendBack(MessageExt message, int delayLevel) {
        String address = instance.brokers().masterAddress(message.getBrokerName());
        if (address == null) {
            return false;
        }
        try {
            instance.messageApi().sendBack(address, new ConsumerSendMsgBackRequestHeader(message.getCommitLogOffset(),
                    consumer.getConsumerGroup(), delayLevel, message.getMsgId(), message.getTopic(), false,
                    consumer.getMaxReconsumeTimes(), message.getBrokerName()),
                    instance.options().getMqClientApiTimeout());
            return true;
        } catch (ClientException e) {
            LOG.debug("group {}: send-back of {} failed, retrying locally: {}", consumer.getConsumerGroup(),
                    message.getMsgId(), e.getMessage());
            return false;
        }
    }

    /** One step towards the pool size the backlog needs. */
    public void adjustThreadPool() {
        pool.adjustToBacklog(consumer.getConsumeThreadMin(), consumer.getConsumeThreadMax());
    }

    public int corePoolSize() {
        return pool.corePoolSize();
    }

    public void shutdown(long awaitMillis) {
        pool.shutdown(awaitMillis);
    }
}
