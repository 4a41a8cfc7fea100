package io.apogee.broker.admin;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.broker.topic.TopicTable;
import io.apogee.common.log.LogText;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.ConsumeMessageDirectlyResultRequestHeader;
import io.apogee.protocol.header.GetConsumerRunningInfoRequestHeader;
import io.apogee.protocol.message.OffsetMessageId;
import io.apogee.remoting.RemotingTimeoutException;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.MessageStore;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Admin requests that only a consumer client can answer, passed on over the connection that client keeps
 * with the broker (admin tools cannot reach clients themselves), with the client's answer passed back:
 * GET_CONSUMER_RUNNING_INFO ({@code consumerStatus}) and CONSUME_MESSAGE_DIRECTLY ({@code consumeMessage},
 * {@code resendMsgById}), to which the broker adds its name and the stored message. The admin thread does
 * not wait for the client: the answer goes back when the client's arrives or the wait times out.
 *
 * <p>Thread safety: stateless apart from thread-safe tables; requests on the admin thread, answers on the
 * client connection's I/O thread or the timeout timer.
 */
final class ClientRelayProcessor implements RequestProcessor {

    /** How long a client has to answer, as RocketMQ's broker waits. */
    static final long CLIENT_TIMEOUT_MILLIS = 10_000;
    private static final int[] CODES = {RequestCode.GET_CONSUMER_RUNNING_INFO, RequestCode.CONSUME_MESSAGE_DIRECTLY};

    private final ClientRegistry<Connection> clients;
    private final MessageStore store;
    private final TopicTable topics;
    private final SubscriptionGroups groups;
    private final String brokerName;

    ClientRelayProcessor(ClientRegistry<Connection> clients, MessageStore store, TopicTable topics,
                         SubscriptionGroups groups, String brokerName) {
        this.clients = clients;
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.brokerName = brokerName;
    }

    static int[] codes() {
        return CODES.clone();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_CONSUMER_RUNNING_INFO -> {
                GetConsumerRunningInfoRequestHeader h = GetConsumerRunningInfoRequestHeader.decode(request);
                yield relay(context, request, h.consumerGroup(), h.clientId(), Map.of(), request.body());
            }
            case RequestCode.CONSUME_MESSAGE_DIRECTLY -> consumeDirectly(context, request);
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a request for a client");
        };
    }

    /** Adds the broker's name, the topic's and group's system flags and the stored message, then relays. */
    private RemotingCommand consumeDirectly(RequestContext context, RemotingCommand request) {
        ConsumeMessageDirectlyResultRequestHeader h = ConsumeMessageDirectlyResultRequestHeader.decode(request);
        ByteBuffer stored = store.getMessageByOffset(OffsetMessageId.decode(h.msgId()).commitLogOffset());
        if (stored == null) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                    "no message with id " + h.msgId() + " on this broker");
        }
        Map<String, String> extra = new HashMap<>();
        extra.put("brokerName", brokerName);
        TopicConfig topic = h.topic() == null ? null : topics.get(h.topic());
        if (topic != null) {
            extra.put("topicSysFlag", Integer.toString(topic.topicSysFlag()));
        }
        SubscriptionGroupConfig group = groups.find(h.consumerGroup());
        if (group != null) {
            extra.put("groupSysFlag", Integer.toString(group.groupSysFlag()));
        }
        byte[] body = new byte[stored.remaining()];
        stored.get(body);
        return relay(context, request, h.consumerGroup(), h.clientId(), extra, body);
    }

    /**
     * Sends {@code request}'s header fields ({@code extraFields} added) and {@code body} as a new request of
     * the same code to client {@code clientId} of {@code group}, and answers {@code context} with its
     * response. Returns an immediate answer when the client is not connected, else null.
     */
    private RemotingCommand relay(RequestContext context, RemotingCommand request, String group, String clientId,
                                  Map<String, String> extraFields, byte[] body) {
        Connection connection = clientId == null ? null : clients.consumerConnection(group, clientId);
        if (connection == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "The Consumer <" + group + "> <" + clientId + "> not online");
        }
        RemotingCommand toClient = RemotingCommand.request(request.code());
        Map<String, String> fields = new HashMap<>(request.extFields() == null ? Map.of() : request.extFields());
        fields.putAll(extraFields);
        fields.forEach(toClient::putExtField);
        toClient.body(body);
        connection.invokeAsync(toClient, CLIENT_TIMEOUT_MILLIS).whenComplete((answer, failure) ->
                context.respond(failure == null ? copy(request, answer) : failed(request, group, clientId, failure)));
        return null;
    }

    private static RemotingCommand copy(RemotingCommand request, RemotingCommand answer) {
        RemotingCommand response = RemotingCommand.responseTo(request, answer.code(), answer.remark()).body(answer.body());
        if (answer.extFields() != null) {
            answer.extFields().forEach(response::putExtField);
        }
        return response;
    }

    private static RemotingCommand failed(RemotingCommand request, String group, String clientId, Throwable failure) {
        Throwable cause = Connection.unwrap(failure);
        boolean timeout = cause instanceof RemotingTimeoutException;
        return RemotingCommand.responseTo(request, timeout ? ResponseCode.CONSUME_MSG_TIMEOUT : ResponseCode.SYSTEM_ERROR,
                "consumer <" + LogText.escape(group) + "> <" + LogText.escape(clientId) + "> "
                        + (timeout ? "Timeout: " : "Exception: ") + cause.getMessage());
    }
}
