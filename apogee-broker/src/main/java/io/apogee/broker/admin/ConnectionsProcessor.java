package io.apogee.broker.admin;

import io.apogee.broker.client.ClientInfo;
import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.protocol.body.ClientConnection;
import io.apogee.protocol.body.ConsumerConnection;
import io.apogee.protocol.body.ConsumerData;
import io.apogee.protocol.body.GroupList;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.ProducerConnection;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.GetConsumerConnectionListRequestHeader;
import io.apogee.protocol.header.GetProducerConnectionListRequestHeader;
import io.apogee.protocol.header.QueryTopicConsumeByWhoRequestHeader;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What admin tools ask about clients: who is connected in a consumer group (with its subscriptions and
 * how it consumes) or a producer group, and which consumer groups consume a topic.
 *
 * <p>Thread safety: stateless apart from the thread-safe registry and offsets; on the admin thread.
 */
final class ConnectionsProcessor implements RequestProcessor {

    private static final int[] CODES = {
        RequestCode.GET_CONSUMER_CONNECTION_LIST, RequestCode.GET_PRODUCER_CONNECTION_LIST,
        RequestCode.QUERY_TOPIC_CONSUME_BY_WHO,
    };

    private final ClientRegistry<Connection> clients;
    private final ConsumerOffsetTable offsets;

    ConnectionsProcessor(ClientRegistry<Connection> clients, ConsumerOffsetTable offsets) {
        this.clients = clients;
        this.offsets = offsets;
    }

    static int[] codes() {
        return CODES.clone();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_CONSUMER_CONNECTION_LIST -> consumerConnections(request);
            case RequestCode.GET_PRODUCER_CONNECTION_LIST -> producerConnections(request);
            case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO -> consumersOfTopic(request);
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a connection request");
        };
    }

    private RemotingCommand consumerConnections(RemotingCommand request) {
        String group = GetConsumerConnectionListRequestHeader.decode(request).consumerGroup();
        ClientRegistry.ConsumerGroupView view = clients.consumerGroup(group);
        if (view == null) {
            return RemotingCommand.responseTo(request, ResponseCode.CONSUMER_NOT_ONLINE,
                    "the consumer group[" + group + "] not online");
        }
        ConsumerData latest = view.latest();
        ConsumerConnection body = new ConsumerConnection(connections(view.members()), view.subscriptions(),
                latest == null ? null : latest.consumeType(), latest == null ? null : latest.messageModel(),
                latest == null ? null : latest.consumeFromWhere());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(JsonBody.encode(body));
    }

    private RemotingCommand producerConnections(RemotingCommand request) {
        String group = GetProducerConnectionListRequestHeader.decode(request).producerGroup();
        List<ClientInfo> members = clients.producers(group);
        if (members.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "the producer group[" + group + "] not exist");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(JsonBody.encode(new ProducerConnection(connections(members))));
    }

    private static Set<ClientConnection> connections(List<ClientInfo> members) {
        Set<ClientConnection> connections = new HashSet<>();
        for (ClientInfo member : members) {
            connections.add(new ClientConnection(member.clientId(), member.address(), member.language(),
                    member.version()));
        }
        return connections;
    }

    /** The groups subscribed to the topic now, and the groups that ever committed an offset in it. */
    private RemotingCommand consumersOfTopic(RemotingCommand request) {
        String topic = QueryTopicConsumeByWhoRequestHeader.decode(request).topic();
        Set<String> groups = new HashSet<>(clients.consumerGroupsOf(topic));
        groups.addAll(offsets.groupsOf(topic));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(JsonBody.encode(new GroupList(groups)));
    }
}
