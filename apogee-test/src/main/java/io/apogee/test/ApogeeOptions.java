package io.apogee.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an {@link EmbeddedApogee} starts. Defaults suit tests: topics and groups are created on first use,
 * delays keep RocketMQ's levels, and the store forces its files as a broker does.
 *
 * <p>Not thread-safe; build it, then hand it to {@link EmbeddedApogee#start(ApogeeOptions)}.
 */
public final class ApogeeOptions {

    /** RocketMQ's 18 delay levels, each a hundredth as long: 10 ms for level 1 up to 72 s for level 18. */
    public static final String SHORT_DELAY_LEVELS =
            "10ms 50ms 100ms 300ms 600ms 1200ms 1800ms 2400ms 3000ms 3600ms 4200ms 4800ms 5400ms 6000ms 12000ms "
                    + "18000ms 36000ms 72000ms";

    boolean autoCreateTopics = true;
    boolean sqlFilters;
    boolean unsafeSkipFsync;
    boolean shortDelayLevels;
    final Map<String, Integer> topics = new LinkedHashMap<>();
    final List<String> groups = new ArrayList<>();
    final Map<String, String> brokerConfig = new LinkedHashMap<>();

    public static ApogeeOptions defaults() {
        return new ApogeeOptions();
    }

    /** Whether a send to an unknown topic creates it (on by default, as for RocketMQ's autoCreateTopicEnable). */
    public ApogeeOptions autoCreateTopics(boolean value) {
        autoCreateTopics = value;
        return this;
    }

    /** Creates {@code topic} with {@code queues} read and write queues before the first test runs. */
    public ApogeeOptions topic(String topic, int queues) {
        topics.put(topic, queues);
        return this;
    }

    /** Creates consumer group {@code group} before the first test runs. */
    public ApogeeOptions group(String group) {
        groups.add(group);
        return this;
    }

    /** Any broker or store key of a broker.conf, with RocketMQ's names. */
    public ApogeeOptions brokerConfig(String key, String value) {
        brokerConfig.put(key, value);
        return this;
    }

    /** Serves SQL92 property filters ({@code enablePropertyFilter}). */
    public ApogeeOptions sqlFilters(boolean value) {
        sqlFilters = value;
        return this;
    }

    /**
     * UNSAFE outside tests: never forces the store's files to disk while running, so a test does no fsync at
     * all. Messages survive a clean close but not a crash of the machine.
     */
    public ApogeeOptions unsafeSkipFsync(boolean value) {
        unsafeSkipFsync = value;
        return this;
    }

    /** Delay levels a hundredth of RocketMQ's ({@link #SHORT_DELAY_LEVELS}), so delayed messages arrive in a test. */
    public ApogeeOptions shortDelayLevels(boolean value) {
        shortDelayLevels = value;
        return this;
    }
}
