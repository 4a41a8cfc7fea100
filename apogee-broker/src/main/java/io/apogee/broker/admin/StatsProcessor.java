package io.apogee.broker.admin;

import io.apogee.broker.client.ClientRegistry;
import io.apogee.broker.offset.ConsumerOffsetTable;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.subscription.SubscriptionGroupTable;
import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.body.BrokerStatsData;
import io.apogee.protocol.body.ConsumeStats;
import io.apogee.protocol.body.ConsumeStatsList;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.OffsetWrapper;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.GetConsumeStatsInBrokerHeader;
import io.apogee.protocol.header.GetConsumeStatsRequestHeader;
import io.apogee.protocol.header.ViewBrokerStatsDataRequestHeader;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * VIEW_BROKER_STATS_DATA (one statistic over the last minute, hour and day, from {@link BrokerStats}) and
 * GET_BROKER_CONSUME_STATS (every subscription group's progress in every topic it committed offsets in).
 *
 * <p>Thread safety: reads thread-safe sources; on the admin thread.
 */
final class StatsProcessor implements RequestProcessor {

    private static final int[] CODES = {
        RequestCode.VIEW_BROKER_STATS_DATA, RequestCode.GET_CONSUME_STATS, RequestCode.GET_BROKER_CONSUME_STATS,
    };

    private final BrokerStats stats;
    private final ConsumeProgress progress;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final TopicTable topics;
    private final ClientRegistry<Connection> clients;
    private final String brokerAddr;

    StatsProcessor(BrokerStats stats, ConsumeProgress progress, SubscriptionGroupTable groups,
                   ConsumerOffsetTable offsets, TopicTable topics, ClientRegistry<Connection> clients,
                   String brokerAddr) {
        this.stats = stats;
        this.progress = progress;
        this.groups = groups;
        this.offsets = offsets;
        this.topics = topics;
        this.clients = clients;
        this.brokerAddr = brokerAddr;
    }

    static int[] codes() {
        return CODES.clone();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.VIEW_BROKER_STATS_DATA -> view(request);
            case RequestCode.GET_CONSUME_STATS -> groupStats(request);
            case RequestCode.GET_BROKER_CONSUME_STATS -> consumeStats(request);
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a statistics request");
        };
    }

    private RemotingCommand view(RemotingCommand request) {
        ViewBrokerStatsDataRequestHeader h = ViewBrokerStatsDataRequestHeader.decode(request);
        BrokerStatsData data = stats.view(h.statsName(), h.statsKey());
        if (data == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "The stats <" + h.statsName() + "> <" + h.statsKey() + "> not exist");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(JsonBody.encode(data));
    }

    /**
     * One group's progress in one topic, or in every topic it committed offsets in, over each topic's read
     * queues, with the rate it pulls at; skips topics its connected members no longer subscribe to.
     */
    private RemotingCommand groupStats(RemotingCommand request) {
        GetConsumeStatsRequestHeader h = GetConsumeStatsRequestHeader.decode(request);
        Set<String> groupTopics = h.topic() == null || h.topic().isBlank() ? offsets.topicsOf(h.consumerGroup())
                : Set.of(h.topic());
        ClientRegistry.ConsumerGroupView online = clients.consumerGroup(h.consumerGroup());
        Map<MessageQueue, OffsetWrapper> table = new HashMap<>();
        double tps = 0;
        for (String topic : groupTopics) {
            TopicConfig config = topics.get(topic);
            if (config == null || unsubscribed(online, topic)) {
                continue;
            }
            progress.addQueues(table, h.consumerGroup(), topic, config.readQueueNums());
            tps += stats.groupGetTps(h.consumerGroup(), topic);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(JsonBody.encode(new ConsumeStats(table, tps)));
    }

    /** True when the group has members and none subscribes to the topic. */
    private static boolean unsubscribed(ClientRegistry.ConsumerGroupView online, String topic) {
        return online != null && !online.subscriptions().isEmpty() && !online.subscriptions().containsKey(topic);
    }

    /**
     * Per subscription group, its progress in each topic it has offsets in, skipping topics its connected
     * members no longer subscribe to, and with {@code isOrder} topics that are not ordered.
     */
    private RemotingCommand consumeStats(RemotingCommand request) {
        boolean orderedOnly = GetConsumeStatsInBrokerHeader.decode(request).isOrder();
        List<Map<String, List<ConsumeStats>>> all = new ArrayList<>();
        long totalDiff = 0;
        for (String group : new TreeSet<>(groups.snapshot().subscriptionGroupTable().keySet())) {
            List<ConsumeStats> perTopic = new ArrayList<>();
            ClientRegistry.ConsumerGroupView online = clients.consumerGroup(group);
            for (String topic : offsets.topicsOf(group)) {
                TopicConfig config = topics.get(topic);
                if (config == null || (orderedOnly && !config.order()) || unsubscribed(online, topic)) {
                    continue;
                }
                ConsumeStats topicStats = progress.of(group, topic, config.writeQueueNums());
                totalDiff += ConsumeProgress.diff(topicStats);
                perTopic.add(topicStats);
            }
            all.add(Map.of(group, perTopic));
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(JsonBody.encode(new ConsumeStatsList(all, brokerAddr, totalDiff, 0)));
    }
}
