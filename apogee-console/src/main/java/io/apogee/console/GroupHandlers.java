package io.apogee.console;

import com.alibaba.fastjson2.JSONObject;
import io.apogee.client.ClientException;
import io.apogee.client.admin.Admin;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.ClientConnection;
import io.apogee.protocol.body.ConsumerConnection;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.OffsetWrapper;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicRouteData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Consumer groups: the paged list with lag and members, one group's members, subscriptions and lag per
 * queue, offset resets, and its dead-lettered messages with their resend.
 *
 * <p>Thread safety: stateless apart from the backend's caches; called from the console's request threads.
 */
final class GroupHandlers {

    static final String DLQ_PREFIX = "%DLQ%";
    private static final int DEAD_LETTERS_PER_QUEUE = 50;

    private final ConsoleBackend backend;
    private final LagHistory lagHistory;

    GroupHandlers(ConsoleBackend backend, LagHistory lagHistory) {
        this.backend = backend;
        this.lagHistory = lagHistory;
    }

    /** The group's sampled total lag, oldest first: {@code [{t, lag}]}; see {@link LagHistory}. */
    Object lagHistory(Request request) {
        return lagHistory.series(request.path("group"));
    }

    Object list(Request request) {
        String filter = request.query("q");
        List<String> names = backend.groups.get().stream()
                .filter(g -> filter == null || g.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT)))
                .toList();
        return Request.page(names, request.intQuery("page", 0, 0, Integer.MAX_VALUE),
                request.intQuery("size", 20, 1, 200), this::summary, backend.rowPool());
    }

    private Map<String, Object> summary(String group) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", group);
        try {
            Map<MessageQueue, OffsetWrapper> progress = backend.admin().groupProgress(group);
            row.put("lag", totalLag(progress));
            row.put("topics", progress.keySet().stream().map(MessageQueue::topic).distinct().sorted().toList());
            row.put("members", backend.admin().consumerConnections(group).connectionSet().size());
        } catch (RuntimeException e) {
            row.put("error", e.getMessage());
        }
        return row;
    }

    static long totalLag(Map<MessageQueue, OffsetWrapper> progress) {
        return progress.values().stream().mapToLong(GroupHandlers::lag).sum();
    }

    static long lag(OffsetWrapper offsets) {
        return Math.max(0, offsets.brokerOffset() - Math.max(0, offsets.consumerOffset()));
    }

    Object detail(Request request) {
        String group = request.path("group");
        Admin admin = backend.admin();
        ConsumerConnection connection = admin.consumerConnections(group);
        List<Map<String, Object>> members = new ArrayList<>();
        for (ClientConnection c : connection.connectionSet()) {
            members.add(Map.of("clientId", c.clientId(), "address", String.valueOf(c.clientAddr()),
                    "language", String.valueOf(c.language()), "version", c.version(),
                    "versionName", ClientVersions.name(c.version())));
        }
        List<Map<String, Object>> queues = new ArrayList<>();
        long total = 0;
        for (Map.Entry<MessageQueue, OffsetWrapper> e : admin.groupProgress(group).entrySet()) {
            long lag = lag(e.getValue());
            total += lag;
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("topic", e.getKey().topic());
            q.put("broker", e.getKey().brokerName());
            q.put("queueId", e.getKey().queueId());
            q.put("brokerOffset", e.getValue().brokerOffset());
            q.put("consumerOffset", e.getValue().consumerOffset());
            q.put("lag", lag);
            q.put("lastTimestamp", e.getValue().lastTimestamp());
            queues.add(q);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", group);
        result.put("lag", total);
        result.put("members", members);
        result.put("subscriptions", connection.subscriptionTable().keySet().stream().sorted().toList());
        result.put("consumeType", String.valueOf(connection.consumeType()));
        result.put("messageModel", String.valueOf(connection.messageModel()));
        result.put("queues", queues);
        return result;
    }

    /** Body {@code {topic, to: "time"|"earliest"|"latest", timestamp}}; moves online members at once. */
    Object reset(Request request) {
        String group = request.path("group");
        JSONObject json = request.json();
        String topic = Request.required(json, "topic");
        String to = Request.required(json, "to").toLowerCase(Locale.ROOT);
        Map<MessageQueue, Long> offsets = switch (to) {
            case "time" -> {
                Long timestamp = json.getLong("timestamp");
                if (timestamp == null) {
                    throw ApiException.badRequest("a reset to a time needs 'timestamp' (ms since the epoch)");
                }
                yield backend.admin().resetOffsetByTimestamp(group, topic, timestamp);
            }
            case "earliest" -> backend.admin().resetOffsetToEarliest(group, topic);
            case "latest" -> backend.admin().resetOffsetToLatest(group, topic);
            default -> throw ApiException.badRequest("'to' must be time, earliest or latest: " + to);
        };
        List<Map<String, Object>> rows = new ArrayList<>();
        offsets.forEach((q, o) -> rows.add(Map.of("broker", q.brokerName(), "queueId", q.queueId(), "offset", o)));
        return Map.of("group", group, "topic", topic, "queues", rows);
    }

    /** The group's dead-lettered messages, up to {@value #DEAD_LETTERS_PER_QUEUE} per queue from each queue's start. */
    Object deadLetters(Request request) {
        String group = request.path("group");
        String topic = DLQ_PREFIX + group;
        List<Map<String, Object>> messages = new ArrayList<>();
        TopicRouteData route;
        try {
            route = backend.admin().examineTopicRouteInfo(topic);
        } catch (ClientException e) {
            return Map.of("topic", topic, "messages", messages);
        }
        for (QueueData queues : route.queueDatas()) {
            for (int i = 0; i < queues.readQueueNums(); i++) {
                MessageQueue queue = new MessageQueue(topic, queues.brokerName(), i);
                long min = backend.admin().minOffset(queue);
                for (MessageExt m : backend.admin().readQueue(queue, min, DEAD_LETTERS_PER_QUEUE)) {
                    messages.add(MessageHandlers.summary(m));
                }
            }
        }
        return Map.of("topic", topic, "messages", messages);
    }

    /** Body {@code {ids: [offsetMsgId, ...]}}: each dead-lettered message goes to the group again, as a retry. */
    Object resendDeadLetters(Request request) {
        List<String> ids = request.json().getList("ids", String.class);
        if (ids == null || ids.isEmpty()) {
            throw ApiException.badRequest("field 'ids' must list the offset message ids to resend");
        }
        backend.admin().resendToGroup(request.path("group"), ids);
        return Map.of("resent", ids.size());
    }
}
