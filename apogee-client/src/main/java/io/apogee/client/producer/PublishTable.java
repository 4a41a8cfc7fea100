package io.apogee.client.producer;

import io.apogee.client.instance.ProducerMember;
import io.apogee.client.route.TopicPublishInfo;
import io.apogee.protocol.command.RemotingCommand;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A producer's registration with its client instance: its group and the topics it publishes to,
 * each with the queues of its latest route. Seeded with the auto-create key (TBW102).
 *
 * <p>Thread safety: a concurrent map; routes are installed by the instance's threads while
 * application threads read them.
 */
final class PublishTable implements ProducerMember {

    private final String group;
    private final ConcurrentHashMap<String, TopicPublishInfo> topics = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, RemotingCommand> transactionChecker;

    PublishTable(String group) {
        this.group = group;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public Set<String> publishTopics() {
        return Set.copyOf(topics.keySet());
    }

    @Override
    public void updateTopicPublishInfo(String topic, TopicPublishInfo info) {
        topics.put(topic, info);
    }

    @Override
    public void checkTransactionState(String brokerAddr, RemotingCommand request) {
        BiConsumer<String, RemotingCommand> checker = transactionChecker;
        if (checker != null) {
            checker.accept(brokerAddr, request);
        }
    }

    void onTransactionCheck(BiConsumer<String, RemotingCommand> checker) {
        this.transactionChecker = checker;
    }

    /** The entry of a topic, or {@code null}. */
    TopicPublishInfo get(String topic) {
        return topics.get(topic);
    }

    /** Adds a topic with no route yet, unless present. */
    void addIfAbsent(String topic) {
        topics.putIfAbsent(topic, TopicPublishInfo.empty(topic));
    }

    void clear() {
        topics.clear();
    }
}
