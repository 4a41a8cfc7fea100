package io.apogee.console;

import com.alibaba.fastjson2.JSONObject;
import io.apogee.client.message.Message;
import io.apogee.client.producer.SendResult;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicOffset;
import io.apogee.protocol.body.TopicRouteData;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Topics: the paged, filtered list; create, edit, delete; route and per-queue offsets; test messages.
 *
 * <p>Thread safety: stateless apart from the backend's caches; called from the console's request threads.
 */
final class TopicHandlers {

    /** Read and write, as a new topic has by default. */
    private static final int PERM_READ_WRITE = QueueData.PERM_READ | QueueData.PERM_WRITE;

    private final ConsoleBackend backend;

    TopicHandlers(ConsoleBackend backend) {
        this.backend = backend;
    }

    /** A page of topic names matching {@code q}; system topics (retry, dead-letter, internal) only with {@code system=true}. */
    Object list(Request request) {
        String filter = request.query("q");
        boolean system = "true".equals(request.query("system"));
        List<String> names = backend.topics.get().stream()
                .filter(t -> system || !isSystem(t))
                .filter(t -> filter == null || t.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT)))
                .toList();
        return Request.page(names, request.intQuery("page", 0, 0, Integer.MAX_VALUE),
                request.intQuery("size", 20, 1, 200), this::summary, backend.rowPool());
    }

    static boolean isSystem(String topic) {
        return topic.startsWith("%RETRY%") || topic.startsWith("%DLQ%") || topic.startsWith("RMQ_SYS_")
                || topic.startsWith("rmq_sys_") || topic.equals("TBW102") || topic.equals("SCHEDULE_TOPIC_XXXX")
                || topic.equals("OFFSET_MOVED_EVENT") || topic.equals("SELF_TEST_TOPIC")
                || topic.matches("^(DefaultCluster|broker-[^_]*)(_REPLY_TOPIC)?$");
    }

    private Map<String, Object> summary(String topic) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", topic);
        try {
            TopicRouteData route = backend.admin().examineTopicRouteInfo(topic);
            int read = 0;
            int write = 0;
            int perm = 0;
            for (QueueData q : route.queueDatas()) {
                read += q.readQueueNums();
                write += q.writeQueueNums();
                perm |= q.perm();
            }
            row.put("readQueues", read);
            row.put("writeQueues", write);
            row.put("perm", permText(perm));
            row.put("brokers", route.queueDatas().stream().map(QueueData::brokerName).sorted().toList());
            row.put("lag", groupLags(topic));
        } catch (RuntimeException e) {
            row.put("error", e.getMessage());
        }
        return row;
    }

    /** The lag of every group that reads {@code topic}: messages stored in it and not yet committed by the group. */
    private Map<String, Long> groupLags(String topic) {
        Map<String, Long> lags = new LinkedHashMap<>();
        for (String group : backend.admin().topicConsumers(topic)) {
            lags.put(group, backend.admin().consumerProgress(group, topic).values().stream()
                    .mapToLong(GroupHandlers::lag).sum());
        }
        return lags;
    }

    Object detail(Request request) {
        String topic = request.path("topic");
        Map<String, Object> result = summary(topic);
        List<Map<String, Object>> queues = new ArrayList<>();
        for (Map.Entry<MessageQueue, TopicOffset> e : backend.admin().topicOffsets(topic).entrySet()) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("broker", e.getKey().brokerName());
            q.put("queueId", e.getKey().queueId());
            q.put("minOffset", e.getValue().minOffset());
            q.put("maxOffset", e.getValue().maxOffset());
            q.put("lastUpdated", e.getValue().lastUpdateTimestamp());
            queues.add(q);
        }
        result.put("queues", queues);
        return result;
    }

    Object create(Request request) {
        JSONObject json = request.json();
        String topic = Request.required(json, "name");
        if (!topic.matches("^[%|a-zA-Z0-9_-]{1,127}$")) {
            throw ApiException.badRequest("a topic name is 1 to 127 of letters, digits, '_', '-', '%' and '|': " + topic);
        }
        return write(topic, json);
    }

    Object update(Request request) {
        return write(request.path("topic"), request.json());
    }

    private Object write(String topic, JSONObject json) {
        int queues = json.getIntValue("queues", 4);
        int readQueues = json.getIntValue("readQueues", queues);
        int writeQueues = json.getIntValue("writeQueues", queues);
        if (readQueues < 1 || writeQueues < 1 || readQueues > 1024 || writeQueues > 1024) {
            throw ApiException.badRequest("queue counts must be 1..1024");
        }
        int perm = parsePerm(json.getString("perm"));
        String cluster = json.getString("cluster");
        if (cluster == null || cluster.isBlank()) {
            cluster = backend.clusters().stream().findFirst()
                    .orElseThrow(() -> new ApiException(503, "no cluster is known to the name servers"));
        }
        backend.admin().createTopic(cluster, topic, readQueues, writeQueues, perm, false, null);
        backend.topics.invalidate();
        return Map.of("name", topic, "cluster", cluster, "readQueues", readQueues, "writeQueues", writeQueues,
                "perm", permText(perm));
    }

    Object delete(Request request) {
        String topic = request.path("topic");
        for (String cluster : backend.clusters()) {
            backend.admin().deleteTopic(cluster, topic);
        }
        backend.topics.invalidate();
        return Map.of("deleted", topic);
    }

    Object send(Request request) {
        JSONObject json = request.json();
        Message message = new Message(request.path("topic"), json.getString("tag"), json.getString("key"),
                json.getString("body") == null ? new byte[0] : json.getString("body").getBytes(StandardCharsets.UTF_8));
        SendResult result = backend.producer().send(message);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", result.getSendStatus().name());
        answer.put("msgId", result.getMsgId());
        answer.put("offsetMsgId", result.getOffsetMsgId());
        answer.put("broker", result.getMessageQueue().brokerName());
        answer.put("queueId", result.getMessageQueue().queueId());
        answer.put("queueOffset", result.getQueueOffset());
        return answer;
    }

    static String permText(int perm) {
        return ((perm & QueueData.PERM_READ) != 0 ? "R" : "-") + ((perm & QueueData.PERM_WRITE) != 0 ? "W" : "-");
    }

    private static int parsePerm(String text) {
        if (text == null || text.isBlank()) {
            return PERM_READ_WRITE;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "RW" -> PERM_READ_WRITE;
            case "R", "R-" -> QueueData.PERM_READ;
            case "W", "-W" -> QueueData.PERM_WRITE;
            case "--", "NONE" -> 0;
            default -> throw ApiException.badRequest("perm must be RW, R, W or NONE: " + text);
        };
    }
}
