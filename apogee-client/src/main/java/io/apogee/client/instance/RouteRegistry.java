package io.apogee.client.instance;

import io.apogee.client.ClientException;
import io.apogee.client.remote.NameServerApi;
import io.apogee.client.route.TopicPublishInfo;
import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.SubscriptionData;
import io.apogee.protocol.body.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes a client instance has fetched, by topic. Fetching a route records its brokers in the
 * {@link BrokerDirectory} (a broker seen for the first time is heartbeated at once, so it knows
 * this client's groups before its first request) and hands the producers that send to the topic their writable queues and
 * the consumers that subscribe to it their readable ones.
 *
 * <p>Thread safety: fetches are serialized on this object; lookups are lock-free.
 */
public final class RouteRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RouteRegistry.class);

    private final NameServerApi nameServer;
    private final BrokerDirectory brokers;
    private final Map<String, ProducerMember> producers;
    private final Map<String, ConsumerMember> consumers;
    private final long timeoutMillis;
    private final ConcurrentHashMap<String, TopicRouteData> routes = new ConcurrentHashMap<>();
    private final Runnable onNewBroker;

    /** @param onNewBroker runs when a route names a broker address not known before (heartbeat it) */
    RouteRegistry(NameServerApi nameServer, BrokerDirectory brokers, Map<String, ProducerMember> producers,
                  Map<String, ConsumerMember> consumers, long timeoutMillis, Runnable onNewBroker) {
        this.onNewBroker = onNewBroker;
        this.nameServer = nameServer;
        this.brokers = brokers;
        this.producers = producers;
        this.consumers = consumers;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The master address of a queue's broker, fetching the topic's route once when the broker is not
     * known yet; null when it is still unknown.
     */
    public String findMasterAddress(MessageQueue queue) {
        String address = brokers.masterAddress(queue.brokerName());
        if (address == null) {
            update(queue.topic());
            address = brokers.masterAddress(queue.brokerName());
        }
        return address;
    }

    /** As {@link #findMasterAddress}, but an unknown master is an error. */
    public String requireMasterAddress(MessageQueue queue) {
        String address = findMasterAddress(queue);
        if (address == null) {
            throw new ClientException("the master of broker " + queue.brokerName() + " is not known");
        }
        return address;
    }

    /** Fetches a topic's route and installs it; false when the name servers do not know the topic. */
    public synchronized boolean update(String topic) {
        TopicRouteData route = nameServer.topicRoute(topic, timeoutMillis);
        if (route == null) {
            return false;
        }
        install(topic, route);
        return true;
    }

    /**
     * Installs for {@code topic} the route of {@code defaultTopic} (the auto-create key) with at most
     * {@code queueNums} queues per broker, so a first send can make the broker create the topic.
     */
    public synchronized boolean updateFromDefault(String topic, String defaultTopic, int queueNums) {
        TopicRouteData route = nameServer.topicRoute(defaultTopic, timeoutMillis);
        if (route == null) {
            return false;
        }
        List<QueueData> capped = new ArrayList<>();
        for (QueueData q : route.queueDatas()) {
            int n = Math.min(queueNums, q.readQueueNums());
            capped.add(new QueueData(q.brokerName(), n, n, q.perm(), q.topicSysFlag()));
        }
        install(topic, new TopicRouteData(null, capped, route.brokerDatas(), null, null));
        return true;
    }

    /** Refetches the route of every topic a producer or consumer uses. */
    public void refreshAll() {
        Set<String> topics = new TreeSet<>();
        producers.values().forEach(p -> topics.addAll(p.publishTopics()));
        consumers.values().forEach(c -> c.subscriptions().forEach(s -> topics.add(s.topic())));
        for (String topic : topics) {
            try {
                update(topic);
            } catch (RuntimeException e) {
                LOG.warn("route refresh of topic {} failed: {}", topic, e.toString());
            }
        }
    }

    /** Forgets broker addresses that no route names any more. */
    public synchronized void cleanOfflineBrokers() {
        List<BrokerData> all = new ArrayList<>();
        routes.values().forEach(r -> all.addAll(r.brokerDatas()));
        brokers.retainOnly(all);
    }

    /** The last fetched route of a topic, or {@code null}. */
    public TopicRouteData route(String topic) {
        return routes.get(topic);
    }

    /** The readable queues of a topic's last fetched route; empty when there is none. */
    public Set<MessageQueue> readableQueues(String topic) {
        TopicRouteData route = routes.get(topic);
        return route == null ? Set.of() : readableQueues(topic, route);
    }

    private void install(String topic, TopicRouteData route) {
        routes.put(topic, route);
        Set<String> known = brokers.allAddresses();
        brokers.update(route.brokerDatas());
        if (!known.containsAll(brokers.allAddresses())) {
            onNewBroker.run();
        }
        TopicPublishInfo info = TopicPublishInfo.of(topic, route);
        for (ProducerMember producer : producers.values()) {
            if (producer.publishTopics().contains(topic)) {
                producer.updateTopicPublishInfo(topic, info);
            }
        }
        Set<MessageQueue> readable = readableQueues(topic, route);
        for (ConsumerMember consumer : consumers.values()) {
            for (SubscriptionData subscription : consumer.subscriptions()) {
                if (subscription.topic().equals(topic)) {
                    consumer.updateTopicSubscribeInfo(topic, readable);
                }
            }
        }
    }

    private static Set<MessageQueue> readableQueues(String topic, TopicRouteData route) {
        Set<MessageQueue> queues = new HashSet<>();
        for (QueueData q : route.queueDatas()) {
            if (q.isReadable()) {
                for (int i = 0; i < q.readQueueNums(); i++) {
                    queues.add(new MessageQueue(topic, q.brokerName(), i));
                }
            }
        }
        return queues;
    }
}
