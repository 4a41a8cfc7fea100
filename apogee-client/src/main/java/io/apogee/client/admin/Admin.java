package io.apogee.client.admin;

import io.apogee.client.ClientException;
import io.apogee.client.ClientOptions;
import io.apogee.client.remote.AdminApi;
import io.apogee.client.message.MessageExt;
import io.apogee.client.remote.BrokerApi;
import io.apogee.client.remote.MessageApi;
import io.apogee.client.remote.NameServerApi;
import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.ClusterInfo;
import io.apogee.protocol.body.ConsumeStats;
import io.apogee.protocol.body.ConsumerConnection;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.OffsetWrapper;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.body.TopicOffset;
import io.apogee.protocol.body.TopicRouteData;
import io.apogee.protocol.body.TopicStatsTable;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Administration over the remoting protocol: topics, routes, cluster info, broker settings and
 * figures, groups, consumer progress, offset resets, message look-ups and the name servers' KV
 * settings. It has its own connections and no background work. Cluster-wide changes go to every
 * master of the cluster (or every name server) in turn and stop at the first failure.
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
    private final MessageLookup lookup;
    private final OffsetResets resets;
    private final NameServerKv kv;

    public Admin(String namesrvAddr) {
        this(options(namesrvAddr));
    }

    public Admin(ClientOptions options) {
        if (options.getNamesrvAddr() == null || options.getNamesrvAddr().isBlank()) {
            throw new ClientException("the admin client needs namesrvAddr");
        }
        this.timeout = options.getMqClientApiTimeout();
        this.transport = new RemotingClient(new ClientConfig().name("apogee-admin"));
        if (options.getRpcHook() != null) {
            transport.addHook(options.getRpcHook());
        }
        this.transport.start();
        this.nameServer = new NameServerApi(transport);
        this.nameServer.updateAddresses(options.getNamesrvAddr());
        this.brokerApi = new BrokerApi(transport);
        this.adminApi = new AdminApi(transport);
        this.lookup = new MessageLookup(new MessageApi(transport), timeout);
        this.resets = new OffsetResets(adminApi, brokerApi, timeout);
        this.kv = new NameServerKv(nameServer, adminApi, timeout);
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

    /**
     * Creates (or updates) a topic on every master of a cluster with its queue counts, permission
     * ({@link QueueData#PERM_READ} | {@link QueueData#PERM_WRITE}) and attributes ({@code +key=value,...} or null).
     */
    public void createTopic(String clusterName, String topic, int readQueueNums, int writeQueueNums, int perm,
                            boolean order, String attributes) {
        for (String master : masters(clusterName)) {
            adminApi.createTopic(master, topic, readQueueNums, writeQueueNums, perm, order, attributes, timeout);
        }
    }

    /** Creates (or updates) a topic on one broker. */
    public void createTopicOnBroker(String brokerAddr, String topic, int queueNums) {
        adminApi.createTopic(brokerAddr, topic, queueNums, false, timeout);
    }

    /** Creates (or updates) a topic on one broker, with the settings of {@link #createTopic(String, String, int, int, int, boolean, String)}. */
    public void createTopicOnBroker(String brokerAddr, String topic, int readQueueNums, int writeQueueNums, int perm,
                                    boolean order, String attributes) {
        adminApi.createTopic(brokerAddr, topic, readQueueNums, writeQueueNums, perm, order, attributes, timeout);
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

    /** Per queue of the topic, over all its brokers: min and max offsets and the last store time. */
    public Map<MessageQueue, TopicOffset> topicOffsets(String topic) {
        Map<MessageQueue, TopicOffset> offsets = new TreeMap<>();
        for (BrokerData broker : examineTopicRouteInfo(topic).brokerDatas()) {
            if (broker.masterAddr() != null) {
                TopicStatsTable stats = adminApi.topicStats(broker.masterAddr(), topic, timeout);
                offsets.putAll(stats.offsetTable());
            }
        }
        return offsets;
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

    /** The groups that consume {@code topic} on any of its masters (subscribed now, or holding an offset), sorted. */
    public List<String> topicConsumers(String topic) {
        Set<String> groups = new TreeSet<>();
        for (BrokerData broker : examineTopicRouteInfo(topic).brokerDatas()) {
            if (broker.masterAddr() != null) {
                groups.addAll(adminApi.topicConsumers(broker.masterAddr(), topic, timeout).groupList());
            }
        }
        return new ArrayList<>(groups);
    }

    /** Per queue, over every master of every cluster: the group's progress in every topic it has offsets in. */
    public Map<MessageQueue, OffsetWrapper> groupProgress(String group) {
        Map<MessageQueue, OffsetWrapper> progress = new TreeMap<>();
        for (String master : allMasters()) {
            progress.putAll(adminApi.groupStats(master, group, timeout).offsetTable());
        }
        return progress;
    }

    /**
     * Every subscription group's progress over every master, per queue, from one request per master whatever
     * the number of groups (a group with no offsets maps to an empty table).
     */
    public Map<String, Map<MessageQueue, OffsetWrapper>> allGroupsProgress() {
        Map<String, Map<MessageQueue, OffsetWrapper>> progress = new TreeMap<>();
        for (String master : allMasters()) {
            for (Map<String, List<ConsumeStats>> group : adminApi.brokerConsumeStats(master, timeout)
                    .consumeStatsList()) {
                group.forEach((name, topics) -> {
                    Map<MessageQueue, OffsetWrapper> table = progress.computeIfAbsent(name, g -> new TreeMap<>());
                    topics.forEach(stats -> table.putAll(stats.offsetTable()));
                });
            }
        }
        return progress;
    }

    /** The group's online members and subscriptions, merged over all masters; empty when none is online. */
    public ConsumerConnection consumerConnections(String group) {
        ConsumerConnection merged = new ConsumerConnection(null, null, null, null, null);
        for (String master : allMasters()) {
            ConsumerConnection one = adminApi.consumerConnection(master, group, timeout);
            if (one != null) {
                merged.connectionSet().addAll(one.connectionSet());
                merged.subscriptionTable().putAll(one.subscriptionTable());
                merged = new ConsumerConnection(merged.connectionSet(), merged.subscriptionTable(), one.consumeType(),
                        one.messageModel(), one.consumeFromWhere());
            }
        }
        return merged;
    }

    /** Creates or updates a subscription group on every master of a cluster. */
    public void createGroup(String clusterName, SubscriptionGroupConfig config) {
        for (String master : masters(clusterName)) {
            adminApi.createGroup(master, config, timeout);
        }
    }

    /** Deletes a subscription group (and with {@code cleanOffset} its committed offsets) on every master of a cluster. */
    public void deleteGroup(String clusterName, String group, boolean cleanOffset) {
        for (String master : masters(clusterName)) {
            adminApi.deleteGroup(master, group, cleanOffset, timeout);
        }
    }

    /** Every subscription group of a cluster's masters, by name (the first master's settings win). */
    public Map<String, SubscriptionGroupConfig> groups(String clusterName) {
        Map<String, SubscriptionGroupConfig> groups = new TreeMap<>();
        for (String master : masters(clusterName)) {
            adminApi.allGroups(master, timeout).subscriptionGroupTable().forEach(groups::putIfAbsent);
        }
        return groups;
    }

    /**
     * Moves a group's committed offsets of a topic to the first messages stored at or after
     * {@code timestamp}, and answers the new offsets. Online members are moved too: each master resets
     * and tells them (as mqadmin resetOffsetByTime does); with no member online the offsets are committed here.
     */
    public Map<MessageQueue, Long> resetOffsetByTimestamp(String group, String topic, long timestamp) {
        return resets.toTime(group, topic, examineTopicRouteInfo(topic), timestamp,
                (master, queue) -> brokerApi.searchOffset(master, queue, timestamp, timeout));
    }

    /** Moves a group's committed offsets of a topic to each queue's first message; see {@link #resetOffsetByTimestamp}. */
    public Map<MessageQueue, Long> resetOffsetToEarliest(String group, String topic) {
        return resets.toTime(group, topic, examineTopicRouteInfo(topic), 0,
                (master, queue) -> brokerApi.minOffset(master, queue, timeout));
    }

    /** Moves a group's committed offsets of a topic past each queue's last message; see {@link #resetOffsetByTimestamp}. */
    public Map<MessageQueue, Long> resetOffsetToLatest(String group, String topic) {
        return resets.toTime(group, topic, examineTopicRouteInfo(topic), OffsetResets.LATEST,
                (master, queue) -> brokerApi.maxOffset(master, queue, timeout));
    }

    /**
     * Moves a group's committed offset of every queue of a topic to {@code offset}, held within each queue's
     * min and max offsets; see {@link #resetOffsetByTimestamp}.
     */
    public Map<MessageQueue, Long> resetOffsetTo(String group, String topic, long offset) {
        return resets.toOffsets(group, topic, examineTopicRouteInfo(topic), (master, queue) -> Math.max(
                brokerApi.minOffset(master, queue, timeout), Math.min(offset, brokerApi.maxOffset(master, queue, timeout))));
    }

    /** Every KV entry of a namespace, merged over the name servers (the first one's value wins). */
    public Map<String, String> listKv(String namespace) {
        return kv.list(namespace);
    }

    /** The group's committed offset of one queue, or -1. */
    public long committedOffset(String group, MessageQueue queue) {
        return brokerApi.queryConsumerOffset(masterOf(examineTopicRouteInfo(queue.topic()), queue.brokerName()),
                group, queue, timeout);
    }

    public long maxOffset(MessageQueue queue) {
        return brokerApi.maxOffset(masterOf(examineTopicRouteInfo(queue.topic()), queue.brokerName()), queue, timeout);
    }

    public long minOffset(MessageQueue queue) {
        return brokerApi.minOffset(masterOf(examineTopicRouteInfo(queue.topic()), queue.brokerName()), queue, timeout);
    }

    /** A broker's runtime figures: brokerVersionDesc, putTps, msgPutTotalTodayNow, ... */
    public Map<String, String> brokerRuntimeInfo(String brokerAddr) {
        return adminApi.runtimeInfo(brokerAddr, timeout);
    }

    public Properties brokerConfig(String brokerAddr) {
        return adminApi.brokerConfig(brokerAddr, timeout);
    }

    public void updateBrokerConfig(String brokerAddr, Map<String, String> settings) {
        adminApi.updateBrokerConfig(brokerAddr, settings, timeout);
    }

    /** Changes settings on every broker of a cluster, masters and slaves; answers their addresses. */
    public List<String> updateBrokerConfigInCluster(String clusterName, Map<String, String> settings) {
        List<String> addresses = brokers(clusterName).stream().flatMap(b -> b.brokerAddrs().values().stream())
                .sorted().toList();
        for (String address : addresses) {
            adminApi.updateBrokerConfig(address, settings, timeout);
        }
        return addresses;
    }

    /** Sets a KV entry on every name server. */
    public void putKv(String namespace, String key, String value) {
        kv.put(namespace, key, value);
    }

    /** The KV entry from the first name server that has it, or null. */
    public String getKv(String namespace, String key) {
        return kv.get(namespace, key);
    }

    /** Deletes a KV entry on every name server. */
    public void deleteKv(String namespace, String key) {
        kv.delete(namespace, key);
    }

    /** The message an offset message id (as a send answers it) names. */
    public MessageExt viewMessage(String offsetMsgId) {
        return lookup.byOffsetId(offsetMsgId);
    }

    /** Messages of a topic, over all its brokers, whose keys hold {@code key}, stored between the two times. */
    public List<MessageExt> queryMessageByKey(String topic, String key, int maxNum, long begin, long end) {
        return query(topic, key, false, maxNum, begin, end);
    }

    /** The messages of a topic whose unique (client) message id is {@code msgId}. */
    public List<MessageExt> queryMessageByUniqueKey(String topic, String msgId) {
        return query(topic, msgId, true, 32, 0, Long.MAX_VALUE);
    }

    private List<MessageExt> query(String topic, String key, boolean unique, int maxNum, long begin, long end) {
        List<MessageExt> found = new ArrayList<>();
        for (BrokerData broker : examineTopicRouteInfo(topic).brokerDatas()) {
            if (broker.masterAddr() != null) {
                found.addAll(lookup.byKey(broker.masterAddr(), broker.brokerName(), topic, key, unique, maxNum, begin,
                        end));
            }
        }
        return found;
    }

    /** Up to {@code maxNums} messages of a queue from {@code offset}, read without moving any group's offset. */
    public List<MessageExt> readQueue(MessageQueue queue, long offset, int maxNums) {
        String master = masterOf(examineTopicRouteInfo(queue.topic()), queue.brokerName());
        return lookup.pull(master, queue.brokerName(), queue.topic(), queue.queueId(), offset, maxNums);
    }

    /**
     * Up to {@code maxNum} messages of a topic stored between {@code begin} and {@code end} (ms since the
     * epoch), oldest first per queue: each queue is read from the first offset stored at or after
     * {@code begin}, so the search costs one look-up and one read per queue, never a scan of the topic.
     */
    public List<MessageExt> queryMessageByTime(String topic, long begin, long end, int maxNum) {
        List<MessageExt> found = new ArrayList<>();
        TopicRouteData route = examineTopicRouteInfo(topic);
        for (QueueData queues : route.queueDatas()) {
            String master = masterOf(route, queues.brokerName());
            for (int i = 0; i < queues.readQueueNums() && found.size() < maxNum; i++) {
                MessageQueue queue = new MessageQueue(topic, queues.brokerName(), i);
                long from = brokerApi.searchOffset(master, queue, begin, timeout);
                for (MessageExt message : lookup.pull(master, queues.brokerName(), topic, i, from,
                        maxNum - found.size())) {
                    if (message.getStoreTimestamp() >= begin && message.getStoreTimestamp() <= end) {
                        found.add(message);
                    }
                }
            }
        }
        return found;
    }

    /** Resends each of the stored messages (offset message ids) to the group, as {@link #resendToGroup}; stops at the first failure. */
    public void resendToGroup(String group, List<String> offsetMsgIds) {
        for (String id : offsetMsgIds) {
            resendToGroup(group, id);
        }
    }

    /**
     * Delivers one stored message again to one group only: the broker that stored it puts a copy in the
     * group's retry topic, due a second later, and the group's members consume it as a retry.
     */
    public void resendToGroup(String group, String offsetMsgId) {
        lookup.sendBack(group, offsetMsgId, lookup.byOffsetId(offsetMsgId));
    }

    private List<String> allMasters() {
        return examineBrokerClusterInfo().brokerAddrTable().values().stream().map(BrokerData::masterAddr)
                .filter(a -> a != null).sorted().toList();
    }

    private List<String> masters(String clusterName) {
        return brokers(clusterName).stream().map(BrokerData::masterAddr).filter(a -> a != null).sorted().toList();
    }

    private List<BrokerData> brokers(String clusterName) {
        ClusterInfo info = examineBrokerClusterInfo();
        Set<String> names = info.clusterAddrTable().get(clusterName);
        if (names == null || names.isEmpty()) {
            throw new ClientException("cluster " + clusterName + " is not known to the name servers; known: "
                    + info.clusterAddrTable().keySet());
        }
        return names.stream().map(n -> info.brokerAddrTable().get(n)).filter(b -> b != null).toList();
    }

    private static String masterOf(TopicRouteData route, String brokerName) {
        return OffsetResets.masterOf(route, brokerName);
    }

    @Override
    public void close() {
        transport.shutdown();
    }
}
