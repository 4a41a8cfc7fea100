package io.apogee.broker.client;

import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.body.ConsumerData;
import io.apogee.protocol.body.ConsumerIdList;
import io.apogee.protocol.body.HeartbeatData;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.ProducerData;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.GetConsumerListByGroupRequestHeader;
import io.apogee.protocol.header.UnregisterClientRequestHeader;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * HEART_BEAT, UNREGISTER_CLIENT and GET_CONSUMER_LIST_BY_GROUP: keeps the {@link ClientRegistry}
 * current, creates a consumer group's retry topic on its first heartbeat (so the group's
 * consumers find its route), and has a group's members told when the group changes.
 *
 * <p>Thread safety: stateless apart from the thread-safe registry, topic table and notifier.
 */
public final class ClientProcessor implements RequestProcessor {

    /** Prefix of the topic a consumer group's failed messages are retried from. */
    public static final String RETRY_GROUP_TOPIC_PREFIX = "%RETRY%";

    private final ClientRegistry<Connection> registry;
    private final TopicTable topics;
    private final ConsumerNotifier notifier;
    private final Runnable topicsChanged;
    private final LongSupplier clock;

    public ClientProcessor(ClientRegistry<Connection> registry, TopicTable topics, ConsumerNotifier notifier,
                           Runnable topicsChanged, LongSupplier clock) {
        this.registry = registry;
        this.topics = topics;
        this.notifier = notifier;
        this.topicsChanged = topicsChanged;
        this.clock = clock;
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
        long now = clock.getAsLong();
        if (heartbeat.consumerDataSet() != null) {
            for (ConsumerData consumer : heartbeat.consumerDataSet()) {
                ensureRetryTopic(consumer.groupName());
                if (registry.registerConsumer(connection, heartbeat.clientID(), consumer, now)) {
                    notifier.groupChanged(consumer.groupName());
                }
            }
        }
        if (heartbeat.producerDataSet() != null) {
            for (ProducerData producer : heartbeat.producerDataSet()) {
                registry.registerProducer(connection, heartbeat.clientID(), producer.groupName(), now);
            }
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private void ensureRetryTopic(String group) {
        String retryTopic = RETRY_GROUP_TOPIC_PREFIX + group;
        if (topics.get(retryTopic) == null) {
            topics.put(TopicConfig.of(retryTopic, 1, 1, QueueData.PERM_READ | QueueData.PERM_WRITE));
            topicsChanged.run();
        }
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
