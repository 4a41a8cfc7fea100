package io.apogee.security;

import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.protocol.body.CheckClientRequestBody;
import io.apogee.protocol.body.ConsumerData;
import io.apogee.protocol.body.HeartbeatData;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.LockBatchRequestBody;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.SubscriptionData;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.processor.RequestRefusedException;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What every request code a broker or name server serves needs, with the actions RocketMQ 5.3.3 assigns to it:
 * sending needs Pub on the topic; pulling, offsets, locks and consumer heartbeats need Sub on the group and the
 * topic; admin codes need the action they perform on the topic, the group or the cluster. A retry or dead-letter
 * topic stands for its group. A code missing from this table is refused to every user but a Super one, and a
 * test over the codes each server registers keeps the table complete.
 *
 * <p>Thread safety: immutable after class initialization; read from processor threads.
 */
public final class RequiredAccess {

    /** Derives the needs of one request; throws {@link RequestRefusedException} when a field it needs is missing. */
    @FunctionalInterface
    interface Rule {
        List<Need> needs(RemotingCommand request);
    }

    private static final Set<Action> PUB = EnumSet.of(Action.PUB);
    private static final Set<Action> SUB = EnumSet.of(Action.SUB);
    private static final Set<Action> PUB_OR_SUB = EnumSet.of(Action.PUB, Action.SUB);
    private static final Set<Action> SUB_OR_GET = EnumSet.of(Action.SUB, Action.GET);
    private static final Set<Action> CREATE = EnumSet.of(Action.CREATE);
    private static final Set<Action> UPDATE = EnumSet.of(Action.UPDATE);
    private static final Set<Action> DELETE = EnumSet.of(Action.DELETE);
    private static final Set<Action> GET = EnumSet.of(Action.GET);
    private static final Set<Action> LIST = EnumSet.of(Action.LIST);
    /** The cluster as one resource: Apogee checks {@code Cluster} entries without a name match. */
    private static final Resource CLUSTER = Resource.cluster("*");

    private static final IntObjectMap<Rule> RULES = new IntObjectHashMap<>();

