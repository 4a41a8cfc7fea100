package io.apogee.broker.subscription;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.topic.TopicTable;
import io.apogee.common.log.LogText;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.ResetOffsetBody;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.ResetOffsetRequestHeader;
import io.apogee.remoting.RemotingException;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET, what the official admin tool sends to rewind (or fast-forward) a
 * consumer group on a topic to a time: for every queue the broker finds the first offset stored at
 * or after the timestamp (the queue's end for timestamp -1, or the given offset for one queue),
 * keeps the group's committed offset instead when it is earlier and the reset is not forced,
 * commits the result, and sends it with RESET_CONSUMER_CLIENT_OFFSET to every connected consumer of
 * the group, which drop what they hold of those queues and pull again from there. The answer lists
 * the new offsets.
 *
 * <p>A group with no connected consumer gets CONSUMER_NOT_ONLINE, on which the admin tool falls back
 * to committing the offsets itself, as with RocketMQ.
 *
 * <p>Thread safety: stateless apart from the thread-safe tables, registry and store.
 */
public final class OffsetResetProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetResetProcessor.class);
    private static final long NOTIFY_TIMEOUT_MILLIS = 3_000;

    private final TopicTable topics;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final ClientRegistry<Connection> clients;
    private final String brokerName;

    public OffsetResetProcessor(TopicTable topics, ConsumerOffsetTable offsets, MessageStore store,
                                ClientRegistry<Connection> clients, String brokerName) {
        this.topics = topics;
        this.offsets = offsets;
        this.store = store;
        this.clients = clients;
        this.brokerName = brokerName;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        ResetOffsetRequestHeader h = ResetOffsetRequestHeader.decode(request);
        TopicConfig topic = topics.get(h.topic());
        if (topic == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "[reset-offset] topic " + h.topic() + " does not exist on this broker");
        }
        Set<Connection> members = clients.consumerConnections(h.group());
        if (members.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.CONSUMER_NOT_ONLINE,
                    "Consumer not online, so can not reset offset, Group: " + h.group() + " Topic: " + h.topic()
                            + " Timestamp: " + h.timestamp());
        }
        boolean oneQueue = h.queueId() >= 0 && h.offset() != null && h.offset() >= 0;
        Map<MessageQueue, Long> table = new HashMap<>();
        for (int queueId = 0; queueId < topic.readQueueNums(); queueId++) {
            if (oneQueue && queueId != h.queueId()) {
                continue;
            }
            long target = oneQueue ? h.offset()
                    : h.timestamp() < 0 ? store.maxOffsetInQueue(h.topic(), queueId)
                    : store.offsetInQueueByTime(h.topic(), queueId, h.timestamp());
            long committed = offsets.query(h.group(), h.topic(), queueId);
            long offset = h.force() || committed < 0 || target < committed ? target : committed;
            offsets.commit(h.group(), h.topic(), queueId, offset);
            table.put(new MessageQueue(h.topic(), brokerName, queueId), offset);
        }
        LOG.info("reset offsets of group {} on topic {} to time {}: {}", LogText.escape(h.group()),
                LogText.escape(h.topic()), h.timestamp(), table);
        byte[] body = JsonBody.encode(new ResetOffsetBody(table));
        for (Connection member : members) {
            RemotingCommand notify = new ResetOffsetRequestHeader(h.group(), h.topic(), h.queueId(), h.offset(),
                    h.timestamp(), h.force()).applyTo(RemotingCommand.request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET))
                    .body(body).markOneway();
            try {
                member.invokeOneway(notify, NOTIFY_TIMEOUT_MILLIS);
            } catch (RemotingException e) {
                LOG.warn("cannot tell {} about the reset offsets of group {}: {}", member, LogText.escape(h.group()), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(body);
    }
}
