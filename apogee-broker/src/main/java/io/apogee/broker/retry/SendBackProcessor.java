package io.apogee.broker.retry;

import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.broker.schedule.DeliveryRouter;
import io.apogee.broker.schedule.StoredCopy;
import io.apogee.broker.send.SendProcessor;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.apogee.protocol.message.InnerBatch;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.OffsetMessageId;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.AppendRequest;
import io.apogee.store.AppendStatus;
import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CONSUMER_SEND_MSG_BACK: a consumer could not consume a message, so the broker stores a copy for
 * the group to consume again later. The copy goes to {@code %RETRY%<group>} after the delay of the
 * next level (level 3 + reconsume count when the consumer left the level to the broker), through
 * the schedule topic; once the message was reconsumed {@code maxReconsumeTimes} times (the
 * consumer's value, else the group's {@code retryMaxTimes}), or when the consumer asks with a
 * negative level, it goes to {@code %DLQ%<group>} instead, created on first need.
 *
 * <p>The copy keeps the original's properties (so its UNIQ_KEY, the id the official client shows,
 * stays the same) and adds what the official client reads: RETRY_TOPIC, the topic it was first
 * sent to (the consumer puts it back as the message's topic), ORIGIN_MESSAGE_ID, the offset id of
 * the first stored copy, and a reconsume count one higher.
 *
 * <p>Thread safety: called concurrently by the send executor; each thread uses its own append request.
 */
public final class SendBackProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(SendBackProcessor.class);
    /** A consumer that fails everything dead-letters every message: one line per interval, not one per message. */
    private static final RateLimitedLog DEAD_LETTERS = new RateLimitedLog(LOG, 10_000);
    /** Bad input from clients: one line per interval, however many there are. */
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, 10_000);
    /** The level a consumer leaves to the broker starts here, plus the reconsume count, as in RocketMQ. */
    private static final int FIRST_BROKER_CHOSEN_LEVEL = 3;
    /** Where a dead-lettered message's first topic and id are kept, as RocketMQ 5 names them. */
    private static final String PROPERTY_DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
    private static final String PROPERTY_DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";

    private final MessageStore store;
    private final SubscriptionGroups groups;
    private final DeliveryRouter router;
    private final ThreadLocal<AppendRequest> appendRequests = ThreadLocal.withInitial(AppendRequest::new);

    public SendBackProcessor(MessageStore store, SubscriptionGroups groups, DeliveryRouter router) {
        this.store = store;
        this.groups = groups;
        this.router = router;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        ConsumerSendMsgBackRequestHeader h = ConsumerSendMsgBackRequestHeader.decode(request);
        SubscriptionGroupConfig group = groups.find(h.group());
        if (group == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group not exist, " + h.group());
        }
        if (!group.consumeEnable()) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "subscription group no permission, " + h.group());
        }
        if (group.retryQueueNums() <= 0) {
            // The group asked for no retries: the message is dropped, as RocketMQ does.
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        }
        ByteBuffer stored = store.getMessageByOffset(h.offset());
        if (stored == null) {
            BAD_INPUT.warn("send-back of group {} names commit-log offset {}, which holds no message", LogText.escape(h.group()),
                    h.offset());
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "look message by offset failed, " + h.offset());
        }
        StoredMessage message = StoredMessageCodec.decode(stored.duplicate());
        if (InnerBatch.isInnerBatch(message.sysFlag())) {
            // One message of a batch stored whole failed: retry that one, found by the client id it was given.
            StoredMessage member = InnerBatch.member(message, h.originMsgId());
            if (member == null) {
                BAD_INPUT.warn("send-back of group {} names message {} of the inner batch at commit-log offset {},"
                        + " which has no such message", LogText.escape(h.group()), LogText.escape(h.originMsgId()),
                        h.offset());
                return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "the batch at offset "
                        + h.offset() + " holds no message " + h.originMsgId());
            }
            message = member;
        }
        Map<String, String> properties = message.propertyMap();
        properties.putIfAbsent(MessageConst.PROPERTY_RETRY_TOPIC, message.topic());
        properties.put(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, "false");
        String originId = properties.get(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID);
        if (originId == null || originId.isBlank()) {
            originId = OffsetMessageId.encode(message.storeHost(), message.physicalOffset());
            properties.put(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID, originId);
        }
        int maxReconsumeTimes = h.maxReconsumeTimes() != null ? h.maxReconsumeTimes() : group.retryMaxTimes();

        String topic;
        int queueId;
        if (message.reconsumeTimes() >= maxReconsumeTimes || h.delayLevel() < 0) {
            TopicConfig dlq = groups.ensureDeadLetterTopic(h.group());
            if ((dlq.perm() & QueueData.PERM_WRITE) == 0) {
                return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                        "the topic[" + dlq.topicName() + "] sending message is forbidden");
            }
            properties.remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
            properties.put(PROPERTY_DLQ_ORIGIN_TOPIC, properties.get(MessageConst.PROPERTY_RETRY_TOPIC));
            properties.put(PROPERTY_DLQ_ORIGIN_MESSAGE_ID, originId);
            topic = dlq.topicName();
            queueId = ThreadLocalRandom.current().nextInt(dlq.writeQueueNums());
            DEAD_LETTERS.info("message {} of group {} reconsumed {} times goes to {}", LogText.escape(originId),
                    LogText.escape(h.group()), message.reconsumeTimes(), LogText.escape(topic));
        } else {
            TopicConfig retry = groups.ensureRetryTopic(group);
            int level = h.delayLevel() == 0 ? FIRST_BROKER_CHOSEN_LEVEL + message.reconsumeTimes() : h.delayLevel();
            int retryQueue = ThreadLocalRandom.current().nextInt(retry.writeQueueNums());
            topic = router.scheduleTopicFor(properties, retry.topicName(), retryQueue, level);
            queueId = router.scheduleQueueFor(level);
        }

        AppendRequest append = StoredCopy.fill(appendRequests.get(), message, topic, queueId, properties,
                message.reconsumeTimes() + 1);
        CompletableFuture<AppendStatus> result = store.appendAsync(append);
        if (result.isDone()) {
            return answer(request, result.join(), null);
        }
        // A SYNC_FLUSH wait: answered on the connection's event loop, not on the flusher thread that completes it.
        result.whenCompleteAsync((status, failure) -> context.respond(answer(request, status, failure)),
                context.connection().channel().eventLoop());
        return null;
    }

    private static RemotingCommand answer(RemotingCommand request, AppendStatus status, Throwable failure) {
        if (failure == null && isStored(status)) {
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        }
        if (failure == null && status == AppendStatus.FLUSH_BACKLOG_FULL) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY, SendProcessor.FLUSH_BACKLOG_FULL_REMARK);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                "storing the message for retry failed: " + (failure != null ? failure.getMessage() : status));
    }

    private static boolean isStored(AppendStatus status) {
        return status == AppendStatus.PUT_OK || status == AppendStatus.FLUSH_DISK_TIMEOUT;
    }
}
