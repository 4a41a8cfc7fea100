package io.apogee.client.consumer;

import io.apogee.client.ClientException;
import io.apogee.client.instance.ClientInstance;
import io.apogee.protocol.body.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a clustering group's offsets on the brokers. Reading from the store never overwrites the
 * offset consumed in memory, so asking what is committed cannot roll back uncommitted progress.
 * Offsets are read with QUERY_CONSUMER_OFFSET and written with
 * UPDATE_CONSUMER_OFFSET to the master of each queue's broker (oneway on the schedule, awaited
 * when a queue is handed to another member).
 *
 * <p>Thread safety: a concurrent map of atomic offsets; any thread.
 */
public final class BrokerOffsetStore implements OffsetStore {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerOffsetStore.class);

    private final ClientInstance instance;
    private final String group;
    private final OffsetTable offsets = new OffsetTable();

    public BrokerOffsetStore(ClientInstance instance, String group) {
        this.instance = instance;
        this.group = group;
    }

    @Override
    public void load() {
    }

    @Override
    public void updateOffset(MessageQueue queue, long offset, boolean increaseOnly) {
        offsets.update(queue, offset, increaseOnly);
    }

    @Override
    public long readOffset(MessageQueue queue, ReadOffsetType type) {
        if (type != ReadOffsetType.READ_FROM_STORE) {
            AtomicLong inMemory = offsets.find(queue);
            if (inMemory != null || type == ReadOffsetType.READ_FROM_MEMORY) {
                return inMemory == null ? -1 : inMemory.get();
            }
        }
        long stored = instance.brokerApi().queryConsumerOffset(masterOf(queue), group, queue,
                instance.options().getMqClientApiTimeout());
        if (stored >= 0 && type == ReadOffsetType.MEMORY_FIRST_THEN_STORE) {
            offsets.putIfAbsent(queue, stored);
        }
        return stored;
    }

    @Override
    public void persistAll(Set<MessageQueue> queues) {
        for (MessageQueue queue : queues) {
            AtomicLong offset = offsets.find(queue);
            if (offset == null) {
                continue;
            }
            try {
                instance.brokerApi().updateConsumerOffsetOneway(masterOf(queue), group, queue, offset.get(),
                        instance.options().getMqClientApiTimeout());
            } catch (ClientException e) {
                LOG.warn("group {}: persisting offset {} of {} failed: {}", group, offset.get(), queue, e.getMessage());
            }
        }
    }

    @Override
    public void persist(MessageQueue queue) {
        AtomicLong offset = offsets.find(queue);
        if (offset != null) {
            instance.brokerApi().updateConsumerOffset(masterOf(queue), group, queue, offset.get(),
                    instance.options().getMqClientApiTimeout());
        }
    }

    @Override
    public void removeOffset(MessageQueue queue) {
        offsets.remove(queue);
    }

    @Override
    public Map<MessageQueue, Long> cloneOffsetTable(String topic) {
        return offsets.snapshot(topic);
    }

    private String masterOf(MessageQueue queue) {
        return instance.routes().requireMasterAddress(queue);
    }
}
