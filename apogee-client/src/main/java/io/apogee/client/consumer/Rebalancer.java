package io.apogee.client.consumer;

import io.apogee.client.instance.ClientInstance;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.SubscriptionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which queues this member of a group consumes and keeps a {@link ProcessQueue} for each:
 * a broadcasting member takes every queue of its topics; a clustering member asks a broker for the
 * group's members and takes its share by the allocation strategy. Queues it loses are dropped and
 * their offsets persisted before another member can pick them up; queues it gains are handed to
 * the {@link QueueHandler}.
 *
 * <p>Thread safety: {@link #doRebalance()} runs on the rebalance thread only; the tables are
 * concurrent so pull and consume threads may read them.
 */
final class Rebalancer {

    private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);

    /** What the consumer does with queues it gains and loses. */
    interface QueueHandler {
        /** A queue was assigned; return false to give it back (e.g. its offset could not be read). */
        boolean onAdded(MessageQueue queue, ProcessQueue processQueue);

        /** A queue was taken away; its process queue is already marked dropped. */
        void onRemoved(MessageQueue queue, ProcessQueue processQueue);
    }

    private final ClientInstance instance;
    private final String group;
    private final MessageModel model;
    private final AllocateMessageQueueStrategy strategy;
    private final QueueHandler handler;
    private final ConcurrentHashMap<String, SubscriptionData> subscriptions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<MessageQueue>> topicQueues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<MessageQueue, ProcessQueue> processQueues = new ConcurrentHashMap<>();

    Rebalancer(ClientInstance instance, String group, MessageModel model, AllocateMessageQueueStrategy strategy,
               QueueHandler handler) {
        this.instance = instance;
        this.group = group;
        this.model = model;
        this.strategy = strategy;
        this.handler = handler;
    }

    Map<String, SubscriptionData> subscriptions() {
        return subscriptions;
    }

    /** Adds a topic to a running group: installs it, fetches its route, heartbeats and rebalances soon. */
    void subscribeNow(String topic, String subExpression) {
        subscriptions.put(topic, Subscriptions.tags(topic, subExpression));
        instance.routes().update(topic);
        instance.sendHeartbeatToAllBrokers();
        instance.rebalanceService().wakeup();
    }

    void setTopicQueues(String topic, Set<MessageQueue> queues) {
        topicQueues.put(topic, Set.copyOf(queues));
    }

    Set<MessageQueue> topicQueues(String topic) {
        return topicQueues.getOrDefault(topic, Set.of());
    }

    Map<MessageQueue, ProcessQueue> processQueues() {
        return processQueues;
    }

    void doRebalance() {
        for (String topic : subscriptions.keySet()) {
            try {
                rebalanceTopic(topic);
            } catch (RuntimeException e) {
                LOG.warn("group {}: rebalancing topic {} failed: {}", group, topic, e.toString());
            }
        }
        for (MessageQueue queue : List.copyOf(processQueues.keySet())) {
            if (!subscriptions.containsKey(queue.topic())) {
                remove(queue);
            }
        }
    }

    private void rebalanceTopic(String topic) {
        Set<MessageQueue> all = topicQueues.get(topic);
        if (all == null || all.isEmpty()) {
            return;
        }
        if (model == MessageModel.BROADCASTING) {
            update(topic, all);
            return;
        }
        String broker = instance.brokers().anyAddress(all.iterator().next().brokerName());
        if (broker == null) {
            return;
        }
        List<String> members = new ArrayList<>(instance.brokerApi().consumerIds(broker, group,
                instance.options().getMqClientApiTimeout()));
        if (members.isEmpty()) {
            return;
        }
        members.sort(null);
        List<MessageQueue> sorted = new ArrayList<>(all);
        sorted.sort(null);
        update(topic, new HashSet<>(strategy.allocate(group, instance.clientId(), sorted, members)));
    }

    private void update(String topic, Collection<MessageQueue> mine) {
        for (MessageQueue queue : List.copyOf(processQueues.keySet())) {
            if (queue.topic().equals(topic) && !mine.contains(queue)) {
                remove(queue);
            }
        }
        for (MessageQueue queue : mine) {
            if (processQueues.containsKey(queue)) {
                continue;
            }
            ProcessQueue processQueue = new ProcessQueue();
            processQueues.put(queue, processQueue);
            boolean kept;
            try {
                kept = handler.onAdded(queue, processQueue);
            } catch (RuntimeException e) {
                LOG.warn("group {}: taking queue {} failed: {}", group, queue, e.toString());
                kept = false;
            }
            if (!kept) {
                processQueues.remove(queue, processQueue);
            }
        }
    }

    /** Drops a queue: no more pulls or commits for it. */
    void remove(MessageQueue queue) {
        ProcessQueue processQueue = processQueues.remove(queue);
        if (processQueue != null) {
            processQueue.markDropped();
            handler.onRemoved(queue, processQueue);
        }
    }

    /** Drops every queue, e.g. at shutdown. */
    void destroy() {
        processQueues.values().forEach(ProcessQueue::markDropped);
        processQueues.clear();
    }
}
