package io.apogee.broker.pull;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.filter.PropertyFilters;
import io.apogee.broker.filter.SqlFilter;
import io.apogee.broker.filter.SqlSyntaxException;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.subscription.SubscriptionGroups;
import io.apogee.protocol.body.SubscriptionData;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.PullMessageRequestHeader;
import io.apogee.protocol.header.PullMessageResponseHeader;
import io.apogee.protocol.message.StoredMessageLayout;
import io.apogee.remoting.codec.BufferBodyCommand;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.GetMessageResult;
import io.apogee.store.GetMessageStatus;
import io.apogee.store.MessageStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * PULL_MESSAGE: reads a queue from the requested offset, filtered by the group's subscription
 * (tag hash codes in the store, or a SQL92 filter over the properties of what was read), and
 * sends the stored messages as slices of the mapped files. A pull that finds nothing new may
 * wait ({@link LongPollingHold}) until a message arrives for its queue or its suspend time ends,
 * so consumers get new messages at once without polling in a loop.
 *
 * <p>A pull of a group that may not consume (see {@link SubscriptionGroups#refuseConsume}) is refused
 * first. The committed offset a pull carries (sysFlag bit 0) is recorded before reading.
 *
 * <p>Thread safety: called concurrently by I/O threads or the pull executor's threads; a resumed pull runs
 * where {@code resumeOn} says for its connection.
 */
public final class PullProcessor implements RequestProcessor {

    private static final int FLAG_COMMIT_OFFSET = 0x1;
    private static final int FLAG_SUSPEND = 0x2;
    private static final int FLAG_SUBSCRIPTION = 0x4;
    private static final int DEFAULT_MAX_BYTES = 256 * 1024;
    /**
     * Pulls parked at once, across connections. A consumer parks one pull per queue it owns, so this is room
     * for 50,000 consumed queues; a parked pull keeps its request header (about 1 KiB).
     */
    static final int MAX_HELD_PULLS = 50_000;

    private final MessageStore store;
    private final ClientRegistry<Connection> clients;
    private final ConsumerOffsetTable offsets;
    private final SubscriptionGroups groups;
    private final Function<RequestContext, Executor> resumeOn;
    private final LongSupplier clock;
    private final PropertyFilters filters;
    private final BrokerStats stats;
    private final LongPollingHold hold = new LongPollingHold(this::resume, MAX_HELD_PULLS);
    private volatile PullAdvice advice = PullAdvice.MASTER_ONLY;

    /**
     * @param filters  the SQL92 filtering for subscriptions of that type
     * @param resumeOn where a resumed pull of a connection is answered: the pull executor, or the connection's
     *                 I/O thread
     * @param stats    counts what each group got, per topic
     */
    public PullProcessor(MessageStore store, ClientRegistry<Connection> clients, ConsumerOffsetTable offsets,
                         SubscriptionGroups groups, PropertyFilters filters,
                         Function<RequestContext, Executor> resumeOn,
                         LongSupplier clock, BrokerStats stats) {
        this.filters = filters;
        this.store = store;
        this.clients = clients;
        this.offsets = offsets;
        this.groups = groups;
        this.resumeOn = resumeOn;
        this.clock = clock;
        this.stats = stats;
        store.addDispatchListener(hold);
    }

    /** Sets where consumers are told to pull from (a broker group member's rules); before serving. */
    public void advice(PullAdvice value) {
        advice = value;
    }

    /** Answers parked pulls whose suspend time has run out; the broker calls this about every second. */
    public void expireHeldPulls() {
        hold.expire(clock.getAsLong());
    }

    /** Answers every parked pull now (the broker is shutting down), so none holds the shutdown up. */
    public void releaseHeldPulls() {
        hold.expire(Long.MAX_VALUE);
    }

    /** How many pulls are waiting for messages. */
    public int heldPulls() {
        return hold.size();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        if (advice.refusesPulls()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY,
                    "[REJECTREQUEST] this broker is a slave that does not serve reads (slaveReadEnable=false)");
        }
        PullMessageRequestHeader header = PullMessageRequestHeader.decode(request);
        RemotingCommand refused = groups.refuseConsume(request, header.consumerGroup());
        if (refused != null) {
            return refused;
        }
        if ((header.sysFlag() & FLAG_COMMIT_OFFSET) != 0 && header.commitOffset() >= 0) {
            offsets.commit(header.consumerGroup(), header.topic(), header.queueId(), header.commitOffset());
        }
        boolean mayWait = (header.sysFlag() & FLAG_SUSPEND) != 0 && header.suspendTimeoutMillis() > 0;
        return pull(context, request, header, mayWait);
    }

    private RemotingCommand pull(RequestContext context, RemotingCommand request, PullMessageRequestHeader header,
                                 boolean mayWait) {
        String expression;
        String expressionType;
        if ((header.sysFlag() & FLAG_SUBSCRIPTION) != 0) {
            expression = header.subscription();
            expressionType = header.expressionType();
        } else {
            SubscriptionData subscription = clients.subscription(header.consumerGroup(), header.topic());
            if (subscription == null) {
                return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's subscription not exist, group: " + header.consumerGroup());
            }
            if (subscription.subVersion() < header.subVersion()) {
                return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_NOT_LATEST,
                        "the consumer's subscription not latest");
            }
            expression = subscription.subString();
            expressionType = subscription.expressionType();
        }
        long[] tagCodes = null;
        SqlFilter sql = null;
        if (SubscriptionData.EXPRESSION_SQL92.equals(expressionType)) {
            if (!filters.enabled()) {
                return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, PropertyFilters.DISABLED_REMARK);
            }
            try {
                sql = filters.compile(expression);
            } catch (SqlSyntaxException e) {
                return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                        "invalid SQL92 filter \"" + expression + "\": " + e.getMessage());
            }
        } else {
            tagCodes = TagFilter.codesOf(expression);
        }

        int maxBytes = header.maxMsgBytes() == null || header.maxMsgBytes() <= 0 ? DEFAULT_MAX_BYTES : header.maxMsgBytes();
        GetMessageResult result = store.getMessage(header.topic(), header.queueId(), header.queueOffset(),
                header.maxMsgNums(), maxBytes, tagCodes);
        // Filtered, the records that passed; unfiltered, null: the result's records go out as they are.
        List<ByteBuffer> selected = sql != null && result.status() == GetMessageStatus.FOUND
                ? PropertyFilters.select(sql, result.messages()) : null;
        int found = selected == null ? result.messageCount() : selected.size();
        int code = found == 0 && result.status() == GetMessageStatus.FOUND
                ? ResponseCode.PULL_RETRY_IMMEDIATELY : switch (result.status()) {
            case FOUND -> ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE, MESSAGE_WAS_REMOVING -> ResponseCode.PULL_RETRY_IMMEDIATELY;
            case OFFSET_OVERFLOW_ONE -> ResponseCode.PULL_NOT_FOUND;
            case NO_MESSAGE_IN_QUEUE -> header.queueOffset() == 0 ? ResponseCode.PULL_NOT_FOUND
                    : ResponseCode.PULL_OFFSET_MOVED;
            case OFFSET_OVERFLOW_BADLY, OFFSET_TOO_SMALL -> ResponseCode.PULL_OFFSET_MOVED;
        };
        long last = selected == null ? result.lastPhysicalOffset()
                : selected.isEmpty() ? -1 : StoredMessageLayout.physicalOffset(selected.get(selected.size() - 1));
        long suggested = advice.suggestBrokerId(header.consumerGroup(), last);
        if (code != ResponseCode.SUCCESS) {
            result.release();
            if (advice.sendsMissesToMaster(suggested)) {
                code = ResponseCode.PULL_RETRY_IMMEDIATELY;
            }
        }
        if (code == ResponseCode.PULL_NOT_FOUND && mayWait) {
            HeldPull held = new HeldPull(context, request, header, clock.getAsLong() + header.suspendTimeoutMillis());
            if (!hold.hold(held)) {
                return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY,
                        "[HELD_PULLS_FULL] too many pulls wait for messages on this broker; pull again later");
            }
            // A message dispatched between the read and the hold would not wake this pull: look again.
            if (store.maxOffsetInQueue(header.topic(), header.queueId()) > header.queueOffset() && hold.release(held)) {
                return pull(context, request, header, false);
            }
            return null;
        }
        RemotingCommand response = new PullMessageResponseHeader(suggested, result.nextBeginOffset(), result.minOffset(),
                result.maxOffset(), null, 0, 0, null)
                .applyTo(RemotingCommand.responseTo(request, code, result.status().name()));
        if (code != ResponseCode.SUCCESS) {
            return response;
        }
        stats.gotMessages(header.consumerGroup(), header.topic(), found,
                selected == null ? result.bufferTotalSize() : BrokerStats.bytesOf(selected));
        stats.pulledTo(header.consumerGroup(), header.topic(), header.queueId(), result.nextBeginOffset());
        // Unfiltered, the records go out as the store's runs: adjacent records in one slice.
        List<ByteBuffer> body = selected == null ? result.runs() : selected;
        context.respond(new BufferBodyCommand(response, bodyReleasing(result, body)));
        return null;
    }

    /**
     * The pulled slices as one buffer for the network, without copying. The slices point into mapped
     * files that retention may delete meanwhile; the store keeps them mapped until the result is
     * released, which happens when Netty is done with the buffer (written or failed).
     */
    private static ByteBuf bodyReleasing(GetMessageResult result, List<ByteBuffer> slices) {
        ByteBuf[] parts = new ByteBuf[slices.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Unpooled.wrappedBuffer(slices.get(i));
        }
        return new CompositeByteBuf(UnpooledByteBufAllocator.DEFAULT, false, Math.max(1, parts.length), parts) {
            @Override
            protected void deallocate() {
                try {
                    super.deallocate();
                } finally {
                    result.release();
                }
            }
        };
    }

    private void resume(HeldPull held) {
        try {
            resumeOn.apply(held.context()).execute(() -> answer(held));
        } catch (RejectedExecutionException busy) {
            held.context().respond(RemotingCommand.responseTo(held.request(), ResponseCode.SYSTEM_BUSY,
                    "the broker is busy; pull again"));
        }
    }

    private void answer(HeldPull held) {
        RemotingCommand response = pull(held.context(), held.request(), held.header(), false);
        if (response != null) {
            held.context().respond(response);
        }
    }
}
