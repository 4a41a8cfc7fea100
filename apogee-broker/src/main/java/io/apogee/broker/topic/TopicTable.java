package io.apogee.broker.topic;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.broker.subscription.ConfigFile;
import io.apogee.broker.subscription.DeferredWrites;
import io.apogee.protocol.body.DataVersion;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.body.TopicConfigSerializeWrapper;
import io.apogee.protocol.message.ResourceNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics this broker hosts, persisted in {@code topics.json} under the store root, with the
 * data version name servers use to tell a changed registration from a repeated one.
 *
 * <p>Topics come from three places: the system topics every broker has, admin requests, and
 * auto-creation on the first send to an unknown topic when the default topic (TBW102) allows it.
 *
 * <p>Thread safety: lookups read a concurrent map without locking, since every send and pull makes one;
 * changes synchronize on the table and are rare.
 */
public final class TopicTable {

    /** The default topic senders name for auto-creation. */
    public static final String DEFAULT_TOPIC = "TBW102";
    private static final int MAX_NAME_LENGTH = 127;
    private static final int PERM_READ_WRITE = QueueData.PERM_READ | QueueData.PERM_WRITE;

    private final Path file;
    /** Read without the lock on every send and pull; changed under it. */
    private final Map<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private DataVersion version = new DataVersion(0, System.currentTimeMillis(), 0);
    /** How a change made on first use is written: at once, until {@link #deferWritesTo} says otherwise. */
    private volatile Runnable persistSoon = this::persist;

    /**
     * Loads the persisted topics, then adds the system topics that are missing.
     *
     * @param file where the table is kept; {@code null} keeps it in memory only
     */
    public TopicTable(Path file, String clusterName, String brokerName, boolean autoCreateTopicEnable,
                      int defaultQueueNums) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            load();
        }
        if (autoCreateTopicEnable) {
            putIfAbsent(TopicConfig.of(DEFAULT_TOPIC, defaultQueueNums, defaultQueueNums,
                    PERM_READ_WRITE | QueueData.PERM_INHERIT));
        } else {
            topics.remove(DEFAULT_TOPIC);
        }
        putIfAbsent(TopicConfig.of("SELF_TEST_TOPIC", 1, 1, PERM_READ_WRITE));
        putIfAbsent(TopicConfig.of("OFFSET_MOVED_EVENT", 1, 1, PERM_READ_WRITE));
        putIfAbsent(TopicConfig.of("SCHEDULE_TOPIC_XXXX", 18, 18, PERM_READ_WRITE));
        putIfAbsent(TopicConfig.of("RMQ_SYS_TRANS_HALF_TOPIC", 1, 1, PERM_READ_WRITE));
        putIfAbsent(TopicConfig.of("RMQ_SYS_TRANS_OP_HALF_TOPIC", 1, 1, PERM_READ_WRITE));
        // Admin tools find a cluster's and a broker's masters through topics named after them.
        putIfAbsent(TopicConfig.of(clusterName, 16, 16, QueueData.PERM_READ | QueueData.PERM_WRITE));
        putIfAbsent(TopicConfig.of(brokerName, 1, 1, PERM_READ_WRITE));
        putIfAbsent(TopicConfig.of(clusterName + "_REPLY_TOPIC", 1, 1, PERM_READ_WRITE));
        persist();
    }

    /** Why {@code topic} is not a legal topic name, or {@code null} when it is. */
    public static String illegalNameReason(String topic) {
        if (topic == null || topic.isBlank()) {
            return "the topic name is blank";
        }
        if (topic.length() > MAX_NAME_LENGTH) {
            return "the topic name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (!ResourceNames.hasLegalCharacters(topic)) {
            return "the topic name '" + topic + "' contains characters other than %|a-zA-Z0-9_-";
        }
        return null;
    }

    /** The topic's configuration, or {@code null}. */
    public TopicConfig get(String topic) {
        return topics.get(topic);
    }

    /**
     * Creates {@code topic} from {@code defaultTopic} as a send asks: with {@code queueNums} queues
     * at most as many as the default topic has, and its permissions without INHERIT. Returns the
     * new configuration, or {@code null} when the default topic is missing or does not allow it.
     */
    public synchronized TopicConfig createFromDefault(String topic, String defaultTopic, int queueNums) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig template = topics.get(defaultTopic);
        if (template == null || (template.perm() & QueueData.PERM_INHERIT) == 0) {
            return null;
        }
        int queues = Math.max(1, Math.min(queueNums, template.writeQueueNums()));
        TopicConfig created = TopicConfig.of(topic, queues, queues, template.perm() & ~QueueData.PERM_INHERIT);
        topics.put(topic, created);
        changedSoon();
        return created;
    }

    /**
     * Adds a topic created on first use (a group's retry or dead-letter topic) unless it exists; returns
     * the configuration now in the table. Written soon rather than at once, see {@link #deferWritesTo}.
     */
    public synchronized TopicConfig putIfAbsentSoon(TopicConfig config) {
        TopicConfig existing = topics.putIfAbsent(config.topicName(), config);
        if (existing != null) {
            return existing;
        }
        changedSoon();
        return config;
    }

    /** Writes topics created on first use through {@code writes}, coalesced, instead of one write each. */
    public void deferWritesTo(DeferredWrites writes) {
        persistSoon = writes.coalesced(this::persist);
    }

    /** Adds or replaces a topic. */
    public synchronized void put(TopicConfig config) {
        topics.put(config.topicName(), config);
        changed();
    }

    /** Removes a topic; true when it existed. */
    public synchronized boolean remove(String topic) {
        boolean removed = topics.remove(topic) != null;
        if (removed) {
            changed();
        }
        return removed;
    }

    /** How many topics there are, for metrics; any thread, without the lock. */
    public int size() {
        return topics.size();
    }

    /** What a REGISTER_BROKER carries: every topic and the current data version. */
    public synchronized TopicConfigSerializeWrapper snapshot() {
        return TopicConfigSerializeWrapper.of(new HashMap<>(topics), version);
    }

    private void putIfAbsent(TopicConfig config) {
        topics.putIfAbsent(config.topicName(), config);
    }

    private void changed() {
        version = version.next(System.currentTimeMillis());
        persist();
    }

    private void changedSoon() {
        version = version.next(System.currentTimeMillis());
        persistSoon.run();
    }

    private void load() {
        try {
            JSONObject json = JSON.parseObject(Files.readString(file));
            TopicConfigSerializeWrapper stored = json.to(TopicConfigSerializeWrapper.class);
            topics.putAll(stored.topicConfigTable());
            if (stored.dataVersion() != null) {
                version = stored.dataVersion();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read topic table " + file, e);
        }
    }

    private synchronized void persist() {
        if (file == null) {
            return;
        }
        ConfigFile.replace(file, JSON.toJSONBytes(TopicConfigSerializeWrapper.of(topics, version)));
    }
}
