package io.apogee.broker.query;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.GetEarliestMsgStoretimeRequestHeader;
import io.apogee.protocol.header.GetEarliestMsgStoretimeResponseHeader;
import io.apogee.protocol.header.GetMaxOffsetRequestHeader;
import io.apogee.protocol.header.GetMinOffsetRequestHeader;
import io.apogee.protocol.header.OffsetResponseHeader;
import io.apogee.protocol.header.QueryMessageRequestHeader;
import io.apogee.protocol.header.QueryMessageResponseHeader;
import io.apogee.protocol.header.SearchOffsetRequestHeader;
import io.apogee.protocol.header.ViewMessageRequestHeader;
import io.apogee.remoting.codec.BufferBodyCommand;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.MessageStore;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Answers questions about stored messages: a queue's max and min offsets, its earliest store time,
 * the offset for a timestamp, a message by its commit-log offset (VIEW_MESSAGE_BY_ID) and messages
 * by key or unique id (QUERY_MESSAGE). Message bodies go out as slices of the mapped files.
 *
 * <p>Thread safety: stateless; the store is safe for concurrent readers.
 */
public final class QueryProcessor implements RequestProcessor {

    private static final int[] CODES = {
        RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET, RequestCode.GET_EARLIEST_MSG_STORETIME,
        RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, RequestCode.VIEW_MESSAGE_BY_ID, RequestCode.QUERY_MESSAGE,
    };

    private final MessageStore store;

    public QueryProcessor(MessageStore store) {
        this.store = store;
    }

    /** The request codes this processor answers. */
    public static int[] codes() {
        return CODES.clone();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        switch (request.code()) {
            case RequestCode.GET_MAX_OFFSET -> {
                GetMaxOffsetRequestHeader h = GetMaxOffsetRequestHeader.decode(request);
                return offset(request, store.maxOffsetInQueue(h.topic(), h.queueId()));
            }
            case RequestCode.GET_MIN_OFFSET -> {
                GetMinOffsetRequestHeader h = GetMinOffsetRequestHeader.decode(request);
                return offset(request, store.minOffsetInQueue(h.topic(), h.queueId()));
            }
            case RequestCode.GET_EARLIEST_MSG_STORETIME -> {
                GetEarliestMsgStoretimeRequestHeader h = GetEarliestMsgStoretimeRequestHeader.decode(request);
                return new GetEarliestMsgStoretimeResponseHeader(store.earliestMessageTime(h.topic(), h.queueId()))
                        .applyTo(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null));
            }
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> {
                SearchOffsetRequestHeader h = SearchOffsetRequestHeader.decode(request);
                return offset(request, store.offsetInQueueByTime(h.topic(), h.queueId(), h.timestamp()));
            }
            case RequestCode.VIEW_MESSAGE_BY_ID -> {
                return view(context, request);
            }
            case RequestCode.QUERY_MESSAGE -> {
                return query(context, request);
            }
            default -> {
                return RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        "request code " + request.code() + " is not a query");
            }
        }
    }

    private RemotingCommand view(RequestContext context, RemotingCommand request) {
        ViewMessageRequestHeader h = ViewMessageRequestHeader.decode(request);
        ByteBuffer message = store.getMessageByOffset(h.offset());
        if (message == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "no message at commit-log offset " + h.offset());
        }
        context.respond(new BufferBodyCommand(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null),
                Unpooled.wrappedBuffer(message)));
        return null;
    }

    private RemotingCommand query(RequestContext context, RemotingCommand request) {
        QueryMessageRequestHeader h = QueryMessageRequestHeader.decode(request);
        List<ByteBuffer> found = store.queryMessage(h.topic(), h.key(), h.maxNum(), h.beginTimestamp(), h.endTimestamp());
        if (found.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                    "no message with key " + h.key() + " in topic " + h.topic());
        }
        RemotingCommand response = new QueryMessageResponseHeader(System.currentTimeMillis(),
                store.commitLogMaxOffset()).applyTo(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null));
        context.respond(new BufferBodyCommand(response, Unpooled.wrappedBuffer(found.toArray(ByteBuffer[]::new))));
        return null;
    }

    private static RemotingCommand offset(RemotingCommand request, long offset) {
        return new OffsetResponseHeader(offset).applyTo(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null));
    }
}
