package io.apogee.broker.subscription;

import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.broker.topic.TopicTable;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the broker decides about consumer groups: a group unknown to the {@link SubscriptionGroupTable}
 * is created on first use when {@code autoCreateSubscriptionGroup} is on (and refused with
 * SUBSCRIPTION_GROUP_NOT_EXIST when it is off); every group gets its {@code %RETRY%} topic, with
 * {@code retryQueueNums} queues, when it is created; and a pull is refused when the group may not
 * consume, or may not consume by broadcast while its consumers broadcast.
 *
 * <p>Thread safety: lookups are lock-free; creation goes through the synchronized table and topic
 * table. The message model of each group is whatever its latest heartbeat said.
 */
public final class SubscriptionGroups {

    /** Prefix of the topic a consumer group's failed messages are retried from. */
    public static final String RETRY_GROUP_TOPIC_PREFIX = "%RETRY%";
    /** Prefix of the topic a consumer group's messages go to once they ran out of retries. */
    public static final String DLQ_GROUP_TOPIC_PREFIX = "%DLQ%";
    /** Groups every RocketMQ broker has from the start, used by its tools. */
    private static final List<String> SYSTEM_GROUPS = List.of("TOOLS_CONSUMER", "FILTERSRV_CONSUMER",
            "SELF_TEST_C_GROUP", "CID_ONS-HTTP-PROXY", "CID_ONSAPI_PULL", "CID_ONSAPI_PERMISSION",
            "CID_ONSAPI_OWNER", "CID_RMQ_SYS_TRANS");
    private static final int PERM_READ_WRITE = QueueData.PERM_READ | QueueData.PERM_WRITE;
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionGroups.class);
    /** A client naming thousands of new groups costs one line per interval, not one per group. */
    private static final RateLimitedLog CREATED = new RateLimitedLog(LOG, 10_000);

    private final SubscriptionGroupTable table;
    private final TopicTable topics;
    /** Changed at run time by an admin (UPDATE_BROKER_CONFIG). */
    private volatile boolean autoCreate;
    private final Runnable topicsChanged;
    private final ConcurrentHashMap<String, MessageModel> models = new ConcurrentHashMap<>();

    /**
     * @param autoCreate    RocketMQ's autoCreateSubscriptionGroup
     * @param topicsChanged run after a retry or dead-letter topic was created (re-registers with name servers)
     */
    public SubscriptionGroups(SubscriptionGroupTable table, TopicTable topics, boolean autoCreate,
                              Runnable topicsChanged) {
        this.table = table;
        this.topics = topics;
        this.autoCreate = autoCreate;
        this.topicsChanged = topicsChanged;
        table.putAllIfAbsent(SYSTEM_GROUPS.stream().map(SubscriptionGroupConfig::defaults).toList());
    }

    /** The group's configuration, created with defaults when unknown and auto-creation is on; else null. */
    public SubscriptionGroupConfig find(String group) {
        SubscriptionGroupConfig config = table.get(group);
        if (config != null || !autoCreate || group == null || TopicTable.illegalNameReason(group) != null) {
            return config;
        }
        config = table.putIfAbsent(SubscriptionGroupConfig.defaults(group));
        CREATED.info("created subscription group {} on first use", LogText.escape(group));
        ensureRetryTopic(config);
        return config;
    }

    /** Lets an admin allow or forbid creating groups on first use while the broker runs. */
    public void autoCreate(boolean enable) {
        autoCreate = enable;
    }

    /** Creates or replaces a group as an admin asked, and its retry topic. */
    public void createOrUpdate(SubscriptionGroupConfig config) {
        table.put(config);
        ensureRetryTopic(config);
    }

    /** Removes a group; its topics stay. True when it existed. */
    public boolean delete(String group) {
        models.remove(group);
        return table.remove(group);
    }

    /** Records how a group's consumers consume, as their heartbeat says, and makes sure of its retry topic. */
    public void heartbeat(SubscriptionGroupConfig config, MessageModel model) {
        if (model != null) {
            models.put(config.groupName(), model);
        }
        ensureRetryTopic(config);
    }

    /** The table, for the admin requests. */
    public SubscriptionGroupTable table() {
        return table;
    }

    /**
     * Why a pull of {@code group} is refused, as the answer to send, or {@code null} when the group may
     * consume.
     */
    public RemotingCommand refuseConsume(RemotingCommand request, String group) {
        SubscriptionGroupConfig config = find(group);
        if (config == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + group + "] does not exist, and "
                            + (autoCreate ? "its name is not legal" : "autoCreateSubscriptionGroup is off"));
        }
        if (!config.consumeEnable()) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "subscription group no permission, " + group);
        }
        if (!config.consumeBroadcastEnable() && models.get(group) == MessageModel.BROADCASTING) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "the consumer group[" + group + "] can not consume by broadcast way");
        }
        return null;
    }

    /** The group's retry topic, created with the group's retry queue count when missing. */
    public TopicConfig ensureRetryTopic(SubscriptionGroupConfig config) {
        if (config.retryQueueNums() <= 0) {
            return null;
        }
        return ensureTopic(RETRY_GROUP_TOPIC_PREFIX + config.groupName(), config.retryQueueNums());
    }

    /** The group's dead-letter topic (one queue, readable and writable as RocketMQ makes it), created when missing. */
    public TopicConfig ensureDeadLetterTopic(String group) {
        return ensureTopic(DLQ_GROUP_TOPIC_PREFIX + group, 1);
    }

    private TopicConfig ensureTopic(String topic, int queueNums) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig created = topics.putIfAbsentSoon(TopicConfig.of(topic, queueNums, queueNums, PERM_READ_WRITE));
        topicsChanged.run();
        return created;
    }
}
