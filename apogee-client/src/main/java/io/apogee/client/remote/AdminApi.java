package io.apogee.client.remote;

import io.apogee.protocol.body.ConsumeStats;
import io.apogee.protocol.body.ConsumeStatsList;
import io.apogee.protocol.body.ConsumerConnection;
import io.apogee.protocol.body.GroupList;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.KvTable;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.PropertiesBody;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.ResetOffsetBody;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.body.SubscriptionGroupWrapper;
import io.apogee.protocol.body.TopicStatsTable;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.CreateTopicRequestHeader;
import io.apogee.protocol.header.QueryTopicConsumeByWhoRequestHeader;
import io.apogee.protocol.header.DeleteKvConfigRequestHeader;
import io.apogee.protocol.header.DeleteSubscriptionGroupRequestHeader;
import io.apogee.protocol.header.DeleteTopicFromNamesrvRequestHeader;
import io.apogee.protocol.header.DeleteTopicRequestHeader;
import io.apogee.protocol.header.GetConsumeStatsInBrokerHeader;
import io.apogee.protocol.header.GetConsumeStatsRequestHeader;
import io.apogee.protocol.header.GetConsumerConnectionListRequestHeader;
import io.apogee.protocol.header.GetKvConfigRequestHeader;
import io.apogee.protocol.header.GetKvConfigResponseHeader;
import io.apogee.protocol.header.GetTopicStatsInfoRequestHeader;
import io.apogee.protocol.header.PutKvConfigRequestHeader;
import io.apogee.protocol.header.ResetOffsetRequestHeader;
import io.apogee.remoting.client.RemotingClient;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The administrative calls to brokers and name servers: topics, subscription groups, consume and
 * topic statistics, broker settings and runtime figures, and the name servers' KV settings.
 *
 * <p>Thread safety: stateless apart from the shared transport; any thread.
 */
public final class AdminApi {

    private final RemotingClient transport;

    public AdminApi(RemotingClient transport) {
        this.transport = transport;
    }

    public void createTopic(String brokerAddr, String topic, int queueNums, boolean order, long timeoutMillis) {
        createTopic(brokerAddr, topic, queueNums, queueNums, QueueData.PERM_READ | QueueData.PERM_WRITE, order, null,
                timeoutMillis);
    }

    /** Creates or updates a topic; {@code attributes} is null or {@code +key=value,...}. */
    public void createTopic(String brokerAddr, String topic, int readQueueNums, int writeQueueNums, int perm,
                            boolean order, String attributes, long timeoutMillis) {
        RemotingCommand request = new CreateTopicRequestHeader(topic, "TBW102", readQueueNums, writeQueueNums,
                perm, "SINGLE_TAG", 0, order, attributes, null, null)
                .applyTo(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "creating topic " + topic + " on " + brokerAddr);
    }

    public void deleteTopicInBroker(String brokerAddr, String topic, long timeoutMillis) {
        RemotingCommand request = new DeleteTopicRequestHeader(topic)
                .applyTo(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "deleting topic " + topic + " on " + brokerAddr);
    }

