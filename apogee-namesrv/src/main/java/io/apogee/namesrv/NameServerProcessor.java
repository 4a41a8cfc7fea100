package io.apogee.namesrv;

import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.namesrv.kv.KvConfigStore;
import io.apogee.namesrv.route.BrokerRegistration;
import io.apogee.namesrv.route.RegistrationResult;
import io.apogee.namesrv.route.RouteRegistry;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.KvTable;
import io.apogee.protocol.body.RegisterBrokerBody;
import io.apogee.protocol.body.TopicConfigSerializeWrapper;
import io.apogee.protocol.body.TopicList;
import io.apogee.protocol.body.TopicRouteData;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.DeleteKvConfigRequestHeader;
import io.apogee.protocol.header.DeleteTopicFromNamesrvRequestHeader;
import io.apogee.protocol.header.GetKvConfigRequestHeader;
import io.apogee.protocol.header.GetKvConfigResponseHeader;
import io.apogee.protocol.header.GetRouteInfoRequestHeader;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.protocol.header.PutKvConfigRequestHeader;
import io.apogee.protocol.header.RegisterBrokerRequestHeader;
import io.apogee.protocol.header.RegisterBrokerResponseHeader;
import io.apogee.protocol.header.UnregisterBrokerRequestHeader;
import io.apogee.protocol.message.MessageChecksum;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Answers every request a name server serves: broker registration, routes, cluster and topic
 * lists, topic deletion, write-permission switches and KV config.
 *
 * <p>Thread safety: stateless apart from the thread-safe registry and KV store; called
 * concurrently by the request executor.
 */
final class NameServerProcessor implements RequestProcessor {

    /** Codes this processor answers; everything else is REQUEST_CODE_NOT_SUPPORTED. */
    static final int[] CODES = {
        RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER, RequestCode.GET_ROUTEINFO_BY_TOPIC,
        RequestCode.GET_BROKER_CLUSTER_INFO, RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
        RequestCode.GET_TOPICS_BY_CLUSTER, RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
        RequestCode.GET_UNIT_TOPIC_LIST, RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
        RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST, RequestCode.DELETE_TOPIC_IN_NAMESRV,
        RequestCode.WIPE_WRITE_PERM_OF_BROKER, RequestCode.ADD_WRITE_PERM_OF_BROKER,
        RequestCode.PUT_KV_CONFIG, RequestCode.GET_KV_CONFIG, RequestCode.DELETE_KV_CONFIG,
        RequestCode.GET_KVLIST_BY_NAMESPACE,
    };

