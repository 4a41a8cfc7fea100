package io.apogee.controller.requests;

import io.apogee.controller.ControllerCodes;
import io.apogee.controller.state.BrokerGroup;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.HeaderFields;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Tells every member of a broker group that its master changed, right after the election is applied
 * (RocketMQ's {@code NOTIFY_BROKER_ROLE_CHANGED}, on while {@code notifyBrokerRoleChanged} is true), so the new
 * master starts serving without waiting for its next look at the controller. Only a hint: a broker that misses
 * it (down, unreachable) learns the same from its next metadata sync, so sends are oneway and failures are only
 * logged at debug level.
 *
 * <p>Thread safety: {@link #masterChanged} from any thread; the sends run on one thread of its own, each member
 * connected to in parallel so that a dead member's address does not delay the others.
 */
public final class RoleNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoleNotifier.class);
    private static final long SEND_TIMEOUT_MILLIS = 1_000;

    private final RemotingClient client = new RemotingClient(new ClientConfig().connectTimeoutMillis(1_000));
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "controller-role-notifier");
        thread.setDaemon(true);
        return thread;
    });

    public RoleNotifier() {
        client.start();
    }

    /** Notifies every member of {@code group} (as just applied) of its master; nothing while it has none. */
    public void masterChanged(BrokerGroup group) {
        if (group == null || group.masterBrokerId() == null) {
            return;
        }
        for (Map.Entry<Long, String> member : group.members().entrySet()) {
            String address = member.getValue();
            client.connectAsync(address).thenAcceptAsync(connection -> {
                try {
                    connection.invokeOneway(request(group), SEND_TIMEOUT_MILLIS);
                } catch (Exception e) {
                    LOG.debug("cannot tell {} of {} its new master: {}", address, group.brokerName(), e.toString());
                }
            }, sender).exceptionally(failure -> {
                LOG.debug("cannot reach {} of {} to tell its new master: {}", address, group.brokerName(),
                        failure.toString());
                return null;
            });
        }
    }

    /** The notice, in the header fields of RocketMQ's {@code NotifyBrokerRoleChangedRequestHeader}. */
    static RemotingCommand request(BrokerGroup group) {
        RemotingCommand request = RemotingCommand.request(ControllerCodes.NOTIFY_BROKER_ROLE_CHANGED);
        Map<String, String> fields = HeaderFields.writable(request);
        HeaderFields.put(fields, "masterAddress", group.masterAddress());
        HeaderFields.put(fields, "masterEpoch", group.masterEpoch());
        HeaderFields.put(fields, "syncStateSetEpoch", group.syncStateSetEpoch());
        HeaderFields.put(fields, "masterBrokerId", group.masterBrokerId());
        return request.body(ControllerBodies.syncStateSet(group));
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown();
    }
}
