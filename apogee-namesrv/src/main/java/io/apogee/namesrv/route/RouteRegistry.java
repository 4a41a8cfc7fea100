package io.apogee.namesrv.route;

import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.ClusterInfo;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.body.TopicRouteData;
import io.apogee.protocol.body.DataVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * The name server's picture of the cluster: which brokers are alive, where they listen, and which
 * topics each broker name hosts with how many queues.
 *
 * <p>Registrations merge: a broker that registers only its changed topics (as 5.x brokers do after
 * creating a topic) keeps the topics it registered before. Topics leave a broker's route only when
 * the broker name disappears (unregistered, expired, or its connection closed) or when an admin
 * deletes the topic.
 *
 * <p>Thread safety: clients read routes far more often than brokers write them, and every request
 * touches several tables at once, so one read-write lock guards all tables; every method may be
 * called from any thread and returns copies, never live tables.
 */
public final class RouteRegistry {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** broker name → its cluster and addresses by broker id. */
    private final Map<String, BrokerData> brokers = new HashMap<>();
    /** cluster name → broker names. */
    private final Map<String, Set<String>> clusters = new HashMap<>();
    /** topic → broker name → queues. */
    private final Map<String, Map<String, QueueData>> topics = new HashMap<>();
    /** broker address → liveness. */
    private final Map<String, LiveBroker> live = new HashMap<>();

