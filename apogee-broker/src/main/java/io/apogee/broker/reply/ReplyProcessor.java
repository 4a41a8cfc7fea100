package io.apogee.broker.reply;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.ReplyMessageRequestHeader;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.protocol.header.SendMessageResponseHeader;
import io.apogee.protocol.message.HostAddress;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * SEND_REPLY_MESSAGE and SEND_REPLY_MESSAGE_V2: a responder's reply to a request sent with the official
 * producer's {@code request(...)}. The reply goes at once to the requesting client, named by the request's
 * {@code REPLY_TO_CLIENT} client id, as PUSH_REPLY_MESSAGE_TO_CLIENT on that client's producer connection;
 * the requester matches it to its waiting call by {@code CORRELATION_ID}.
 *
 * <p>As RocketMQ 5.3.3 with {@code storeReplyMessageEnable} (the default), the reply is also stored in the
 * reply topic like any send, and the responder gets the store's answer whether or not the push arrived (a
 * failed push is logged, rate-limited). Without storing, the responder gets SUCCESS once the requester took
 * the push, or SYSTEM_ERROR saying why it could not.
 *
 * <p>Thread safety: stateless apart from the thread-safe registry; pushes complete on I/O threads.
 */
public final class ReplyProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyProcessor.class);
    static final long PUSH_TIMEOUT_MILLIS = 3_000;
    private static final String PUSH_REPLY_TIME = "PUSH_REPLY_TIME";

    private final RequestProcessor sends;
    private final ClientRegistry<Connection> clients;
    private final String storeHost;
    private final boolean storeReplies;
    private final LongSupplier clock;
    private final RateLimitedLog failedPushes = new RateLimitedLog(LOG, 10_000);

    /** @param sends stores a reply as a send to the reply topic, when {@code storeReplies} */
    public ReplyProcessor(RequestProcessor sends, ClientRegistry<Connection> clients, HostAddress storeHost,
                          boolean storeReplies, LongSupplier clock) {
        this.sends = sends;
        this.clients = clients;
        this.storeHost = hostPort(storeHost.toSocketAddress());
        this.storeReplies = storeReplies;
        this.clock = clock;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) throws Exception {
        SendMessageRequestHeader header = SendMessageRequestHeader.decode(request);
        CompletableFuture<String> pushed = push(context, header, request.body());
        if (storeReplies) {
            pushed.thenAccept(failure -> {
                if (failure != null) {
                    failedPushes.warn("reply on topic {} not pushed to its requester: {}",
                            LogText.escape(header.topic()), failure);
                }
            });
            return sends.process(context, request);
        }
        pushed.thenAccept(failure -> context.respond(failure == null
                ? new SendMessageResponseHeader("0", header.queueId(), 0, null, null, null, null, true)
                        .applyTo(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null))
                : RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, failure)));
        return null;
    }

    /** Pushes the reply to its requester; completes with null once it took it, else with the reason. */
    private CompletableFuture<String> push(RequestContext context, SendMessageRequestHeader header, byte[] body) {
        Map<String, String> properties = MessageProperties.decode(header.properties());
        String requester = properties.get(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT);
        if (requester == null) {
            return CompletableFuture.completedFuture("the reply names no requester (no "
                    + MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT + " property)");
        }
        Connection target = clients.producerConnection(requester);
        if (target == null) {
            return CompletableFuture.completedFuture("the requester " + LogText.escape(requester)
                    + " is not connected to this broker");
        }
        long now = clock.getAsLong();
        properties.put(PUSH_REPLY_TIME, Long.toString(now));
        RemotingCommand push = new ReplyMessageRequestHeader(header.producerGroup(), header.topic(),
                header.defaultTopic(), header.defaultTopicQueueNums(), header.queueId(), header.sysFlag(),
                header.bornTimestamp(), header.flag(), MessageProperties.encode(properties), header.reconsumeTimes(),
                Boolean.TRUE.equals(header.unitMode()), hostPort(context.connection().channel().remoteAddress()),
                storeHost, now).applyTo(RemotingCommand.request(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT)).body(body);
        return target.invokeAsync(push, PUSH_TIMEOUT_MILLIS).handle((response, failure) -> failure != null
                ? "push to " + target.remoteAddress() + " failed: " + Connection.unwrap(failure).getMessage()
                : response.code() == ResponseCode.SUCCESS ? null
                : "the requester answered " + response.code() + " " + LogText.escape(response.remark()));
    }

    private static String hostPort(SocketAddress address) {
        return address instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : String.valueOf(address);
    }
}
