package io.apogee.client.remote;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.apogee.protocol.header.EndTransactionRequestHeader;
import io.apogee.protocol.header.PullMessageRequestHeader;
import io.apogee.remoting.client.RemotingClient;

import java.util.concurrent.CompletableFuture;

/**
 * The message-carrying calls: sends, pulls, send-backs and transaction ends. Callers build the
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
}
