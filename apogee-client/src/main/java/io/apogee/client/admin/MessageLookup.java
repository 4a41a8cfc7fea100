package io.apogee.client.admin;

import io.apogee.client.ClientException;
import io.apogee.client.message.MessageDecoder;
import io.apogee.client.message.MessageExt;
import io.apogee.client.remote.MessageApi;
import io.apogee.protocol.body.SubscriptionData;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.apogee.protocol.header.PullMessageRequestHeader;
import io.apogee.protocol.header.QueryMessageRequestHeader;
import io.apogee.protocol.message.OffsetMessageId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admin client's message reads: by offset id, by key or unique key through a broker's index, by
 * queue offset through a pull, and the send-back that hands one message to one group again.
 *
 * <p>Thread safety: stateless apart from the shared transport; any thread except an I/O thread.
 */
final class MessageLookup {

    /** The group pulls for {@code message print} are made under, as RocketMQ's tools use. */
    static final String TOOLS_GROUP = "TOOLS_CONSUMER";
    /** Delay level of a resent message: one second, the shortest the brokers know. */
    static final int RESEND_DELAY_LEVEL = 1;

    private final MessageApi messages;
    private final long timeout;

    MessageLookup(MessageApi messages, long timeout) {
        this.messages = messages;
        this.timeout = timeout;
    }

    /** The broker address an offset message id points at (its store host). */
    static String storeAddress(OffsetMessageId id) {
        return id.storeHost().toSocketAddress().getAddress().getHostAddress() + ":" + id.storeHost().port();
    }

    /** The message an offset message id names, read from the broker that stored it. */
    MessageExt byOffsetId(String offsetMsgId) {
        OffsetMessageId id = decode(offsetMsgId);
        RemotingCommand response = messages.viewById(storeAddress(id), id.commitLogOffset(), timeout);
        if (response.code() != ResponseCode.SUCCESS || response.body() == null) {
            throw new ClientException(response.code(), "message " + offsetMsgId + " not found: " + response.remark());
        }
        List<MessageExt> found = MessageDecoder.decodeAll(response.body(), null);
        if (found.isEmpty()) {
            throw new ClientException("message " + offsetMsgId + " not found");
        }
        return found.get(0);
    }

    static OffsetMessageId decode(String offsetMsgId) {
        try {
            return OffsetMessageId.decode(offsetMsgId);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + offsetMsgId + "' is not an offset message id: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Messages of one broker whose KEYS hold {@code key} (or, with {@code unique}, whose unique id is
     * {@code key}); the index answers by hash, so other keys that share it are dropped here.
     */
    List<MessageExt> byKey(String brokerAddr, String brokerName, String topic, String key, boolean unique,
                           int maxNum, long begin, long end) {
        RemotingCommand response = messages.query(brokerAddr, new QueryMessageRequestHeader(topic, key, maxNum, begin,
                end, unique, brokerName), timeout);
        if (response.code() == ResponseCode.QUERY_NOT_FOUND || response.body() == null) {
            return List.of();
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw new ClientException(response.code(), "query by key " + key + " on " + brokerAddr + " failed: "
                    + response.remark());
        }
        List<MessageExt> matching = new ArrayList<>();
        for (MessageExt m : MessageDecoder.decodeAll(response.body(), brokerName)) {
            boolean hit = unique ? key.equals(m.getMsgId())
                    : m.getKeys() != null && Arrays.asList(m.getKeys().split(" ")).contains(key);
            if (hit && topic.equals(m.getTopic())) {
                matching.add(m);
            }
        }
        return matching;
    }

    /** Up to {@code maxNums} messages of one queue from {@code offset}; empty past the end. */
    List<MessageExt> pull(String brokerAddr, String brokerName, String topic, int queueId, long offset, int maxNums) {
        PullMessageRequestHeader header = new PullMessageRequestHeader(TOOLS_GROUP, topic, queueId, offset, maxNums,
                PullMessageRequestHeader.FLAG_SUBSCRIPTION, 0, 0, SubscriptionData.SUB_ALL, 0,
                SubscriptionData.EXPRESSION_TAG, null, null, null, brokerName);
        RemotingCommand response;
        try {
            response = messages.pull(brokerAddr, header, timeout).get(timeout * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while pulling " + topic + " queue " + queueId, e);
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof ClientException c ? c
                    : new ClientException("pull of " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new ClientException("pull of " + topic + " queue " + queueId + " timed out", e);
        }
        return switch (response.code()) {
            case ResponseCode.SUCCESS -> response.body() == null ? List.of()
                    : MessageDecoder.decodeAll(response.body(), brokerName);
            case ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY, ResponseCode.PULL_OFFSET_MOVED ->
                    List.of();
            default -> throw new ClientException(response.code(), "pull of " + topic + " queue " + queueId
                    + " failed: " + response.remark());
        };
    }

    /** Asks the broker that stored the message to deliver it again, to {@code group} only, through its retry topic. */
    void sendBack(String group, String offsetMsgId, MessageExt message) {
        OffsetMessageId id = decode(offsetMsgId);
        messages.sendBack(storeAddress(id), new ConsumerSendMsgBackRequestHeader(id.commitLogOffset(), group,
                RESEND_DELAY_LEVEL, message.getMsgId(), message.getTopic(), false, null, null), timeout);
    }
}