    static {
        // Producers.
        for (int code : new int[] {RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE,
                RequestCode.SEND_REPLY_MESSAGE, RequestCode.SEND_REPLY_MESSAGE_V2, RequestCode.RECALL_MESSAGE}) {
            RULES.put(code, r -> List.of(new Need(topic(r, "topic", "b"), PUB)));
        }
        RULES.put(RequestCode.END_TRANSACTION, r -> optionalTopic(r, PUB));
        // Consumers.
        for (int code : new int[] {RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE,
                RequestCode.UPDATE_CONSUMER_OFFSET, RequestCode.QUERY_CONSUMER_OFFSET}) {
            RULES.put(code, r -> List.of(new Need(group(r, "consumerGroup"), SUB), new Need(topic(r, "topic"), SUB)));
        }
        RULES.put(RequestCode.CONSUMER_SEND_MSG_BACK, r -> List.of(new Need(group(r, "group"), SUB)));
        RULES.put(RequestCode.GET_CONSUMER_LIST_BY_GROUP, r -> List.of(new Need(group(r, "consumerGroup"), SUB)));
        RULES.put(RequestCode.HEART_BEAT, RequiredAccess::heartbeat);
        RULES.put(RequestCode.UNREGISTER_CLIENT, RequiredAccess::unregister);
        RULES.put(RequestCode.LOCK_BATCH_MQ, RequiredAccess::lockBatch);
        RULES.put(RequestCode.UNLOCK_BATCH_MQ, RequiredAccess::lockBatch);
        RULES.put(RequestCode.CHECK_CLIENT_CONFIG, r -> List.of(new Need(Resource.group(
                required(JsonBody.decode(r.body(), CheckClientRequestBody.class).group(), "group")), SUB)));
        RULES.put(RequestCode.CONSUME_MESSAGE_DIRECTLY, r -> List.of(new Need(group(r, "consumerGroup"), SUB)));
        // Offsets and messages of one topic.
        for (int code : new int[] {RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET,
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, RequestCode.GET_EARLIEST_MSG_STORETIME,
                RequestCode.GET_TOPIC_STATS_INFO, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, RequestCode.GET_TOPIC_CONFIG,
                RequestCode.QUERY_CONSUME_QUEUE}) {
            RULES.put(code, r -> List.of(new Need(topic(r, "topic"), GET)));
        }
        RULES.put(RequestCode.QUERY_MESSAGE, r -> List.of(new Need(topic(r, "topic"), SUB_OR_GET)));
        RULES.put(RequestCode.VIEW_MESSAGE_BY_ID, r -> optionalTopic(r, GET));
        // Topic administration.
        RULES.put(RequestCode.UPDATE_AND_CREATE_TOPIC, r -> List.of(new Need(topic(r, "topic"), CREATE)));
        RULES.put(RequestCode.UPDATE_AND_CREATE_TOPIC_LIST, r -> named(r, "topicConfigList", "topicName", false));
        RULES.put(RequestCode.DELETE_TOPIC_IN_BROKER, r -> List.of(new Need(topic(r, "topic"), DELETE)));
        // Group administration.
        RULES.put(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, r -> List.of(new Need(Resource.group(required(
                JsonBody.decode(r.body(), JSONObject.class).getString("groupName"), "groupName")), CREATE)));
        RULES.put(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST,
                r -> named(r, "groupConfigList", "groupName", true));
        RULES.put(RequestCode.DELETE_SUBSCRIPTIONGROUP, r -> List.of(new Need(group(r, "groupName"), DELETE)));
        RULES.put(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, r -> List.of(new Need(group(r, "group"), GET)));
        for (int code : new int[] {RequestCode.GET_CONSUME_STATS, RequestCode.GET_CONSUMER_CONNECTION_LIST,
                RequestCode.GET_CONSUMER_RUNNING_INFO}) {
            RULES.put(code, r -> List.of(new Need(group(r, "consumerGroup"), GET)));
        }
        for (int code : new int[] {RequestCode.QUERY_CONSUME_TIME_SPAN, RequestCode.QUERY_TOPICS_BY_CONSUMER,
                RequestCode.QUERY_SUBSCRIPTION_BY_CONSUMER, RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS}) {
            RULES.put(code, r -> List.of(new Need(group(r, "group"), GET)));
        }
        RULES.put(RequestCode.QUERY_CORRECTION_OFFSET, r -> List.of(new Need(topic(r, "topic"), GET)));
        for (int code : new int[] {RequestCode.RESET_CONSUMER_OFFSET_IN_BROKER, RequestCode.INVOKE_BROKER_TO_RESET_OFFSET}) {
            RULES.put(code, r -> List.of(new Need(group(r, "group"), UPDATE)));
        }
        RULES.put(RequestCode.CLONE_GROUP_OFFSET, r -> List.of(new Need(group(r, "destGroup"), UPDATE)));
        // Routes: a client may look up the route of a topic it may publish or subscribe to.
        RULES.put(RequestCode.GET_ROUTEINFO_BY_TOPIC, r -> List.of(new Need(topic(r, "topic"),
                EnumSet.of(Action.PUB, Action.SUB, Action.GET))));
        // The cluster as a whole: what the broker and name server do for admins and for each other.
        cluster(GET, RequestCode.GET_BROKER_CONFIG, RequestCode.GET_BROKER_RUNTIME_INFO, RequestCode.QUERY_BROKER_OFFSET,
                RequestCode.GET_ALL_CONSUMER_OFFSET, RequestCode.GET_ALL_DELAY_OFFSET, RequestCode.VIEW_BROKER_STATS_DATA,
                RequestCode.GET_BROKER_CONSUME_STATS, RequestCode.GET_ALL_PRODUCER_INFO,
                RequestCode.GET_PRODUCER_CONNECTION_LIST, RequestCode.GET_CLIENT_CONFIG, RequestCode.GET_KV_CONFIG,
                RequestCode.GET_KVLIST_BY_NAMESPACE, RequestCode.GET_BROKER_CLUSTER_INFO, RequestCode.QUERY_DATA_VERSION,
                RequestCode.GET_NAMESRV_CONFIG, RequestCode.GET_BROKER_MEMBER_GROUP,
                RequestCode.GET_ALL_MESSAGE_REQUEST_MODE, RequestCode.QUERY_ASSIGNMENT, 3004, 3005, 3009, 3010);
        cluster(LIST, RequestCode.GET_ALL_TOPIC_CONFIG, RequestCode.GET_TOPIC_CONFIG_LIST, RequestCode.GET_TOPIC_NAME_LIST,
                RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER,
                RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, RequestCode.GET_TOPICS_BY_CLUSTER,
                RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, RequestCode.GET_UNIT_TOPIC_LIST,
                RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST, RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST);
        cluster(UPDATE, RequestCode.UPDATE_BROKER_CONFIG, RequestCode.TRIGGER_DELETE_FILES,
                RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, RequestCode.DELETE_EXPIRED_COMMITLOG,
                RequestCode.RESUME_CHECK_HALF_MESSAGE, RequestCode.CLEAN_UNUSED_TOPIC, RequestCode.SET_MESSAGE_REQUEST_MODE,
                RequestCode.PUT_KV_CONFIG, RequestCode.DELETE_KV_CONFIG, RequestCode.REGISTER_BROKER,
                RequestCode.UNREGISTER_BROKER, RequestCode.BROKER_HEARTBEAT, RequestCode.WIPE_WRITE_PERM_OF_BROKER,
                RequestCode.ADD_WRITE_PERM_OF_BROKER, RequestCode.DELETE_TOPIC_IN_NAMESRV,
                RequestCode.REGISTER_TOPIC_IN_NAMESRV, RequestCode.UPDATE_NAMESRV_CONFIG, RequestCode.ADD_BROKER,
                RequestCode.REMOVE_BROKER, RequestCode.NOTIFY_MIN_BROKER_ID_CHANGE,
                3001, 3002, 3003, 3006, 3007, 3008);
    }

