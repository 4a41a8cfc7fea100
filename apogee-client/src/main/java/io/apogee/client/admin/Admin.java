package io.apogee.client.admin;

import io.apogee.client.ClientException;
import io.apogee.client.ClientOptions;
import io.apogee.client.remote.AdminApi;
import io.apogee.client.remote.BrokerApi;
import io.apogee.client.remote.NameServerApi;
import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.ClusterInfo;
import io.apogee.protocol.body.ConsumeStats;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.OffsetWrapper;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicRouteData;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Administration over the remoting protocol: topics, routes, cluster info, groups, consumer
 * progress and offset resets. It has its own connections and no background work.
 *
 * <pre>
 * try (Admin admin = new Admin("127.0.0.1:9876")) {
 *     admin.createTopic("DefaultCluster", "OrderTopic", 8);
 *     Map&lt;MessageQueue, OffsetWrapper&gt; progress = admin.consumerProgress("order-readers", "OrderTopic");
 * }
 * </pre>
 *
 * <p>Thread safety: safe from any thread once constructed; calls block up to
 * {@code mqClientApiTimeout} per server.
 */
public final class Admin implements AutoCloseable {

    private final long timeout;
    private final RemotingClient transport;
    private final NameServerApi nameServer;
    private final BrokerApi brokerApi;
    private final AdminApi adminApi;

    public Admin(String namesrvAddr) {
        this(options(namesrvAddr));
    }

    public Admin(ClientOptions options) {
        if (options.getNamesrvAddr() == null || options.getNamesrvAddr().isBlank()) {
            throw new ClientException("the admin client needs namesrvAddr");
        }
        this.timeout = options.getMqClientApiTimeout();
        this.transport = new RemotingClient(new ClientConfig().name("apogee-admin"));
        this.transport.start();
        this.nameServer = new NameServerApi(transport);
        this.nameServer.updateAddresses(options.getNamesrvAddr());
        this.brokerApi = new BrokerApi(transport);
        this.adminApi = new AdminApi(transport);
    }

    private static ClientOptions options(String namesrvAddr) {
        ClientOptions options = new ClientOptions();
        options.setNamesrvAddr(namesrvAddr);
        return options;
    }

    public ClusterInfo examineBrokerClusterInfo() {
        return nameServer.clusterInfo(timeout);
    }

    /** The topic's route; throws when the name servers do not know it. */
    public TopicRouteData examineTopicRouteInfo(String topic) {
        TopicRouteData route = nameServer.topicRoute(topic, timeout);
        if (route == null) {
            throw new ClientException(17, "topic " + topic + " does not exist");
        }
        return route;
    }

    public Set<String> fetchAllTopicList() {
        return nameServer.allTopics(timeout).topicList();
    }

    /** Creates (or updates) a topic on every master of a cluster, with {@code queueNums} queues on each. */
    public void createTopic(String clusterName, String topic, int queueNums) {
        for (String master : masters(clusterName)) {
            adminApi.createTopic(master, topic, queueNums, false, timeout);
        }
    }

    /** Creates (or updates) a topic on one broker. */
    public void createTopicOnBroker(String brokerAddr, String topic, int queueNums) {
        adminApi.createTopic(brokerAddr, topic, queueNums, false, timeout);
    }

    /** Deletes a topic from every master of a cluster and from the name servers. */
    public void deleteTopic(String clusterName, String topic) {
        for (String master : masters(clusterName)) {
            adminApi.deleteTopicInBroker(master, topic, timeout);
        }
        for (String namesrv : nameServer.addresses()) {
            adminApi.deleteTopicInNameServer(namesrv, topic, clusterName, timeout);
        }
    }

    /** The client ids of a consumer group's online members, asked of one of the topic's brokers. */
    public List<String> examineConsumerConnection(String group, String topic) {
        for (BrokerData broker : examineTopicRouteInfo(topic).brokerDatas()) {
            if (broker.masterAddr() != null) {
                return brokerApi.consumerIds(broker.masterAddr(), group, timeout);
            }
        }
        return List.of();
    }

    /** Per queue of the topic: the broker's max offset and the group's committed offset. */
    public Map<MessageQueue, OffsetWrapper> consumerProgress(String group, String topic) {
        Map<MessageQueue, OffsetWrapper> progress = new TreeMap<>();
        for (BrokerData broker : examineTopicRouteInfo(topic).brokerDatas()) {
            if (broker.masterAddr() != null) {
                ConsumeStats stats = adminApi.consumeStats(broker.masterAddr(), group, topic, timeout);
                progress.putAll(stats.offsetTable());
            }
        }
        return progress;
    }

    /**
     * Moves a group's committed offsets of a topic to the first messages stored at or after
     * {@code timestamp}, and answers the new offsets. The group's members must be offline: a running
     * member would commit its own offsets over these.
     */
    public Map<MessageQueue, Long> resetOffsetByTimestamp(String group, String topic, long timestamp) {
        Map<MessageQueue, Long> reset = new HashMap<>();
        TopicRouteData route = examineTopicRouteInfo(topic);
        for (QueueData queues : route.queueDatas()) {
            String master = masterOf(route, queues.brokerName());
            for (int i = 0; i < queues.readQueueNums(); i++) {
                MessageQueue queue = new MessageQueue(topic, queues.brokerName(), i);
                long offset = brokerApi.searchOffset(master, queue, timestamp, timeout);
                brokerApi.updateConsumerOffset(master, group, queue, offset, timeout);
                reset.put(queue, offset);
            }
        }
        return reset;
    }

    /** The group's committed offset of one queue, or -1. */
    public long committedOffset(String group, MessageQueue queue) {
        return brokerApi.queryConsumerOffset(masterOf(examineTopicRouteInfo(queue.topic()), queue.brokerName()),
                group, queue, timeout);
    }

    public long maxOffset(MessageQueue queue) {
        return brokerApi.maxOffset(masterOf(examineTopicRouteInfo(queue.topic()), queue.brokerName()), queue, timeout);
    }

    private List<String> masters(String clusterName) {
        ClusterInfo info = examineBrokerClusterInfo();
        Set<String> names = info.clusterAddrTable().get(clusterName);
        if (names == null || names.isEmpty()) {
            throw new ClientException("cluster " + clusterName + " is not known to the name servers; known: "
                    + info.clusterAddrTable().keySet());
        }
        return names.stream().map(n -> info.brokerAddrTable().get(n)).filter(b -> b != null && b.masterAddr() != null)
                .map(BrokerData::masterAddr).sorted().toList();
    }

    private static String masterOf(TopicRouteData route, String brokerName) {
        for (BrokerData broker : route.brokerDatas()) {
            if (broker.brokerName().equals(brokerName) && broker.masterAddr() != null) {
                return broker.masterAddr();
            }
        }
        throw new ClientException("broker " + brokerName + " has no master");
    }

    @Override
    public void close() {
        transport.shutdown();
    }
}
