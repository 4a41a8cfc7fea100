package io.apogee.broker.client;

import io.apogee.protocol.body.ConsumerData;
import io.apogee.protocol.body.SubscriptionData;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is connected: the producer groups and consumer groups of every client connection, with each
 * consumer group's subscriptions, as heartbeats report them. Consumers of a group learn from it who
 * their fellow members are (rebalancing); pulls are filtered by the subscriptions kept here.
 *
 * <p>Methods that change a consumer group's membership return the groups whose membership changed,
 * so the caller can tell their members (NOTIFY_CONSUMER_IDS_CHANGED).
 *
 * <p>Thread safety: heartbeats, unregistrations, closed connections and the expiry scan arrive on
 * different threads; every method that changes the registry synchronizes on it. Heartbeats come
 * every 30 s per client, so contention is negligible. {@link #subscription} is asked on every pull
 * and reads concurrent maps without the lock.
 *
 * @param <C> the connection type (the broker uses remoting connections; tests use plain objects)
 */
public final class ClientRegistry<C> {

    private final Map<String, Map<C, Member>> consumers = new HashMap<>();
    private final Map<String, Map<String, SubscriptionData>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Map<C, Member>> producers = new HashMap<>();
    /** How each consumer group consumes, as its latest heartbeat said. */
    private final Map<String, ConsumerData> consumeModes = new HashMap<>();

    private record Member(ClientInfo client, long lastHeartbeatMillis) {
        String clientId() {
            return client.clientId();
        }
    }

    /** A consumer group as admin tools see it: its members, its subscriptions and how it consumes. */
    public record ConsumerGroupView(List<ClientInfo> members, Map<String, SubscriptionData> subscriptions,
                                    ConsumerData latest) {
    }

    /** Producer connections over all groups (a connection in two groups counts twice), for metrics. */
    public synchronized int producerConnectionCount() {
        int count = 0;
        for (Map<C, Member> group : producers.values()) {
            count += group.size();
        }
        return count;
    }

    /** Consumer connections over all groups (a connection in two groups counts twice), for metrics. */
    public synchronized int consumerConnectionCount() {
        int count = 0;
        for (Map<C, Member> group : consumers.values()) {
            count += group.size();
        }
        return count;
    }

    /** Records a consumer heartbeat; true when the group gained this connection. */
    public synchronized boolean registerConsumer(C connection, ClientInfo client, ConsumerData data, long nowMillis) {
        Member previous = consumers.computeIfAbsent(data.groupName(), g -> new HashMap<>())
                .put(connection, new Member(client, nowMillis));
        consumeModes.put(data.groupName(), data);
        Map<String, SubscriptionData> byTopic = subscriptions.computeIfAbsent(data.groupName(), g -> new ConcurrentHashMap<>());
        if (data.subscriptionDataSet() != null) {
            for (SubscriptionData subscription : data.subscriptionDataSet()) {
                SubscriptionData old = byTopic.get(subscription.topic());
                if (old == null || old.subVersion() <= subscription.subVersion()) {
                    byTopic.put(subscription.topic(), subscription);
                }
            }
        }
        return previous == null;
    }

    /** Records a producer heartbeat. */
    public synchronized void registerProducer(C connection, ClientInfo client, String group, long nowMillis) {
        producers.computeIfAbsent(group, g -> new HashMap<>()).put(connection, new Member(client, nowMillis));
    }

    /** Removes a client from one consumer group; true when it was a member. */
    public synchronized boolean unregisterConsumer(String group, String clientId) {
        Map<C, Member> members = consumers.get(group);
        boolean removed = members != null && members.values().removeIf(m -> m.clientId().equals(clientId));
        dropIfEmpty(group);
        return removed;
    }

    /** Removes a client from one producer group. */
    public synchronized void unregisterProducer(String group, String clientId) {
        Map<C, Member> members = producers.get(group);
        if (members != null) {
            members.values().removeIf(m -> m.clientId().equals(clientId));
            if (members.isEmpty()) {
                producers.remove(group);
            }
        }
    }

    /**
     * Forgets connections that closed ({@code closed}, may be null) or sent no heartbeat for
     * {@code expiryMillis}; returns the consumer groups whose membership changed.
     */
    public synchronized Set<String> removeConnections(C closed, long nowMillis, long expiryMillis) {
        Set<String> changed = new TreeSet<>();
        for (Map.Entry<String, Map<C, Member>> group : consumers.entrySet()) {
            if (group.getValue().entrySet().removeIf(e -> gone(e.getKey(), e.getValue(), closed, nowMillis, expiryMillis))) {
                changed.add(group.getKey());
            }
        }
        changed.forEach(this::dropIfEmpty);
        for (Map<C, Member> members : producers.values()) {
            members.entrySet().removeIf(e -> gone(e.getKey(), e.getValue(), closed, nowMillis, expiryMillis));
        }
        producers.values().removeIf(Map::isEmpty);
        return changed;
    }

    /** The client ids of a consumer group, sorted; empty when the group has no member. */
    public synchronized List<String> consumerIds(String group) {
        Map<C, Member> members = consumers.get(group);
        if (members == null) {
            return List.of();
        }
        Set<String> ids = new TreeSet<>();
        members.values().forEach(m -> ids.add(m.clientId()));
        return new ArrayList<>(ids);
    }

    /** The connections of a consumer group's members. */
    public synchronized Set<C> consumerConnections(String group) {
        Map<C, Member> members = consumers.get(group);
        return members == null ? Set.of() : new HashSet<>(members.keySet());
    }

    /** The connection of client {@code clientId} in a consumer group, or null when it is not a member. */
    public synchronized C consumerConnection(String group, String clientId) {
        Map<C, Member> members = consumers.get(group);
        if (members != null) {
            for (Map.Entry<C, Member> member : members.entrySet()) {
                if (member.getValue().clientId().equals(clientId)) {
                    return member.getKey();
                }
            }
        }
        return null;
    }

    /** The connections of a producer group's members. */
    public synchronized Set<C> producerConnections(String group) {
        Map<C, Member> members = producers.get(group);
        return members == null ? Set.of() : new HashSet<>(members.keySet());
    }

    /** How many of {@code groups} {@code connection} is not a consumer member of yet. */
    public synchronized int newConsumerGroups(C connection, Iterable<String> groups) {
        int fresh = 0;
        for (String group : groups) {
            Map<C, Member> members = consumers.get(group);
            if (members == null || !members.containsKey(connection)) {
                fresh++;
            }
        }
        return fresh;
    }

    /** How many consumer groups {@code connection} is a member of. */
    public synchronized int consumerGroupCountOf(C connection) {
        int count = 0;
        for (Map<C, Member> members : consumers.values()) {
            if (members.containsKey(connection)) {
                count++;
            }
        }
        return count;
    }

    /** The connection of the producer with client id {@code clientId}, in any group, or null. */
    public synchronized C producerConnection(String clientId) {
        for (Map<C, Member> members : producers.values()) {
            for (Map.Entry<C, Member> member : members.entrySet()) {
                if (member.getValue().clientId().equals(clientId)) {
                    return member.getKey();
                }
            }
        }
        return null;
    }

    /** A consumer group with its members, or null when it has none. */
    public synchronized ConsumerGroupView consumerGroup(String group) {
        Map<C, Member> members = consumers.get(group);
        if (members == null) {
            return null;
        }
        Map<String, SubscriptionData> byTopic = subscriptions.get(group);
        return new ConsumerGroupView(clients(members), byTopic == null ? Map.of() : new HashMap<>(byTopic),
                consumeModes.get(group));
    }

    /** The clients of a producer group; empty when it has none. */
    public synchronized List<ClientInfo> producers(String group) {
        Map<C, Member> members = producers.get(group);
        return members == null ? List.of() : clients(members);
    }

    /** The consumer groups with members that subscribe to {@code topic}. */
    public synchronized Set<String> consumerGroupsOf(String topic) {
        Set<String> groups = new TreeSet<>();
        for (String group : consumers.keySet()) {
            Map<String, SubscriptionData> byTopic = subscriptions.get(group);
            if (byTopic != null && byTopic.containsKey(topic)) {
                groups.add(group);
            }
        }
        return groups;
    }

    private static List<ClientInfo> clients(Map<?, Member> members) {
        List<ClientInfo> clients = new ArrayList<>(members.size());
        members.values().forEach(m -> clients.add(m.client()));
        return clients;
    }

    /** A consumer group's subscription to a topic, or {@code null}. */
    public SubscriptionData subscription(String group, String topic) {
        Map<String, SubscriptionData> byTopic = subscriptions.get(group);
        return byTopic == null ? null : byTopic.get(topic);
    }

    private boolean gone(C connection, Member member, C closed, long nowMillis, long expiryMillis) {
        return connection.equals(closed) || nowMillis - member.lastHeartbeatMillis() > expiryMillis;
    }

    private void dropIfEmpty(String group) {
        Map<C, Member> members = consumers.get(group);
        if (members != null && members.isEmpty()) {
            consumers.remove(group);
            subscriptions.remove(group);
            consumeModes.remove(group);
        }
    }
}
