package io.apogee.broker.retry;

import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.store.AppendRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Retries that arrive as plain sends to {@code %RETRY%<group>}, as the official client sends them
 * when its CONSUMER_SEND_MSG_BACK failed and for orderly consumers that ran out of local retries:
 * once the send's reconsume count is past the group's limit (the header's maxReconsumeTimes, else
 * the group's retryMaxTimes) the message goes to {@code %DLQ%<group>} instead, without its delay.
 *
 * <p>Thread safety: stateless apart from the thread-safe {@link SubscriptionGroups}; called by the
 * send threads. Sends to other topics cost one prefix test.
 */
public final class RetrySendPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetrySendPolicy.class);
    /** A consumer that fails everything dead-letters every message: one line per interval, not one per message. */
    private static final RateLimitedLog DEAD_LETTERS = new RateLimitedLog(LOG, 10_000);

    private final SubscriptionGroups groups;

    public RetrySendPolicy(SubscriptionGroups groups) {
        this.groups = groups;
    }

    /**
     * Redirects {@code append} to the dead-letter topic when it is a retry past its limit.
     *
     * @return {@code null} when the message may be stored, else the refusal to answer with
     */
    public RemotingCommand apply(RemotingCommand request, SendMessageRequestHeader header, AppendRequest append) {
        if (append.batch || !append.topic.startsWith(SubscriptionGroups.RETRY_GROUP_TOPIC_PREFIX)) {
            return null;
        }
        String group = append.topic.substring(SubscriptionGroups.RETRY_GROUP_TOPIC_PREFIX.length());
        SubscriptionGroupConfig config = groups.find(group);
        if (config == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group not exist, " + group);
        }
        int maxReconsumeTimes = header.maxReconsumeTimes() != null ? header.maxReconsumeTimes() : config.retryMaxTimes();
        int reconsumeTimes = header.reconsumeTimes() == null ? 0 : header.reconsumeTimes();
        if (reconsumeTimes <= maxReconsumeTimes) {
            return null;
        }
        TopicConfig dlq = groups.ensureDeadLetterTopic(group);
        Map<String, String> properties = MessageProperties.decode(header.properties());
        properties.remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        append.properties = ByteBuffer.wrap(MessageProperties.encodeToBytes(properties));
        append.topic = dlq.topicName();
        append.queueId = 0;
        DEAD_LETTERS.info("a retry of group {} sent {} times goes to {}", LogText.escape(group), reconsumeTimes,
                LogText.escape(append.topic));
        return null;
    }
}
