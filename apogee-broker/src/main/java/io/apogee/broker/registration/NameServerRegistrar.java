package io.apogee.broker.registration;

import io.apogee.broker.BrokerConfig;
import io.apogee.broker.topic.TopicTable;
import io.apogee.common.log.LogText;
import io.apogee.protocol.body.RegisterBrokerBody;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.RegisterBrokerRequestHeader;
import io.apogee.protocol.header.RegisterBrokerResponseHeader;
import io.apogee.protocol.header.UnregisterBrokerRequestHeader;
import io.apogee.protocol.message.MessageChecksum;
import io.apogee.remoting.RemotingException;
import io.apogee.remoting.client.RemotingClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

/**
 * Tells every configured name server which topics this broker hosts: at start, periodically, and
 * right after a topic change, so that the next route lookup finds a topic created a moment ago.
 *
 * <p>Thread safety: {@link #registerAll()} may be called from any thread (the periodic task and
 * send threads after an auto-creation); calls are serialized so registrations arrive in order.
 */
public final class NameServerRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(NameServerRegistrar.class);
    private static final long TIMEOUT_MILLIS = 3_000;

    private final BrokerConfig config;
    private final TopicTable topics;
    private final RemotingClient client;
    private final String brokerAddr;
    private final List<String> nameServers;
    /** Where slaves replicate from (host:haListenPort); the client address until the broker sets it. */
    private volatile String haServerAddr;
    /** The id this broker registers under: brokerId, or in controller mode 0 while master, else its own. */
    private volatile long brokerId;
    /** The group's master as the last registration answer named it (on a slave); null while unknown. */
    private volatile RegisterBrokerResponseHeader master;

    public NameServerRegistrar(BrokerConfig config, TopicTable topics, RemotingClient client, String brokerAddr) {
        this.config = config;
        this.topics = topics;
        this.client = client;
        this.brokerAddr = brokerAddr;
        this.haServerAddr = brokerAddr;
        this.brokerId = config.brokerId();
        this.nameServers = Arrays.stream(config.namesrvAddr().split(";")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Registers with every name server; a name server that is down is logged and retried next period. Nothing
     * while this broker has no id yet (controller mode, before the controller answered).
     */
    public synchronized void registerAll() {
        if (brokerId < 0) {
            return;
        }
        byte[] body = new RegisterBrokerBody(topics.snapshot(), null).encode();
        for (String nameServer : nameServers) {
            RemotingCommand request = new RegisterBrokerRequestHeader(config.brokerName(), brokerAddr,
                    config.brokerClusterName(), haServerAddr, brokerId, null, false, false,
                    MessageChecksum.crc32(body))
                    .applyTo(RemotingCommand.request(RequestCode.REGISTER_BROKER)).body(body);
            try {
                RemotingCommand response = client.invokeSync(nameServer, request, TIMEOUT_MILLIS);
                if (response.code() == ResponseCode.SUCCESS) {
                    RegisterBrokerResponseHeader answer = RegisterBrokerResponseHeader.decode(response);
                    boolean named = answer.masterAddr() != null && !answer.masterAddr().isBlank();
                    master = named ? answer : null;
                } else {
                    LOG.warn("name server {} refused the registration: {} {}", nameServer, response.code(),
                            LogText.escape(response.remark()));
                }
            } catch (RemotingException e) {
                LOG.warn("cannot register with name server {}: {}", nameServer, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Registers under {@code id} from the next registration on (controller mode switches it with the role). */
    public void brokerId(long id) {
        brokerId = id;
    }

    /** The id this broker registers under now. */
    public long brokerId() {
        return brokerId;
    }

    /** Sets the replication address announced from the next registration on; before the first one. */
    public void haServerAddr(String address) {
        haServerAddr = address;
    }

    /** The group master's replication address as a name server last reported it, or null (on a slave). */
    public String masterHaAddress() {
        RegisterBrokerResponseHeader m = master;
        return m == null ? null : m.haServerAddr();
    }

    /** The group master's client address as a name server last reported it, or null (on a slave). */
    public String masterAddress() {
        RegisterBrokerResponseHeader m = master;
        return m == null ? null : m.masterAddr();
    }

    /** Tells every name server this broker is leaving, so routes stop naming it at once. */
    public synchronized void unregisterAll() {
        for (String nameServer : nameServers) {
            RemotingCommand request = new UnregisterBrokerRequestHeader(config.brokerName(), brokerAddr,
                    config.brokerClusterName(), brokerId)
                    .applyTo(RemotingCommand.request(RequestCode.UNREGISTER_BROKER));
            try {
                client.invokeSync(nameServer, request, TIMEOUT_MILLIS);
            } catch (RemotingException e) {
                LOG.warn("cannot unregister from name server {}: {}", nameServer, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
