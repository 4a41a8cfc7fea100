package io.apogee.client.remote;

import io.apogee.protocol.body.ConsumerIdList;
import io.apogee.protocol.body.HeartbeatData;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.LockBatchRequestBody;
import io.apogee.protocol.body.LockBatchResponseBody;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.GetConsumerListByGroupRequestHeader;
import io.apogee.protocol.header.GetMaxOffsetRequestHeader;
import io.apogee.protocol.header.GetMinOffsetRequestHeader;
import io.apogee.protocol.header.OffsetResponseHeader;
import io.apogee.protocol.header.QueryConsumerOffsetRequestHeader;
import io.apogee.protocol.header.SearchOffsetRequestHeader;
import io.apogee.protocol.header.UnregisterClientRequestHeader;
import io.apogee.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.apogee.remoting.client.RemotingClient;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The bookkeeping calls a client makes to brokers: heartbeats, unregistration, group membership and
 * offsets. Messages themselves go through {@link MessageApi}.
 *
 * <p>Thread safety: stateless apart from the shared transport; any thread (blocking calls not from
 * an I/O thread).
 */
public final class BrokerApi {

    /** What {@link #queryConsumerOffset} answers when the broker holds no offset for the queue. */
    public static final long NO_OFFSET = -1;

    private final RemotingClient transport;

    public BrokerApi(RemotingClient transport) {
        this.transport = transport;
    }

    public void heartbeat(String brokerAddr, HeartbeatData data, long timeoutMillis) {
        RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT).body(data.encode());
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "heartbeat to " + brokerAddr);
    }

    /** A heartbeat that completes with the broker's answer (failing with a ClientException); never blocks. */
    public CompletableFuture<Void> heartbeatAsync(String brokerAddr, HeartbeatData data, long timeoutMillis) {
        RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT).body(data.encode());
        return RemoteCall.async(transport, brokerAddr, request, timeoutMillis)
                .thenAccept(response -> RemoteCall.expectSuccess(response, "heartbeat to " + brokerAddr));
    }

    public void unregisterClient(String brokerAddr, String clientId, String producerGroup, String consumerGroup,
                                 long timeoutMillis) {
        RemotingCommand request = new UnregisterClientRequestHeader(clientId, producerGroup, consumerGroup)
                .applyTo(RemotingCommand.request(RequestCode.UNREGISTER_CLIENT));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "unregister from " + brokerAddr);
    }

    /** The client ids of a consumer group's members known to that broker. */
    public List<String> consumerIds(String brokerAddr, String group, long timeoutMillis) {
        RemotingCommand request = new GetConsumerListByGroupRequestHeader(group)
                .applyTo(RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP));
        RemotingCommand response = RemoteCall.sync(transport, brokerAddr, request, timeoutMillis);
        if (response.code() == ResponseCode.SYSTEM_ERROR && response.body() == null) {
            return List.of();
        }
        RemoteCall.expectSuccess(response, "consumer list of " + group);
        return response.body() == null ? List.of()
                : JsonBody.decode(response.body(), ConsumerIdList.class).consumerIdList();
    }

    /** The group's committed offset of a queue, or {@link #NO_OFFSET}. */
    public long queryConsumerOffset(String brokerAddr, String group, MessageQueue queue, long timeoutMillis) {
        RemotingCommand request = new QueryConsumerOffsetRequestHeader(group, queue.topic(), queue.queueId(), null,
                queue.brokerName()).applyTo(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET));
        RemotingCommand response = RemoteCall.sync(transport, brokerAddr, request, timeoutMillis);
        if (response.code() == ResponseCode.QUERY_NOT_FOUND) {
            return NO_OFFSET;
        }
        RemoteCall.expectSuccess(response, "offset query for " + queue);
        return OffsetResponseHeader.decode(response).offset();
    }

    /** Commits an offset, oneway as RocketMQ's clients do it. */
    public void updateConsumerOffsetOneway(String brokerAddr, String group, MessageQueue queue, long offset,
                                           long timeoutMillis) {
        RemotingCommand request = new UpdateConsumerOffsetRequestHeader(group, queue.topic(), queue.queueId(), offset,
                queue.brokerName()).applyTo(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET));
        RemoteCall.oneway(transport, brokerAddr, request, timeoutMillis);
    }

    /** Commits an offset and waits for the broker to confirm it. */
    public void updateConsumerOffset(String brokerAddr, String group, MessageQueue queue, long offset,
                                     long timeoutMillis) {
        RemotingCommand request = new UpdateConsumerOffsetRequestHeader(group, queue.topic(), queue.queueId(), offset,
                queue.brokerName()).applyTo(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET));
        RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis),
                "offset commit for " + queue);
    }

    public long maxOffset(String brokerAddr, MessageQueue queue, long timeoutMillis) {
        RemotingCommand request = new GetMaxOffsetRequestHeader(queue.topic(), queue.queueId(), true,
                queue.brokerName()).applyTo(RemotingCommand.request(RequestCode.GET_MAX_OFFSET));
        return offsetOf(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis), "max offset of " + queue);
    }

    public long minOffset(String brokerAddr, MessageQueue queue, long timeoutMillis) {
        RemotingCommand request = new GetMinOffsetRequestHeader(queue.topic(), queue.queueId(), queue.brokerName())
                .applyTo(RemotingCommand.request(RequestCode.GET_MIN_OFFSET));
        return offsetOf(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis), "min offset of " + queue);
    }

    /** The first offset of a queue whose message was stored at or after {@code timestamp}. */
    public long searchOffset(String brokerAddr, MessageQueue queue, long timestamp, long timeoutMillis) {
        RemotingCommand request = new SearchOffsetRequestHeader(queue.topic(), queue.queueId(), timestamp, null,
                queue.brokerName()).applyTo(RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP));
        return offsetOf(RemoteCall.sync(transport, brokerAddr, request, timeoutMillis), "offset search in " + queue);
    }

    /** Locks queues of one broker for this client (orderly consumption); answers the queues granted. */
    public Set<MessageQueue> lockBatch(String brokerAddr, String group, String clientId, Set<MessageQueue> queues,
                                       long timeoutMillis) {
        RemotingCommand request = RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                .body(JsonBody.encode(new LockBatchRequestBody(group, clientId, false, queues)));
        RemotingCommand response = RemoteCall.expectSuccess(RemoteCall.sync(transport, brokerAddr, request,
                timeoutMillis), "locking queues on " + brokerAddr);
        return JsonBody.decode(response.body(), LockBatchResponseBody.class).lockOKMQSet();
    }

    /** Releases queue locks, oneway. */
    public void unlockBatch(String brokerAddr, String group, String clientId, Set<MessageQueue> queues,
                            long timeoutMillis) {
        RemotingCommand request = RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ)
                .body(JsonBody.encode(new LockBatchRequestBody(group, clientId, false, queues)));
        RemoteCall.oneway(transport, brokerAddr, request, timeoutMillis);
    }

    private static long offsetOf(RemotingCommand response, String what) {
        return OffsetResponseHeader.decode(RemoteCall.expectSuccess(response, what)).offset();
    }
}