    private RequiredAccess() {
    }

    private static void cluster(Set<Action> actions, int... codes) {
        List<Need> needs = List.of(new Need(CLUSTER, actions));
        for (int code : codes) {
            RULES.put(code, r -> needs);
        }
    }

    /** Whether the table says what {@code code} needs. */
    public static boolean covers(int code) {
        return RULES.containsKey(code);
    }

    /**
     * What {@code request} needs, or null when its code is not in the table (then only a Super user may send it).
     *
     * @throws RequestRefusedException when a field the code's rule reads is missing
     */
    public static List<Need> needs(RemotingCommand request) {
        Rule rule = RULES.get(request.code());
        return rule == null ? null : rule.needs(request);
    }

    private static Resource topic(RemotingCommand request, String... fields) {
        return Resource.topic(field(request, fields));
    }

    private static Resource group(RemotingCommand request, String field) {
        return Resource.group(field(request, field));
    }

    private static String field(RemotingCommand request, String... names) {
        for (String name : names) {
            String value = request.extField(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        throw missing(names[0]);
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw missing(name);
        }
        return value;
    }

    private static RequestRefusedException missing(String name) {
        return new RequestRefusedException(ResponseCode.NO_PERMISSION,
                "cannot authorize the request: it has no " + name);
    }

    /** Transaction ends and message views name their topic only in newer clients; older ones need the cluster. */
    private static List<Need> optionalTopic(RemotingCommand request, Set<Action> actions) {
        String topic = request.extField("topic");
        return List.of(topic == null || topic.isEmpty() ? new Need(CLUSTER, actions)
                : new Need(Resource.topic(topic), actions));
    }

    /** Consumers need Sub on each group and subscribed topic; a producer-only heartbeat needs a signed user only. */
    private static List<Need> heartbeat(RemotingCommand request) {
        HeartbeatData heartbeat = HeartbeatData.decode(request.body());
        List<Need> needs = new ArrayList<>();
        for (ConsumerData consumer : heartbeat.consumerDataSet()) {
            needs.add(new Need(Resource.group(required(consumer.groupName(), "groupName")), SUB));
            if (consumer.subscriptionDataSet() != null) {
                for (SubscriptionData subscription : consumer.subscriptionDataSet()) {
                    needs.add(new Need(Resource.topic(required(subscription.topic(), "topic")), SUB));
                }
            }
        }
        return needs;
    }

    private static List<Need> unregister(RemotingCommand request) {
        List<Need> needs = new ArrayList<>();
        for (String field : new String[] {"producerGroup", "consumerGroup"}) {
            String group = request.extField(field);
            if (group != null && !group.isEmpty()) {
                needs.add(new Need(Resource.group(group), PUB_OR_SUB));
            }
        }
        return needs;
    }

    private static List<Need> lockBatch(RemotingCommand request) {
        LockBatchRequestBody body = JsonBody.decode(request.body(), LockBatchRequestBody.class);
        List<Need> needs = new ArrayList<>();
        needs.add(new Need(Resource.group(required(body.consumerGroup(), "consumerGroup")), SUB));
        if (body.mqSet() != null) {
            for (MessageQueue queue : body.mqSet()) {
                needs.add(new Need(Resource.topic(required(queue.topic(), "topic")), SUB));
            }
        }
        return needs;
    }

    /** Create on every topic or group named in the body's list {@code listField}. */
    private static List<Need> named(RemotingCommand request, String listField, String nameField, boolean groups) {
        JSONArray list = JsonBody.decode(request.body(), JSONObject.class).getJSONArray(listField);
        if (list == null || list.isEmpty()) {
            throw missing(listField);
        }
        List<Need> needs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String name = required(list.getJSONObject(i).getString(nameField), nameField);
            needs.add(new Need(groups ? Resource.group(name) : Resource.topic(name), CREATE));
        }
        return needs;
    }
}
