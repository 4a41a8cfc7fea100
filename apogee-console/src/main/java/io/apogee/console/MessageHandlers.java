package io.apogee.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.apogee.client.admin.Admin;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.MessageQueue;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages: search by topic and key, unique id or time range; one message's body (text, JSON, hex),
 * properties, store details and which groups consumed it; resend to a group.
 *
 * <p>Thread safety: stateless; called from the console's request threads.
 */
final class MessageHandlers {

    private static final int MAX_RESULTS = 64;
    private static final int HEX_BYTES = 4096;
    static final String CONSUMED = "consumed";
    static final String NOT_CONSUMED = "not consumed";
    static final String UNKNOWN = "unknown";

    private final ConsoleBackend backend;

    MessageHandlers(ConsoleBackend backend) {
        this.backend = backend;
    }

    /** {@code topic} with one of {@code key}, {@code id} (unique or offset id) or {@code begin}/{@code end}. */
    Object search(Request request) {
        String topic = request.requiredQuery("topic");
        int max = request.intQuery("max", 32, 1, MAX_RESULTS);
        List<MessageExt> found;
        if (request.query("key") != null) {
            found = new ArrayList<>(backend.admin().queryMessageByKey(topic, request.query("key"), max,
                    request.longQuery("begin", 0), request.longQuery("end", Long.MAX_VALUE)));
            found.addAll(WaitingMessages.find(backend.admin(), topic, request.query("key"), false, max));
        } else if (request.query("id") != null) {
            found = new ArrayList<>(backend.admin().queryMessageByUniqueKey(topic, request.query("id")));
            found.addAll(WaitingMessages.find(backend.admin(), topic, request.query("id"), true, max));
        } else {
            long end = request.longQuery("end", System.currentTimeMillis());
            long begin = request.longQuery("begin", end - 3_600_000L);
            found = backend.admin().queryMessageByTime(topic, begin, end, max);
        }
        return Map.of("messages", found.stream().limit(max).map(MessageHandlers::summary).toList());
    }

    /** One message by its offset message id (as the list and a send answer it). */
    Object detail(Request request) {
        MessageExt m = backend.admin().viewMessage(request.path("id"));
        if (m == null) {
            throw ApiException.notFound("no message " + request.path("id"));
        }
        Map<String, Object> result = summary(m);
        result.put("properties", new TreeMap<>(m.getProperties()));
        byte[] body = m.getBody() == null ? new byte[0] : m.getBody();
        String text = utf8(body);
        result.put("bodyText", text);
        result.put("bodyJson", prettyJson(text));
        result.put("bodyHex", HexFormat.ofDelimiter(" ").formatHex(body, 0, Math.min(body.length, HEX_BYTES)));
        result.put("bodySize", body.length);
        result.put("bornHost", m.getBornHost());
        result.put("bornTimestamp", m.getBornTimestamp());
        result.put("reconsumeTimes", m.getReconsumeTimes());
        String brokerName = brokerOf(backend.admin(), m);
        result.put("delayLevel", m.getDelayTimeLevel());
        result.put("due", WaitingMessages.due(m, m.getDelayTimeLevel() > 0
                ? WaitingMessages.delayLevels(backend.admin(), storeAddress(m))
                : WaitingMessages.DEFAULT_DELAY_LEVELS, System.currentTimeMillis()));
        result.put("transaction", WaitingMessages.transactionState(backend.admin(), m, brokerName));
        // A message read by its offset id names no broker; the route does.
        result.put("broker", brokerName);
        result.put("consumedBy", consumedBy(m, brokerName));
        return result;
    }

    /**
     * For each group that consumes the message's topic (subscribed now or holding offsets), whether it has
     * consumed the message: yes when its committed offset of the message's queue is past the message's queue
     * offset. A broadcasting group keeps its offsets in its clients and a group with no committed offset has
     * none to compare, so both read "unknown".
     */
    private List<Map<String, Object>> consumedBy(MessageExt m, String brokerName) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Admin admin = backend.admin();
        if (brokerName == null) {
            return rows;
        }
        MessageQueue queue = new MessageQueue(m.getTopic(), brokerName, m.getQueueId());
        for (String group : admin.topicConsumers(m.getTopic())) {
            String state;
            long committed = -1;
            try {
                if ("BROADCASTING".equals(String.valueOf(admin.consumerConnections(group).messageModel()))) {
                    state = UNKNOWN;
                } else {
                    committed = admin.committedOffset(group, queue);
                    state = committed < 0 ? UNKNOWN : committed > m.getQueueOffset() ? CONSUMED : NOT_CONSUMED;
                }
            } catch (RuntimeException e) {
                state = UNKNOWN;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", group);
            row.put("state", state);
            row.put("committedOffset", committed);
            rows.add(row);
        }
        return rows;
    }

    /** The broker that stored the message: a message read by its offset id names only the store's address. */
    private static String brokerOf(Admin admin, MessageExt m) {
        if (m.getBrokerName() != null) {
            return m.getBrokerName();
        }
        String host = storeAddress(m);
        for (BrokerData broker : admin.examineTopicRouteInfo(m.getTopic()).brokerDatas()) {
            if (broker.brokerAddrs().containsValue(host)) {
                return broker.brokerName();
            }
        }
        return null;
    }

    /** The store host reads "host:port (hex)"; the route names brokers by "host:port". */
    private static String storeAddress(MessageExt m) {
        return m.getStoreHost() == null ? "" : m.getStoreHost().split(" ")[0];
    }

    /** Body {@code {group}}: the message is delivered again to that group only. */
    Object resend(Request request) {
        String group = Request.required(request.json(), "group");
        backend.admin().resendToGroup(group, request.path("id"));
        return Map.of("resent", request.path("id"), "group", group);
    }

    static Map<String, Object> summary(MessageExt m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("msgId", m.getMsgId());
        row.put("offsetMsgId", m.getOffsetMsgId());
        row.put("topic", m.getTopic());
        row.put("tags", m.getTags());
        row.put("keys", m.getKeys());
        row.put("broker", m.getBrokerName());
        row.put("queueId", m.getQueueId());
        row.put("queueOffset", m.getQueueOffset());
        row.put("storeTimestamp", m.getStoreTimestamp());
        row.put("storeHost", m.getStoreHost());
        String origin = m.getProperty("RETRY_TOPIC");
        row.put("originTopic", origin);
        row.put("realTopic", m.getProperty("REAL_TOPIC"));
        return row;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String prettyJson(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return null;
        }
        try {
            return JSON.toJSONString(JSON.parse(t), JSONWriter.Feature.PrettyFormat);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
