package io.apogee.broker.client;

import io.apogee.common.log.LogText;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import io.apogee.remoting.RemotingException;
import io.apogee.remoting.connection.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every member of a consumer group that the group's membership changed, with a oneway
 * NOTIFY_CONSUMER_IDS_CHANGED over each member's own connection, so they rebalance at once instead
 * of at their next periodic rebalance.
 *
 * <p>Thread safety: safe from any thread; sending is non-blocking apart from the oneway permit.
 */
public final class ConsumerNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerNotifier.class);
    private static final long TIMEOUT_MILLIS = 3_000;

    private final ClientRegistry<Connection> registry;

    public ConsumerNotifier(ClientRegistry<Connection> registry) {
        this.registry = registry;
    }

    /** Notifies the current members of {@code group}. */
    public void groupChanged(String group) {
        for (Connection member : registry.consumerConnections(group)) {
            RemotingCommand notify = new NotifyConsumerIdsChangedRequestHeader(group)
                    .applyTo(RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)).markOneway();
            try {
                member.invokeOneway(notify, TIMEOUT_MILLIS);
            } catch (RemotingException e) {
                LOG.debug("cannot notify {} of a change in group {}: {}", member, LogText.escape(group), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
