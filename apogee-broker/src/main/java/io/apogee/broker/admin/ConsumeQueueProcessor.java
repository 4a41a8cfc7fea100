package io.apogee.broker.admin;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.protocol.body.ConsumeQueueData;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.QueryConsumeQueueResponseBody;
import io.apogee.protocol.body.SubscriptionData;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.QueryConsumeQueueRequestHeader;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.MessageStore;
import io.apogee.store.QueueEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * QUERY_CONSUME_QUEUE ({@code mqadmin queryCq}): entries of one consume queue with the queue's offset range
 * and, when a consumer group is named, its subscription and whether each entry's tag matches it.
 *
 * <p>Thread safety: stateless apart from the thread-safe store and registry; on the admin thread.
 */
final class ConsumeQueueProcessor implements RequestProcessor {

    /** The most entries one answer carries, so one request cannot copy a whole queue. */
    static final int MAX_ENTRIES = 1_000;

    private final MessageStore store;
    private final ClientRegistry<Connection> clients;

    ConsumeQueueProcessor(MessageStore store, ClientRegistry<Connection> clients) {
        this.store = store;
        this.clients = clients;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        if (request.code() != RequestCode.QUERY_CONSUME_QUEUE) {
            return RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a consume-queue request");
        }
        QueryConsumeQueueRequestHeader h = QueryConsumeQueueRequestHeader.decode(request);
        List<QueueEntry> entries = store.queueEntries(h.topic(), h.queueId(), h.index(), Math.min(h.count(), MAX_ENTRIES));
        if (entries == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    h.queueId() + "@" + h.topic() + " is not exist!");
        }
        SubscriptionData subscription = h.consumerGroup() == null ? null : clients.subscription(h.consumerGroup(), h.topic());
        String filterData = h.consumerGroup() != null && subscription == null
                ? h.consumerGroup() + "@" + h.topic() + " is not online!" : null;
        List<ConsumeQueueData> data = new ArrayList<>(entries.size());
        for (QueueEntry entry : entries) {
            data.add(new ConsumeQueueData(entry.commitLogOffset(), entry.size(), entry.tagsCode(), null, null,
                    subscription != null && matches(subscription, entry.tagsCode()), null));
        }
        QueryConsumeQueueResponseBody body = new QueryConsumeQueueResponseBody(subscription, filterData, data,
                store.maxOffsetInQueue(h.topic(), h.queueId()), store.minOffsetInQueue(h.topic(), h.queueId()));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(JsonBody.encode(body));
    }

    /**
     * Whether a consumer of {@code subscription} would get the entry by its tag alone: every entry for
     * "*" or an SQL92 subscription (judged later, on the message's properties), else when its tag is listed.
     */
    private static boolean matches(SubscriptionData subscription, long tagsCode) {
        return subscription.matchesAll() || SubscriptionData.EXPRESSION_SQL92.equals(subscription.expressionType())
                || subscription.codeSet().contains((int) tagsCode);
    }
}
