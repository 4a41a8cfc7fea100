package io.apogee.client.instance;

import io.apogee.client.route.TopicPublishInfo;
import io.apogee.protocol.command.RemotingCommand;

import java.util.Set;

/**
 * What a client instance needs from a producer registered with it: its group for heartbeats, the
 * topics whose routes it keeps fresh, and where to deliver a broker's transaction check.
 *
 * <p>Thread safety: implementations are called from the instance's scheduler and transport
 * threads concurrently with application sends, so they must be thread-safe.
 */
public interface ProducerMember {

    String group();

    /** Topics this producer has sent to (and the auto-create key), whose routes the instance refreshes. */
    Set<String> publishTopics();

    /** Installs a fresh route for a topic this producer uses. */
    void updateTopicPublishInfo(String topic, TopicPublishInfo info);

    /** A broker asks about a half message of this producer's group; the default ignores it. */
    default void checkTransactionState(String brokerAddr, RemotingCommand request) {
    }
}
