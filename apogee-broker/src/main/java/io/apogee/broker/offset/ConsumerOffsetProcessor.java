package io.apogee.broker.offset;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.OffsetResponseHeader;
import io.apogee.protocol.header.QueryConsumerOffsetRequestHeader;
import io.apogee.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.MessageStore;

/**
 * QUERY_CONSUMER_OFFSET and UPDATE_CONSUMER_OFFSET (usually oneway, from the clients' periodic
 * persist task).
 *
 * <p>A group that never committed for a queue gets offset 0 while the queue still holds its first message
 * (min offset 0) and that message's bytes are in the page cache, as RocketMQ 5.3.3 answers, so a new group
 * reads a young queue whole; otherwise, or when the client asks not to be given 0 (setZeroIfNotFound
 * false), QUERY_NOT_FOUND, and the client starts where its consumeFromWhere says, so a new
 * CONSUME_FROM_LAST_OFFSET group does not re-read an old backlog.
 *
 * <p>Thread safety: stateless apart from the thread-safe table and store.
 */
public final class ConsumerOffsetProcessor implements RequestProcessor {

    private final ConsumerOffsetTable offsets;
    private final MessageStore store;

    public ConsumerOffsetProcessor(ConsumerOffsetTable offsets, MessageStore store) {
        this.offsets = offsets;
        this.store = store;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        if (request.code() == RequestCode.UPDATE_CONSUMER_OFFSET) {
            UpdateConsumerOffsetRequestHeader h = UpdateConsumerOffsetRequestHeader.decode(request);
            offsets.commit(h.consumerGroup(), h.topic(), h.queueId(), h.commitOffset());
            return request.isOneway() ? null : RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        }
        QueryConsumerOffsetRequestHeader h = QueryConsumerOffsetRequestHeader.decode(request);
        long offset = offsets.query(h.consumerGroup(), h.topic(), h.queueId());
        if (offset < 0) {
            if (Boolean.FALSE.equals(h.setZeroIfNotFound())) {
                return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                        "Not found, do not set to zero, maybe this group boot first");
            }
            if (store.minOffsetInQueue(h.topic(), h.queueId()) > 0 || !store.isInPageCache(h.topic(), h.queueId(), 0)) {
                return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                        "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
            }
            offset = 0;
        }
        return new OffsetResponseHeader(offset).applyTo(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null));
    }
}
