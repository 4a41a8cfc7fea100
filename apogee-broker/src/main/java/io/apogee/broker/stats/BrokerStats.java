package io.apogee.broker.stats;

import io.apogee.protocol.body.BrokerStatsData;
import io.apogee.metrics.BucketHistogram;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the broker has moved: messages and bytes put per topic, messages and bytes got per consumer group
 * and topic, and the broker's totals, each over the last minute, hour and day, with the totals at the start
 * of today and yesterday. Named as RocketMQ names its statistics ({@code TOPIC_PUT_NUMS},
 * {@code GROUP_GET_NUMS}, ...) so that {@code mqadmin statsAll} and VIEW_BROKER_STATS_DATA find them.
 *
 * <pre>
 * send thread ──► putMessages(topic, n, bytes) ─┐  (adder increments)
 * pull thread ──► gotMessages(group, topic, ..) ┤
 * scheduler  ───► sample(now) every 10 s ───────┴─► windows ──► admin answers
 * </pre>
 *
 * <p>Thread safety: counting from any thread without locks or allocation once a key was seen;
 * {@link #sample} from one scheduler thread; the readers from any thread.
 */
public final class BrokerStats {

    public static final String TOPIC_PUT_NUMS = "TOPIC_PUT_NUMS";
    public static final String TOPIC_PUT_SIZE = "TOPIC_PUT_SIZE";
    public static final String GROUP_GET_NUMS = "GROUP_GET_NUMS";
    public static final String GROUP_GET_SIZE = "GROUP_GET_SIZE";
    public static final String BROKER_PUT_NUMS = "BROKER_PUT_NUMS";
    public static final String BROKER_GET_NUMS = "BROKER_GET_NUMS";
    /** How often {@link #sample} should run. */
    public static final long SAMPLE_MILLIS = StatsItem.SAMPLE_MILLIS;

    private final LongSupplier clock;
    private final ZoneId zone;
    private final StatsTable topicPutNums;
    private final StatsTable topicPutSize;
    /** Keyed by group, then topic. */
    private final StatsTable groupGetNums;
    private final StatsTable groupGetSize;
    private final StatsItem brokerPutNums;
    private final StatsItem brokerGetNums;
    private volatile DailyTotals daily;
    private final PulledOffsets pulledOffsets = new PulledOffsets();
    /** Null unless metrics are exported: then each stored message's size is recorded. */
    private volatile BucketHistogram messageSizes;

    /** The totals at the start of yesterday and of today, for "messages today" and "messages yesterday". */
    public record DailyTotals(LocalDate today, long putYesterdayMorning, long putTodayMorning,
                              long getYesterdayMorning, long getTodayMorning) {
    }

    public BrokerStats(LongSupplier clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        long now = clock.getAsLong();
        topicPutNums = new StatsTable(clock);
        topicPutSize = new StatsTable(clock);
        groupGetNums = new StatsTable(clock);
        groupGetSize = new StatsTable(clock);
        brokerPutNums = new StatsItem(now);
        brokerGetNums = new StatsItem(now);
        daily = new DailyTotals(day(now), 0, 0, 0, 0);
    }

    /** Counts one stored send of {@code messages} messages (a batch counts each) of {@code bytes} bytes. */
    public void putMessages(String topic, int messages, long bytes) {
        topicPutNums.item(topic, "").add(messages);
        topicPutSize.item(topic, "").add(bytes);
        brokerPutNums.add(messages);
        BucketHistogram sizes = messageSizes;
        if (sizes != null && messages > 0) {
            sizes.record(bytes / messages, messages);
        }
    }

    /** Records every stored message's size (a batch's at its mean) in {@code sizes} from now on. */
    public void messageSizes(BucketHistogram sizes) {
        messageSizes = sizes;
    }

    /** Counts one pull answer of {@code messages} messages and {@code bytes} bytes to {@code group}. */
    public void gotMessages(String group, String topic, int messages, long bytes) {
        groupGetNums.item(group, topic).add(messages);
        groupGetSize.item(group, topic).add(bytes);
        brokerGetNums.add(messages);
    }

    /**
     * Records that a pull of {@code group} from the queue handed out messages up to {@code nextOffset}
     * (exclusive), for the in-flight count: what a group has pulled but not committed.
     */
    public void pulledTo(String group, String topic, int queueId, long nextOffset) {
        pulledOffsets.pulled(group, topic, queueId, nextOffset);
    }

    /** The offset after the last message {@code group} pulled from the queue, or -1 when it pulled none here. */
    public long pulledOffset(String group, String topic, int queueId) {
        return pulledOffsets.offset(group, topic, queueId);
    }

    /** Visits every topic that was put to, with its message and byte counters; for exporters, any thread. */
    public void forEachTopicPut(PutVisitor visitor) {
        topicPutNums.forEach((topic, unused, nums) -> visitor.visit(topic, nums, topicPutSize.item(topic, "")));
    }

    /** Visits every group and topic that was pulled, with its message and byte counters; any thread. */
    public void forEachGroupGet(GetVisitor visitor) {
        groupGetNums.forEach((group, topic, nums) -> visitor.visit(group, topic, nums, groupGetSize.item(group, topic)));
    }

    /** What {@link #forEachTopicPut} hands each topic. */
    public interface PutVisitor {
        void visit(String topic, StatsItem messages, StatsItem bytes);
    }

    /** What {@link #forEachGroupGet} hands each group and topic. */
    public interface GetVisitor {
        void visit(String group, String topic, StatsItem messages, StatsItem bytes);
    }

    /** The bytes of pulled records, summed without an iterator. */
    public static long bytesOf(List<ByteBuffer> records) {
        long bytes = 0;
        for (int i = 0; i < records.size(); i++) {
            bytes += records.get(i).remaining();
        }
        return bytes;
    }

    /** Takes a sample of every counter and rolls the daily totals over at midnight; every 10 s. */
    public void sample() {
        long now = clock.getAsLong();
        topicPutNums.sample(now);
        topicPutSize.sample(now);
        groupGetNums.sample(now);
        groupGetSize.sample(now);
        brokerPutNums.sample(now);
        brokerGetNums.sample(now);
        LocalDate today = day(now);
        DailyTotals current = daily;
        if (!today.equals(current.today())) {
            daily = new DailyTotals(today, current.putTodayMorning(), brokerPutNums.total(),
                    current.getTodayMorning(), brokerGetNums.total());
        }
    }

    /**
     * One statistic over the last minute, hour and day, or null when nothing was counted under it. Keys are
     * a topic for the put statistics, {@code topic@group} for the get statistics, anything for the broker's.
     */
    public BrokerStatsData view(String statsName, String statsKey) {
        StatsItem item = switch (statsName) {
            case TOPIC_PUT_NUMS -> topicPutNums.find(statsKey, "");
            case TOPIC_PUT_SIZE -> topicPutSize.find(statsKey, "");
            case GROUP_GET_NUMS -> findGroupTopic(groupGetNums, statsKey);
            case GROUP_GET_SIZE -> findGroupTopic(groupGetSize, statsKey);
            case BROKER_PUT_NUMS -> brokerPutNums;
            case BROKER_GET_NUMS -> brokerGetNums;
            default -> null;
        };
        if (item == null) {
            return null;
        }
        long now = clock.getAsLong();
        return new BrokerStatsData(item.window(now, StatsItem.MINUTE), item.window(now, StatsItem.HOUR),
                item.window(now, StatsItem.DAY));
    }

    private static StatsItem findGroupTopic(StatsTable table, String topicAtGroup) {
        int at = topicAtGroup.lastIndexOf('@');
        return at < 0 ? null : table.find(topicAtGroup.substring(at + 1), topicAtGroup.substring(0, at));
    }

    /** Messages per second {@code group} got from {@code topic} over the last minute. */
    public double groupGetTps(String group, String topic) {
        StatsItem item = groupGetNums.find(group, topic);
        return item == null ? 0 : item.tps(clock.getAsLong(), StatsItem.MINUTE);
    }

    /** Messages put per second over the last 10 s, minute and 10 minutes. */
    public double[] putTps() {
        return rates(brokerPutNums);
    }

    /** Messages got per second over the last 10 s, minute and 10 minutes. */
    public double[] getTps() {
        return rates(brokerGetNums);
    }

    private double[] rates(StatsItem item) {
        long now = clock.getAsLong();
        return new double[] {item.tps(now, 10_000), item.tps(now, StatsItem.MINUTE), item.tps(now, 600_000)};
    }

    public long putTotal() {
        return brokerPutNums.total();
    }

    public long getTotal() {
        return brokerGetNums.total();
    }

    public DailyTotals daily() {
        return daily;
    }

    private LocalDate day(long millis) {
        return Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
    }
}
