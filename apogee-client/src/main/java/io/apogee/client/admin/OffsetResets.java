package io.apogee.client.admin;

import io.apogee.client.ClientException;
import io.apogee.client.remote.AdminApi;
import io.apogee.client.remote.BrokerApi;
import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicRouteData;
import io.apogee.protocol.header.ResetOffsetRequestHeader;

import java.util.Map;
import java.util.TreeMap;

/**
 * Moves a consumer group's committed offsets of a topic, as mqadmin's resetOffsetByTime does: each master is
 * asked to reset and to tell the group's online members (INVOKE_BROKER_TO_RESET_OFFSET), so running consumers
 * move at once; where no member is online, the offsets are committed directly.
 *
 * <p>Thread safety: stateless apart from the thread-safe APIs; any thread.
 */
final class OffsetResets {

    /** The timestamp that asks a broker for each queue's end. */
    static final long LATEST = -1;

    /** The offset a reset moves one queue to, asked of the queue's master. */
    interface Target {
        long offset(String master, MessageQueue queue);
    }

    private final AdminApi adminApi;
    private final BrokerApi brokerApi;
    private final long timeout;

    OffsetResets(AdminApi adminApi, BrokerApi brokerApi, long timeout) {
        this.adminApi = adminApi;
        this.brokerApi = brokerApi;
        this.timeout = timeout;
    }

    /**
     * Each master resets every queue to the first message stored at or after {@code timestamp} ({@link #LATEST}:
     * past the last one); where no member is online, {@code offline} names each queue's offset instead.
     */
    Map<MessageQueue, Long> toTime(String group, String topic, TopicRouteData route, long timestamp, Target offline) {
        Map<MessageQueue, Long> reset = new TreeMap<>();
        for (QueueData queues : route.queueDatas()) {
            String master = masterOf(route, queues.brokerName());
            Map<MessageQueue, Long> online = adminApi.resetOffsetOnline(master,
                    new ResetOffsetRequestHeader(group, topic, -1, null, timestamp, true), timeout);
            if (online != null) {
                reset.putAll(online);
            } else {
                resetEach(group, topic, queues, master, offline, false, reset);
            }
        }
        return reset;
    }

    /** Every queue to the offset {@code target} names, one request per queue. */
    Map<MessageQueue, Long> toOffsets(String group, String topic, TopicRouteData route, Target target) {
        Map<MessageQueue, Long> reset = new TreeMap<>();
        for (QueueData queues : route.queueDatas()) {
            resetEach(group, topic, queues, masterOf(route, queues.brokerName()), target, true, reset);
        }
        return reset;
    }

    /**
     * Resets each queue of one broker to {@code target}'s offset: through its online members when
     * {@code tryOnline} and there are any, else by committing it.
     */
    private void resetEach(String group, String topic, QueueData queues, String master, Target target,
                           boolean tryOnline, Map<MessageQueue, Long> reset) {
        for (int i = 0; i < queues.readQueueNums(); i++) {
            MessageQueue queue = new MessageQueue(topic, queues.brokerName(), i);
            long offset = target.offset(master, queue);
            boolean movedOnline = tryOnline && adminApi.resetOffsetOnline(master,
                    new ResetOffsetRequestHeader(group, topic, i, offset, LATEST, true), timeout) != null;
            if (!movedOnline) {
                brokerApi.updateConsumerOffset(master, group, queue, offset, timeout);
            }
            reset.put(queue, offset);
        }
    }

    static String masterOf(TopicRouteData route, String brokerName) {
        for (BrokerData broker : route.brokerDatas()) {
            if (broker.brokerName().equals(brokerName) && broker.masterAddr() != null) {
                return broker.masterAddr();
            }
        }
        throw new ClientException("broker " + brokerName + " has no master");
    }
}
