package io.apogee.client.consumer;

import io.apogee.client.instance.ClientInstance;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.List;

/**
 * Runs an orderly listener: one thread at a time per queue (the process queue's consume lock),
 * messages in offset order, and in a clustering group only while this member holds the queue's
 * broker lock. A failure suspends the queue and gives the same messages again after
 * {@code suspendCurrentQueueTimeMillis}, so nothing overtakes them.
 *
 * <p>Thread safety: {@link #submit} from any thread.
 */
final class ConsumeOrderlyService implements ConsumeService {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeOrderlyService.class);
    /** How long one thread keeps consuming one queue before letting other queues in. */
    static final long MAX_TIME_CONSUME_CONTINUOUSLY_MILLIS = 60_000;
    static final long RELOCK_DELAY_MILLIS = 100;

    private final PushConsumer consumer;
    private final ClientInstance instance;
    private final OffsetStore offsets;
    private final MessageListenerOrderly listener;
    private final ConsumePool pool;

    ConsumeOrderlyService(PushConsumer consumer, ClientInstance instance, OffsetStore offsets,
                          MessageListenerOrderly listener) {
        this.consumer = consumer;
        this.instance = instance;
        this.offsets = offsets;
        this.listener = listener;
        this.pool = new ConsumePool(consumer, "apogee-consume-orderly-");
    }

    @Override
    public void submit(List<MessageExt> messages, ProcessQueue processQueue, MessageQueue queue) {
        submitLater(processQueue, queue, 0);
    }

    private void submitLater(ProcessQueue processQueue, MessageQueue queue, long delayMillis) {
        if (delayMillis > 0) {
            instance.pullService().submitLater(() -> submitLater(processQueue, queue, 0), delayMillis);
            return;
        }
        if (!pool.execute(() -> consume(processQueue, queue))) {
            LOG.debug("orderly consume of {} dropped: consumer shut down", queue);
        }
    }

    private void consume(ProcessQueue processQueue, MessageQueue queue) {
        if (processQueue.isDropped()) {
            return;
        }
        synchronized (processQueue.consumeLock()) {
            boolean clustering = consumer.getMessageModel() == MessageModel.CLUSTERING;
            long start = System.currentTimeMillis();
            while (!processQueue.isDropped()) {
                if (clustering && !processQueue.isLocked()) {
                    submitLater(processQueue, queue, RELOCK_DELAY_MILLIS);
                    return;
                }
                if (System.currentTimeMillis() - start > MAX_TIME_CONSUME_CONTINUOUSLY_MILLIS) {
                    submitLater(processQueue, queue, 10);
                    return;
                }
                List<MessageExt> messages = processQueue.takeMessages(consumer.getConsumeMessageBatchMaxSize());
                if (messages.isEmpty()) {
                    return;
                }
                ConsumeOrderlyContext context = new ConsumeOrderlyContext(queue);
                ConsumeOrderlyStatus status;
                try {
                    status = listener.consumeMessage(Collections.unmodifiableList(messages), context);
                } catch (RuntimeException e) {
                    LOG.warn("group {}: orderly listener failed on {}: {}", consumer.getConsumerGroup(), queue,
                            e.toString());
                    status = ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
                }
                if (processQueue.isDropped()) {
                    return;
                }
                if (status == ConsumeOrderlyStatus.SUCCESS) {
                    long offset = processQueue.commit();
                    if (offset >= 0) {
                        offsets.updateOffset(queue, offset, false);
                    }
                } else {
                    messages.forEach(m -> m.setReconsumeTimes(m.getReconsumeTimes() + 1));
                    processQueue.makeMessagesToConsumeAgain(messages);
                    long suspend = context.getSuspendCurrentQueueTimeMillis() >= 0
                            ? context.getSuspendCurrentQueueTimeMillis() : consumer.getSuspendCurrentQueueTimeMillis();
                    submitLater(processQueue, queue, suspend);
                    return;
                }
            }
        }
    }

    @Override
    public void adjustThreadPool() {
        // Orderly consumption is bounded by queues, not threads: the pool keeps its configured size.
    }

    @Override
    public int corePoolSize() {
        return pool.corePoolSize();
    }

    @Override
    public void shutdown(long awaitMillis) {
        pool.shutdown(awaitMillis);
    }
}
