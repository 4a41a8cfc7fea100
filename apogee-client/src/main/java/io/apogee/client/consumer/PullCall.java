package io.apogee.client.consumer;

import io.apogee.client.ClientException;
import io.apogee.client.instance.ClientInstance;
import io.apogee.client.message.MessageDecoder;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.SubscriptionData;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.PullMessageRequestHeader;
import io.apogee.protocol.header.PullMessageResponseHeader;
import io.apogee.protocol.message.MessageConst;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Builds a pull for one queue, sends it to the queue's master and turns the answer into a
 * {@link PullResult}: decoded, decompressed, filtered by tag, each message stamped with the
 * queue's offset range.
 *
 * <p>Thread safety: stateless; the future completes on a transport thread.
 */
final class PullCall {

    /** How long a broker may hold a pull waiting for messages. */
    static final long BROKER_SUSPEND_MAX_MILLIS = 15_000;
    /** How long the client waits for a held pull's answer. */
    static final long TIMEOUT_WHEN_SUSPEND_MILLIS = 30_000;

    private PullCall() {
    }

    static CompletableFuture<PullResult> pull(ClientInstance instance, String group, MessageQueue queue,
                                              SubscriptionData subscription, long offset, int maxNums,
                                              long commitOffset, boolean suspend, long timeoutMillis) {
        String address = instance.routes().findMasterAddress(queue);
        if (address == null) {
            return CompletableFuture.failedFuture(new ClientException("the master of broker " + queue.brokerName()
                    + " is not known"));
        }
        int sysFlag = PullMessageRequestHeader.FLAG_SUBSCRIPTION
                | (commitOffset > 0 ? PullMessageRequestHeader.FLAG_COMMIT_OFFSET : 0)
                | (suspend ? PullMessageRequestHeader.FLAG_SUSPEND : 0);
        PullMessageRequestHeader header = new PullMessageRequestHeader(group, queue.topic(), queue.queueId(), offset,
                maxNums, sysFlag, commitOffset, suspend ? BROKER_SUSPEND_MAX_MILLIS : 0, subscription.subString(),
                subscription.subVersion(), subscription.expressionType(), null, null, null, queue.brokerName());
        return instance.messageApi().pull(address, header, timeoutMillis)
                .thenApply(response -> toResult(response, queue, subscription));
    }

    private static PullResult toResult(RemotingCommand response, MessageQueue queue, SubscriptionData subscription) {
        PullStatus status = switch (response.code()) {
            case ResponseCode.SUCCESS -> PullStatus.FOUND;
            case ResponseCode.PULL_NOT_FOUND -> PullStatus.NO_NEW_MSG;
            case ResponseCode.PULL_RETRY_IMMEDIATELY -> PullStatus.NO_MATCHED_MSG;
            case ResponseCode.PULL_OFFSET_MOVED -> PullStatus.OFFSET_ILLEGAL;
            default -> throw new ClientException(response.code(), "pull from " + queue + " failed: code "
                    + response.code() + ", " + response.remark());
        };
        PullMessageResponseHeader header = PullMessageResponseHeader.decode(response);
        List<MessageExt> messages = List.of();
        if (status == PullStatus.FOUND && response.body() != null) {
            List<MessageExt> all = MessageDecoder.decodeAll(response.body(), queue.brokerName());
            messages = new ArrayList<>(all.size());
            String minOffset = Long.toString(header.minOffset());
            String maxOffset = Long.toString(header.maxOffset());
            for (MessageExt m : all) {
                if (Subscriptions.matches(subscription, m)) {
                    m.putProperty(MessageConst.PROPERTY_MIN_OFFSET, minOffset);
                    m.putProperty(MessageConst.PROPERTY_MAX_OFFSET, maxOffset);
                    messages.add(m);
                }
            }
        }
        return new PullResult(status, header.nextBeginOffset(), header.minOffset(), header.maxOffset(), messages);
    }
}