    /** Clients older than 4.9.4 expect fastjson's bare numeric keys in routes. */
    private static final int FIRST_VERSION_WITH_STANDARD_JSON = 401;
    private static final int TOPIC_SYS_FLAG_UNIT = 0x1;
    private static final int TOPIC_SYS_FLAG_UNIT_SUB = 0x2;
    private static final String FAQ = "\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.";
    private static final Logger LOG = LoggerFactory.getLogger(NameServerProcessor.class);
    /** Bad input from clients: one line per interval, however many there are. */
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, 10_000);

    private final RouteRegistry registry;
    private final KvConfigStore kv;
    private final NameServerConfig config;
    private final LongSupplier clock;

    NameServerProcessor(RouteRegistry registry, KvConfigStore kv, NameServerConfig config, LongSupplier clock) {
        this.registry = registry;
        this.kv = kv;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.REGISTER_BROKER -> registerBroker(context, request);
            case RequestCode.UNREGISTER_BROKER -> unregisterBroker(request);
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(request);
            case RequestCode.GET_BROKER_CLUSTER_INFO -> success(request, registry.clusterInfo().encode());
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> topicList(request, registry.topics());
            case RequestCode.GET_TOPICS_BY_CLUSTER -> topicList(request,
                    registry.topicsOfCluster(HeaderFields.requireString(HeaderFields.of(request), "cluster",
                            "GET_TOPICS_BY_CLUSTER header")));
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS -> topicList(request, registry.systemTopics());
            case RequestCode.GET_UNIT_TOPIC_LIST -> topicList(request,
                    registry.topicsWithSysFlag(TOPIC_SYS_FLAG_UNIT));
            case RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST -> topicList(request,
                    registry.topicsWithSysFlag(TOPIC_SYS_FLAG_UNIT_SUB));
            case RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST -> topicList(request,
                    hasUnitSubWithoutUnit());
            case RequestCode.DELETE_TOPIC_IN_NAMESRV -> deleteTopic(request);
            case RequestCode.WIPE_WRITE_PERM_OF_BROKER -> writePerm(request, false, "wipeTopicCount");
            case RequestCode.ADD_WRITE_PERM_OF_BROKER -> writePerm(request, true, "addTopicCount");
            case RequestCode.PUT_KV_CONFIG -> putKv(request);
            case RequestCode.GET_KV_CONFIG -> getKv(request);
            case RequestCode.DELETE_KV_CONFIG -> deleteKv(request);
            case RequestCode.GET_KVLIST_BY_NAMESPACE -> kvList(request);
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not supported by this name server");
        };
    }

    private RemotingCommand registerBroker(RequestContext context, RemotingCommand request) {
        RegisterBrokerRequestHeader header = RegisterBrokerRequestHeader.decode(request);
        byte[] body = request.body();
        Integer expectedCrc = header.bodyCrc32();
        if (expectedCrc != null && expectedCrc != 0 && body != null
                && MessageChecksum.crc32(body) != expectedCrc) {
            BAD_INPUT.warn("REGISTER_BROKER from {} ({}): body CRC does not match its header",
                    LogText.escape(header.brokerAddr()),
                    context.remoteAddress());
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "crc32 not match");
        }
        if (header.compressed()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "compressed broker registrations are not supported; set compressedRegister=false");
        }
        TopicConfigSerializeWrapper topics = body == null || body.length == 0 ? null
                : RegisterBrokerBody.decode(body).topicConfigSerializeWrapper();
        RegistrationResult result = registry.register(new BrokerRegistration(header.clusterName(),
                header.brokerName(), header.brokerAddr(), header.brokerId(), header.haServerAddr(),
                Boolean.TRUE.equals(header.enableActingMaster()),
                topics == null ? null : topics.dataVersion(),
                topics == null ? null : topics.topicConfigTable(), context.connection()), clock.getAsLong());
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        new RegisterBrokerResponseHeader(result.haServerAddr(), result.masterAddr()).applyTo(response);
        Map<String, String> orderConf = kv.namespace(KvConfigStore.ORDER_TOPIC_CONFIG);
        if (!orderConf.isEmpty()) {
            response.body(JsonBody.encode(new KvTable(orderConf)));
        }
        return response;
    }

    private RemotingCommand unregisterBroker(RemotingCommand request) {
        UnregisterBrokerRequestHeader header = UnregisterBrokerRequestHeader.decode(request);
        registry.unregister(header.clusterName(), header.brokerAddr(), header.brokerName(), header.brokerId());
        LOG.info("broker {} ({}, id {}) unregistered", LogText.escape(header.brokerName()),
                LogText.escape(header.brokerAddr()), header.brokerId());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand route(RemotingCommand request) {
        GetRouteInfoRequestHeader header = GetRouteInfoRequestHeader.decode(request);
        String orderConf = config.orderMessageEnable()
                ? kv.get(KvConfigStore.ORDER_TOPIC_CONFIG, header.topic()) : null;
        TopicRouteData route = registry.route(header.topic(), orderConf);
        if (route == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "No topic route info in name server for the topic: " + header.topic() + FAQ);
        }
        boolean standardJson = request.version() >= FIRST_VERSION_WITH_STANDARD_JSON
                || Boolean.TRUE.equals(header.acceptStandardJsonOnly());
        return success(request, standardJson ? route.encode() : JsonBody.encode(route));
    }

    private Set<String> hasUnitSubWithoutUnit() {
        Set<String> topics = registry.topicsWithSysFlag(TOPIC_SYS_FLAG_UNIT_SUB);
        topics.removeAll(registry.topicsWithSysFlag(TOPIC_SYS_FLAG_UNIT));
        return topics;
    }

    private RemotingCommand deleteTopic(RemotingCommand request) {
        DeleteTopicFromNamesrvRequestHeader header = DeleteTopicFromNamesrvRequestHeader.decode(request);
        registry.deleteTopic(header.topic(), header.clusterName());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand writePerm(RemotingCommand request, boolean writable, String countKey) {
        String brokerName = HeaderFields.requireString(HeaderFields.of(request), "brokerName",
                RequestCode.name(request.code()) + " header");
        int count = registry.setWritable(brokerName, writable);
        LOG.info("write permission of broker {} {} on {} topics", LogText.escape(brokerName), writable ? "added" : "wiped", count);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putExtField(countKey, Integer.toString(count));
    }

    private RemotingCommand putKv(RemotingCommand request) {
        PutKvConfigRequestHeader header = PutKvConfigRequestHeader.decode(request);
        kv.put(header.namespace(), header.key(), header.value());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand getKv(RemotingCommand request) {
        GetKvConfigRequestHeader header = GetKvConfigRequestHeader.decode(request);
        String value = kv.get(header.namespace(), header.key());
        if (value == null) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                    "No config item, Namespace: " + header.namespace() + " Key: " + header.key());
        }
        return new GetKvConfigResponseHeader(value)
                .applyTo(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null));
    }

    private RemotingCommand deleteKv(RemotingCommand request) {
        DeleteKvConfigRequestHeader header = DeleteKvConfigRequestHeader.decode(request);
        kv.delete(header.namespace(), header.key());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand kvList(RemotingCommand request) {
        String namespace = HeaderFields.requireString(HeaderFields.of(request), "namespace",
                "GET_KVLIST_BY_NAMESPACE header");
        Map<String, String> entries = kv.namespace(namespace);
        if (entries.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                    "No config item, Namespace: " + namespace);
        }
        return success(request, JsonBody.encode(new KvTable(entries)));
    }

    private static RemotingCommand topicList(RemotingCommand request, Set<String> topics) {
        return success(request, JsonBody.encode(new TopicList(topics, null)));
    }

    private static RemotingCommand success(RemotingCommand request, byte[] body) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(body);
    }
}
