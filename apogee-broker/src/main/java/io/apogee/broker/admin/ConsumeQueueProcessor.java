package io.apogee.broker.admin;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.topic.SystemTopics;
import io.apogee.broker.topic.TopicTable;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The consume-queue requests of admin tools:
 * <ul>
 *   <li>QUERY_CONSUME_QUEUE ({@code mqadmin queryCq}): entries of one consume queue with the queue's offset
 *   range and, when a consumer group is named, its subscription and whether each entry's tag matches it;
 *   <li>CLEAN_EXPIRED_CONSUMEQUEUE ({@code cleanExpiredCQ}): deletes the files of queues whose every message
 *   retention took from the commit log;
 *   <li>CLEAN_UNUSED_TOPIC ({@code cleanUnusedTopic}): deletes the queues of topics this broker has no
 *   configuration for, except the broker's own {@link SystemTopics}.
 * </ul>
 *
 * <p>Thread safety: stateless apart from the thread-safe store, table and registry; on the admin thread.
 */
final class ConsumeQueueProcessor implements RequestProcessor {

    private static final int[] CODES = {
        RequestCode.QUERY_CONSUME_QUEUE, RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, RequestCode.CLEAN_UNUSED_TOPIC,
    };

    /** The most entries one answer carries, so one request cannot copy a whole queue. */
    static final int MAX_ENTRIES = 1_000;

    private final MessageStore store;
    private final TopicTable topics;
    private final ClientRegistry<Connection> clients;

    ConsumeQueueProcessor(MessageStore store, TopicTable topics, ClientRegistry<Connection> clients) {
        this.store = store;
        this.topics = topics;
        this.clients = clients;
    }

    /** The request codes this processor answers. */
    static int[] codes() {
        return CODES.clone();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.QUERY_CONSUME_QUEUE -> query(request);
            case RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE -> removed(request, store.deleteExpiredQueues());
            case RequestCode.CLEAN_UNUSED_TOPIC -> removed(request, store.deleteTopicQueues(unusedTopics()));
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a consume-queue request");
        };
    }

    /** Topics with queues in the store but no configuration here, other than the broker's own. */
    private Set<String> unusedTopics() {
        Set<String> unused = new TreeSet<>();
        for (String topic : store.queuedTopics()) {
            if (topics.get(topic) == null && !SystemTopics.isSystem(topic)) {
                unused.add(topic);
            }
        }
        return unused;
    }

    private static RemotingCommand removed(RemotingCommand request, CompletableFuture<Integer> removal) {
        String failure = AdminProcessor.awaitStore(removal);
        return failure == null ? RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                : RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, failure);
    }

    private RemotingCommand query(RemotingCommand request) {
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
     * "*" or an SQL92 subscription (judged later, on the message's properties) and for an inner batch (its tags
     * are inside), else when its tag is listed.
     */
    private static boolean matches(SubscriptionData subscription, long tagsCode) {
        return subscription.matchesAll() || SubscriptionData.EXPRESSION_SQL92.equals(subscription.expressionType())
                || tagsCode == QueueEntry.TAGS_INSIDE || subscription.codeSet().contains((int) tagsCode);
    }
}
