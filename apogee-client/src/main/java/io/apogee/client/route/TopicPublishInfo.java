package io.apogee.client.route;

import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicRouteData;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writable queues of one topic as a producer sees them, built from a route: every queue id
 * below the write-queue count of each writable broker that has a master. An entry without a route
 * (the TBW102 seed, or a topic not found yet) has no queues.
 *
 * <p>Thread safety: immutable apart from the round-robin counter, which is atomic; replaced as a
 * whole when the route changes.
 */
public final class TopicPublishInfo {

    private final String topic;
    private final List<MessageQueue> queues;
    private final AtomicInteger next = new AtomicInteger(Math.floorMod((int) System.nanoTime(), 1024));

    private TopicPublishInfo(String topic, List<MessageQueue> queues) {
        this.topic = topic;
        this.queues = queues;
    }

    /** An entry with no route yet. */
    public static TopicPublishInfo empty(String topic) {
        return new TopicPublishInfo(topic, List.of());
    }

    public static TopicPublishInfo of(String topic, TopicRouteData route) {
        List<MessageQueue> queues = new ArrayList<>();
        List<QueueData> sorted = new ArrayList<>(route.queueDatas());
        sorted.sort(Comparator.comparing(QueueData::brokerName));
        for (QueueData data : sorted) {
            if (!data.isWritable() || !hasMaster(route, data.brokerName())) {
                continue;
            }
            for (int i = 0; i < data.writeQueueNums(); i++) {
                queues.add(new MessageQueue(topic, data.brokerName(), i));
            }
        }
        return new TopicPublishInfo(topic, List.copyOf(queues));
    }

    private static boolean hasMaster(TopicRouteData route, String brokerName) {
        for (BrokerData broker : route.brokerDatas()) {
            if (broker.brokerName().equals(brokerName) && broker.masterAddr() != null) {
                return true;
            }
        }
        return false;
    }

    public String topic() {
        return topic;
    }

    public boolean isSendable() {
        return !queues.isEmpty();
    }

    public List<MessageQueue> queues() {
        return queues;
    }

    /** The next counter value for round-robin selection. */
    int nextIndex() {
        return next.getAndIncrement() & Integer.MAX_VALUE;
    }
}
