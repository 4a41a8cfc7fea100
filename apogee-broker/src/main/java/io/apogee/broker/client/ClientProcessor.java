package io.apogee.broker.client;

import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.body.ConsumerData;
import io.apogee.protocol.body.ConsumerIdList;
import io.apogee.protocol.body.HeartbeatData;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.ProducerData;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.GetConsumerListByGroupRequestHeader;
import io.apogee.protocol.header.UnregisterClientRequestHeader;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * HEART_BEAT, UNREGISTER_CLIENT and GET_CONSUMER_LIST_BY_GROUP: keeps the {@link ClientRegistry}
 * current, finds (or creates on first use) each consumer group's subscription group, with its retry
 * topic, so the group's consumers find its route, and has a group's members told when the group
 * changes. A consumer group unknown while auto-creation is off is not registered, and the heartbeat
 * is answered SUBSCRIPTION_GROUP_NOT_EXIST once the rest of it is recorded.
 *
 * <p>Thread safety: stateless apart from the thread-safe registry, subscription groups and notifier.
 */
public final class ClientProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ClientProcessor.class);
    /** Bad input from clients: one line per interval, however many there are. */
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, 10_000);

    private final ClientRegistry<Connection> registry;
    private final SubscriptionGroups groups;
    private final ConsumerNotifier notifier;
    private final LongSupplier clock;
    private final int maxGroupsPerHeartbeat;
    private final int maxGroupsPerClient;

    /**
     * @param maxGroupsPerHeartbeat a heartbeat naming more consumer groups is refused whole
     * @param maxGroupsPerClient    a heartbeat that would make its connection a member of more consumer groups,
     *                              over all its heartbeats, is refused whole
     */
    public ClientProcessor(ClientRegistry<Connection> registry, SubscriptionGroups groups, ConsumerNotifier notifier,
                           LongSupplier clock, int maxGroupsPerHeartbeat, int maxGroupsPerClient) {
        this.registry = registry;
        this.groups = groups;
        this.notifier = notifier;
        this.clock = clock;
        this.maxGroupsPerHeartbeat = maxGroupsPerHeartbeat;
        this.maxGroupsPerClient = maxGroupsPerClient;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.HEART_BEAT -> heartbeat(context.connection(), request);
            case RequestCode.UNREGISTER_CLIENT -> unregister(request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a client request");
        };
    }

    private RemotingCommand heartbeat(Connection connection, RemotingCommand request) {
        HeartbeatData heartbeat = JsonBody.decode(request.body(), HeartbeatData.class);
        int groupCount = heartbeat.consumerDataSet() == null ? 0 : heartbeat.consumerDataSet().size();
        if (groupCount > maxGroupsPerHeartbeat) {
            BAD_INPUT.warn("heartbeat of {} names {} consumer groups, more than {}; refused", LogText.escape(
                    heartbeat.clientID()), groupCount, maxGroupsPerHeartbeat);
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "the heartbeat names "
                    + groupCount + " consumer groups, more than maxConsumerGroupsPerHeartbeat (" + maxGroupsPerHeartbeat
                    + ")");
        }
        if (groupCount > 0) {
            List<String> named = heartbeat.consumerDataSet().stream().map(ConsumerData::groupName).toList();
            int fresh = registry.newConsumerGroups(connection, named);
            int member = fresh == 0 ? 0 : registry.consumerGroupCountOf(connection);
            if (fresh > 0 && member + fresh > maxGroupsPerClient) {
                BAD_INPUT.warn("heartbeat of {} would make it a member of {} consumer groups, more than {}; refused",
                        LogText.escape(heartbeat.clientID()), member + fresh, maxGroupsPerClient);
                return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "the client would belong to "
                        + (member + fresh) + " consumer groups, more than maxConsumerGroupsPerClient ("
                        + maxGroupsPerClient + "); unregister groups it no longer uses");
            }
        }
        long now = clock.getAsLong();
        ClientInfo client = new ClientInfo(heartbeat.clientID(), request.language(), request.version(),
                connection.remoteAddress());
        String unknownGroup = null;
        if (heartbeat.consumerDataSet() != null) {
            for (ConsumerData consumer : heartbeat.consumerDataSet()) {
                SubscriptionGroupConfig group = groups.find(consumer.groupName());
                if (group == null) {
                    unknownGroup = consumer.groupName();
                    continue;
                }
                groups.heartbeat(group, consumer.messageModel());
                if (registry.registerConsumer(connection, client, consumer, now)) {
                    notifier.groupChanged(consumer.groupName());
                }
            }
        }
        if (heartbeat.producerDataSet() != null) {
            for (ProducerData producer : heartbeat.producerDataSet()) {
                registry.registerProducer(connection, client, producer.groupName(), now);
            }
        }
        if (unknownGroup != null) {
            String illegal = TopicTable.illegalNameReason(unknownGroup);
            String why = illegal != null
                    ? "the consumer group name is illegal: " + illegal.replace("topic", "group")
                    : "subscription group [" + unknownGroup + "] does not exist, and autoCreateSubscriptionGroup is off";
            BAD_INPUT.warn("heartbeat of {} names consumer group {}, which is refused: {}",
                    LogText.escape(heartbeat.clientID()), LogText.escape(unknownGroup), LogText.escape(why));
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, why);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand unregister(RemotingCommand request) {
        UnregisterClientRequestHeader header = UnregisterClientRequestHeader.decode(request);
        if (header.producerGroup() != null) {
            registry.unregisterProducer(header.producerGroup(), header.clientID());
        }
        if (header.consumerGroup() != null && registry.unregisterConsumer(header.consumerGroup(), header.clientID())) {
            notifier.groupChanged(header.consumerGroup());
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand consumerList(RemotingCommand request) {
        String group = GetConsumerListByGroupRequestHeader.decode(request).consumerGroup();
        List<String> ids = registry.consumerIds(group);
        if (ids.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + group);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(JsonBody.encode(new ConsumerIdList(ids)));
    }
}