    /** Records a registration at {@code nowMillis}; returns the master's addresses for a slave. */
    public RegistrationResult register(BrokerRegistration registration, long nowMillis) {
        lock.writeLock().lock();
        try {
            clusters.computeIfAbsent(registration.clusterName(), k -> new TreeSet<>()).add(registration.brokerName());
            BrokerData broker = brokers.computeIfAbsent(registration.brokerName(), name -> new BrokerData(
                    registration.clusterName(), name, new HashMap<>(), registration.enableActingMaster(), null));
            // An address that changes its role (a slave promoted to master) keeps one id only.
            broker.brokerAddrs().values().removeIf(addr -> addr.equals(registration.brokerAddr()));
            broker.brokerAddrs().put(registration.brokerId(), registration.brokerAddr());

            LiveBroker previous = live.get(registration.brokerAddr());
            boolean changed = previous == null
                    || !Objects.equals(previous.dataVersion(), registration.dataVersion());
            if (registration.brokerId() == BrokerData.MASTER_ID && changed && registration.topics() != null) {
                for (TopicConfig topic : registration.topics().values()) {
                    topics.computeIfAbsent(topic.topicName(), k -> new HashMap<>()).put(registration.brokerName(),
                            new QueueData(registration.brokerName(), topic.readQueueNums(),
                                    topic.writeQueueNums(), topic.perm(), topic.topicSysFlag()));
                }
            }
            live.put(registration.brokerAddr(), new LiveBroker(registration.clusterName(),
                    registration.brokerName(), registration.brokerId(), registration.haServerAddr(),
                    registration.dataVersion(), nowMillis, registration.channel()));

            if (registration.brokerId() == BrokerData.MASTER_ID) {
                return new RegistrationResult(null, null);
            }
            String masterAddr = broker.masterAddr();
            LiveBroker master = masterAddr == null ? null : live.get(masterAddr);
            return master == null ? new RegistrationResult(null, null)
                    : new RegistrationResult(masterAddr, master.haServerAddr());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Forgets one broker address; the broker name goes when its last address does. */
    public void unregister(String clusterName, String brokerAddr, String brokerName, long brokerId) {
        lock.writeLock().lock();
        try {
            live.remove(brokerAddr);
            BrokerData broker = brokers.get(brokerName);
            if (broker != null) {
                broker.brokerAddrs().remove(brokerId, brokerAddr);
                if (broker.brokerAddrs().isEmpty()) {
                    removeBrokerName(clusterName, brokerName);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Forgets every broker whose last registration is older than {@code expiryMillis} and every
     * broker that registered over {@code closedChannel} (pass null to match none). Returns the
     * addresses removed.
     */
    public List<String> removeBrokers(long nowMillis, long expiryMillis, Object closedChannel) {
        List<LiveBroker> gone = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        lock.readLock().lock();
        try {
            live.forEach((addr, broker) -> {
                boolean expired = nowMillis - broker.lastUpdateMillis() > expiryMillis;
                boolean closed = closedChannel != null && closedChannel == broker.channel();
                if (expired || closed) {
                    gone.add(broker);
                    addresses.add(addr);
                }
            });
        } finally {
            lock.readLock().unlock();
        }
        for (int i = 0; i < gone.size(); i++) {
            LiveBroker broker = gone.get(i);
            unregister(broker.clusterName(), addresses.get(i), broker.brokerName(), broker.brokerId());
        }
        return addresses;
    }

    /** The route of a topic, or {@code null} when no live broker hosts it. */
    public TopicRouteData route(String topic, String orderTopicConf) {
        lock.readLock().lock();
        try {
            Map<String, QueueData> queues = topics.get(topic);
            if (queues == null || queues.isEmpty()) {
                return null;
            }
            List<QueueData> queueDatas = new ArrayList<>(new TreeMap<>(queues).values());
            List<BrokerData> brokerDatas = new ArrayList<>();
            for (String brokerName : new TreeSet<>(queues.keySet())) {
                BrokerData broker = brokers.get(brokerName);
                if (broker != null) {
                    brokerDatas.add(copy(broker));
                }
            }
            return new TopicRouteData(orderTopicConf, queueDatas, brokerDatas, new HashMap<>(), null);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every broker name with its addresses, and the broker names of every cluster. */
    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, BrokerData> brokerTable = new HashMap<>();
            brokers.forEach((name, broker) -> brokerTable.put(name, copy(broker)));
            Map<String, Set<String>> clusterTable = new HashMap<>();
            clusters.forEach((name, names) -> clusterTable.put(name, new TreeSet<>(names)));
            return new ClusterInfo(brokerTable, clusterTable);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every topic some broker hosts. */
    public Set<String> topics() {
        return topicsMatching(queues -> true);
    }

    /** The topics hosted by at least one broker of {@code clusterName}. */
    public Set<String> topicsOfCluster(String clusterName) {
        lock.readLock().lock();
        try {
            Set<String> names = clusters.getOrDefault(clusterName, Set.of());
            return topicsMatching(queues -> queues.keySet().stream().anyMatch(names::contains));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The topics whose queues on some broker carry all of {@code sysFlagBits}. */
    public Set<String> topicsWithSysFlag(int sysFlagBits) {
        return topicsMatching(queues -> queues.values().stream()
                .anyMatch(q -> (q.topicSysFlag() & sysFlagBits) == sysFlagBits));
    }

    /** Cluster and broker names, which brokers also serve as topics for admin tools. */
    public Set<String> systemTopics() {
        lock.readLock().lock();
        try {
            Set<String> names = new TreeSet<>(clusters.keySet());
            clusters.values().forEach(names::addAll);
            return names;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes a topic everywhere, or only from the brokers of {@code clusterName} when it is set. */
    public void deleteTopic(String topic, String clusterName) {
        lock.writeLock().lock();
        try {
            Map<String, QueueData> queues = topics.get(topic);
            if (queues == null) {
                return;
            }
            if (clusterName == null || clusterName.isEmpty()) {
                topics.remove(topic);
                return;
            }
            queues.keySet().removeAll(clusters.getOrDefault(clusterName, Set.of()));
            if (queues.isEmpty()) {
                topics.remove(topic);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Sets or clears the write permission of every queue a broker name hosts; returns how many
     * topics were changed. Used to drain a broker before maintenance.
     */
    public int setWritable(String brokerName, boolean writable) {
        lock.writeLock().lock();
        try {
            int changed = 0;
            for (Map<String, QueueData> queues : topics.values()) {
                QueueData q = queues.get(brokerName);
                if (q != null) {
                    int perm = writable ? q.perm() | QueueData.PERM_WRITE : q.perm() & ~QueueData.PERM_WRITE;
                    queues.put(brokerName, new QueueData(brokerName, q.readQueueNums(), q.writeQueueNums(), perm,
                            q.topicSysFlag()));
                    changed++;
                }
            }
            return changed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The data version a broker address last registered with, or {@code null} if it is unknown. */
    public DataVersion dataVersion(String brokerAddr) {
        lock.readLock().lock();
        try {
            LiveBroker broker = live.get(brokerAddr);
            return broker == null ? null : broker.dataVersion();
        } finally {
            lock.readLock().unlock();
        }
    }

    private Set<String> topicsMatching(Predicate<Map<String, QueueData>> filter) {
        lock.readLock().lock();
        try {
            Set<String> names = new TreeSet<>();
            topics.forEach((topic, queues) -> {
                if (!queues.isEmpty() && filter.test(queues)) {
                    names.add(topic);
                }
            });
            return names;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void removeBrokerName(String clusterName, String brokerName) {
        brokers.remove(brokerName);
        Set<String> names = clusters.get(clusterName);
        if (names != null) {
            names.remove(brokerName);
            if (names.isEmpty()) {
                clusters.remove(clusterName);
            }
        }
        topics.values().forEach(queues -> queues.remove(brokerName));
        topics.values().removeIf(Map::isEmpty);
    }

    private static BrokerData copy(BrokerData broker) {
        return new BrokerData(broker.cluster(), broker.brokerName(), new HashMap<>(broker.brokerAddrs()),
                broker.enableActingMaster(), broker.zoneName());
    }
}