    public void deleteTopicInNameServer(String namesrvAddr, String topic, String cluster, long timeoutMillis) {
        RemotingCommand request = new DeleteTopicFromNamesrvRequestHeader(topic, cluster)
                .applyTo(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, namesrvAddr, request, timeoutMillis),
                "deleting topic " + topic + " on name server " + namesrvAddr);
    }

    public ConsumeStats consumeStats(String brokerAddr, String group, String topic, long timeoutMillis) {
        RemotingCommand request = new GetConsumeStatsRequestHeader(group, topic, null, null)
                .applyTo(RemotingCommand.request(RequestCode.GET_CONSUME_STATS));
        RemotingCommand response = RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request,
                timeoutMillis), "consume stats of " + group + " on " + brokerAddr);
        return JsonBody.decode(response.body(), ConsumeStats.class);
    }

    /** The groups that consume {@code topic} on that broker: subscribed now, or holding an offset in it. */
    public GroupList topicConsumers(String brokerAddr, String topic, long timeoutMillis) {
        RemotingCommand request = new QueryTopicConsumeByWhoRequestHeader(topic)
                .applyTo(RemotingCommand.request(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO));
        RemotingCommand response = RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request,
                timeoutMillis), "groups consuming " + topic + " on " + brokerAddr);
        return JsonBody.decode(response.body(), GroupList.class);
    }

    public TopicStatsTable topicStats(String brokerAddr, String topic, long timeoutMillis) {
        RemotingCommand request = new GetTopicStatsInfoRequestHeader(topic, null)
                .applyTo(RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO));
        RemotingCommand response = RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request,
                timeoutMillis), "stats of topic " + topic + " on " + brokerAddr);
        return JsonBody.decode(response.body(), TopicStatsTable.class);
    }

    /** The group's progress in every topic it has committed offsets in when {@code topic} is null. */
    public ConsumeStats groupStats(String brokerAddr, String group, long timeoutMillis) {
        return consumeStats(brokerAddr, group, null, timeoutMillis);
    }

    /** Every subscription group's progress on one broker, each in every topic it has offsets in: one request. */
    public ConsumeStatsList brokerConsumeStats(String brokerAddr, long timeoutMillis) {
        RemotingCommand request = new GetConsumeStatsInBrokerHeader(false)
                .applyTo(RemotingCommand.request(RequestCode.GET_BROKER_CONSUME_STATS));
        RemotingCommand response = RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request,
                timeoutMillis), "consume stats of " + brokerAddr);
        return JsonBody.decode(response.body(), ConsumeStatsList.class);
    }

    /** The group's connected members and subscriptions on one broker, or null when none is online there. */
    public ConsumerConnection consumerConnection(String brokerAddr, String group, long timeoutMillis) {
        RemotingCommand request = new GetConsumerConnectionListRequestHeader(group)
                .applyTo(RemotingCommand.request(RequestCode.GET_CONSUMER_CONNECTION_LIST));
        RemotingCommand response = RemoteCall.sync(transport, brokerAddr, request, timeoutMillis);
        if (response.code() == ResponseCode.CONSUMER_NOT_ONLINE) {
            return null;
        }
        RemoteCall.expectSuccess(response, "connections of " + group + " on " + brokerAddr);
        return JsonBody.decode(response.body(), ConsumerConnection.class);
    }

    public void createGroup(String brokerAddr, SubscriptionGroupConfig config, long timeoutMillis) {
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body(JsonBody.encode(config));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "creating group " + config.groupName() + " on " + brokerAddr);
    }

    public void deleteGroup(String brokerAddr, String group, boolean cleanOffset, long timeoutMillis) {
        RemotingCommand request = new DeleteSubscriptionGroupRequestHeader(group, cleanOffset)
                .applyTo(RemotingCommand.request(RequestCode.DELETE_SUBSCRIPTIONGROUP));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "deleting group " + group + " on " + brokerAddr);
    }

    public SubscriptionGroupWrapper allGroups(String brokerAddr, long timeoutMillis) {
        RemotingCommand response = RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr,
                RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG), timeoutMillis),
                "groups of " + brokerAddr);
        return JsonBody.decode(response.body(), SubscriptionGroupWrapper.class);
    }

    /** The broker's runtime figures (version, TPS, offsets), as RocketMQ's {@code brokerStatus} shows them. */
    public Map<String, String> runtimeInfo(String brokerAddr, long timeoutMillis) {
        RemotingCommand response = RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr,
                RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), timeoutMillis),
                "runtime info of " + brokerAddr);
        return JsonBody.decode(response.body(), KvTable.class).table();
    }

    public Properties brokerConfig(String brokerAddr, long timeoutMillis) {
        RemotingCommand response = RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr,
                RemotingCommand.request(RequestCode.GET_BROKER_CONFIG), timeoutMillis),
                "settings of " + brokerAddr);
        return PropertiesBody.decode(response.body());
    }

    public void updateBrokerConfig(String brokerAddr, Map<String, String> settings, long timeoutMillis) {
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG)
                .body(PropertiesBody.encode(settings));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "changing settings " + settings.keySet() + " of " + brokerAddr);
    }

    public void putKv(String namesrvAddr, String namespace, String key, String value, long timeoutMillis) {
        RemotingCommand request = new PutKvConfigRequestHeader(namespace, key, value)
                .applyTo(RemotingCommand.request(RequestCode.PUT_KV_CONFIG));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, namesrvAddr, request, timeoutMillis),
                "setting " + namespace + "/" + key + " on " + namesrvAddr);
    }

    /** The value, or null when the name server has no such key. */
    public String getKv(String namesrvAddr, String namespace, String key, long timeoutMillis) {
        RemotingCommand request = new GetKvConfigRequestHeader(namespace, key)
                .applyTo(RemotingCommand.request(RequestCode.GET_KV_CONFIG));
        RemotingCommand response = RemoteCall.sync(transport, namesrvAddr, request, timeoutMillis);
        if (response.code() == ResponseCode.QUERY_NOT_FOUND) {
            return null;
        }
        RemoteCall.expectSuccess(response, "reading " + namespace + "/" + key + " on " + namesrvAddr);
        return GetKvConfigResponseHeader.decode(response).value();
    }

    public void deleteKv(String namesrvAddr, String namespace, String key, long timeoutMillis) {
        RemotingCommand request = new DeleteKvConfigRequestHeader(namespace, key)
                .applyTo(RemotingCommand.request(RequestCode.DELETE_KV_CONFIG));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, namesrvAddr, request, timeoutMillis),
                "deleting " + namespace + "/" + key + " on " + namesrvAddr);
    }

    /** Every KV entry of a namespace on one name server; empty when it has none. */
    public Map<String, String> kvList(String namesrvAddr, String namespace, long timeoutMillis) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE)
                .extFields(new HashMap<>(Map.of("namespace", namespace)));
        RemotingCommand response = RemoteCall.sync(transport, namesrvAddr, request, timeoutMillis);
        if (response.code() == ResponseCode.QUERY_NOT_FOUND) {
            return Map.of();
        }
        RemoteCall.expectSuccess(response, "listing KV namespace " + namespace + " on " + namesrvAddr);
        return JsonBody.decode(response.body(), KvTable.class).table();
    }

    /**
     * Asks a broker to reset a group's offsets of a topic and to tell the group's online members
     * (INVOKE_BROKER_TO_RESET_OFFSET); answers the new offsets, or null when no member is online, in
     * which case nothing was changed.
     */
    public Map<MessageQueue, Long> resetOffsetOnline(String brokerAddr, ResetOffsetRequestHeader header,
                                                     long timeoutMillis) {
        RemotingCommand request = header.applyTo(RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET));
        RemotingCommand response = RemoteCall.sync(transport, brokerAddr, request, timeoutMillis);
        if (response.code() == ResponseCode.CONSUMER_NOT_ONLINE) {
            return null;
        }
        RemoteCall.expectSuccess(response, "resetting offsets of group " + header.group() + " on " + brokerAddr);
        return JsonBody.decode(response.body(), ResetOffsetBody.class).offsetTable();
    }
}
