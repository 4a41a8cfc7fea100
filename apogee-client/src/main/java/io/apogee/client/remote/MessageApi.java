package io.apogee.client.remote;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.apogee.protocol.header.EndTransactionRequestHeader;
import io.apogee.protocol.header.PullMessageRequestHeader;
import io.apogee.protocol.header.QueryMessageRequestHeader;
import io.apogee.protocol.header.ViewMessageRequestHeader;
import io.apogee.remoting.client.RemotingClient;

import java.util.concurrent.CompletableFuture;

/**
 * The message-carrying calls: sends, pulls, send-backs, transaction ends and look-ups by id or key. Callers build the
 * request (so a retry can reuse it with a fresh opaque) and interpret the response codes.
 *
 * <p>Thread safety: stateless apart from the shared transport; any thread.
 */
public final class MessageApi {

    private final RemotingClient transport;

    public MessageApi(RemotingClient transport) {
        this.transport = transport;
    }

    public RemotingCommand sendSync(String brokerAddr, RemotingCommand request, long timeoutMillis) {
        return RemoteCall.sync(transport, brokerAddr, request, timeoutMillis);
    }

    /** Completes with the broker's response, or fails with a {@code ClientException}; never blocks. */
    public CompletableFuture<RemotingCommand> sendAsync(String brokerAddr, RemotingCommand request, long timeoutMillis) {
        return RemoteCall.async(transport, brokerAddr, request, timeoutMillis);
    }

    public void sendOneway(String brokerAddr, RemotingCommand request, long timeoutMillis) {
        RemoteCall.oneway(transport, brokerAddr, request, timeoutMillis);
    }

    /** A pull, completing on a transport thread with the broker's answer. */
    public CompletableFuture<RemotingCommand> pull(String brokerAddr, PullMessageRequestHeader header,
                                                   long timeoutMillis) {
        RemotingCommand request = header.applyTo(RemotingCommand.request(RequestCode.PULL_MESSAGE));
        return RemoteCall.async(transport, brokerAddr, request, timeoutMillis);
    }

    /** Asks the broker to redeliver a message later through the group's retry topic. */
    public void sendBack(String brokerAddr, ConsumerSendMsgBackRequestHeader header, long timeoutMillis) {
        RemotingCommand request = header.applyTo(RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "send back to " + brokerAddr);
    }

    /** Commits or rolls back a half message, oneway as RocketMQ's producers do it. */
    public void endTransaction(String brokerAddr, EndTransactionRequestHeader header, String remark,
                               long timeoutMillis) {
        RemotingCommand request = header.applyTo(RemotingCommand.request(RequestCode.END_TRANSACTION)).remark(remark);
        RemoteCall.oneway(transport, brokerAddr, request, timeoutMillis);
    }

    /** Reads the message stored at a commit-log offset; the caller interprets the answer. */
    public RemotingCommand viewById(String brokerAddr, long commitLogOffset, long timeoutMillis) {
        RemotingCommand request = new ViewMessageRequestHeader(null, commitLogOffset, null)
                .applyTo(RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID));
        return RemoteCall.sync(transport, brokerAddr, request, timeoutMillis);
    }

    /** Looks messages up in the broker's index by key or unique key; the caller interprets the answer. */
    public RemotingCommand query(String brokerAddr, QueryMessageRequestHeader header, long timeoutMillis) {
        return RemoteCall.sync(transport, brokerAddr, header.applyTo(RemotingCommand.request(RequestCode.QUERY_MESSAGE)),
                timeoutMillis);
    }
}
