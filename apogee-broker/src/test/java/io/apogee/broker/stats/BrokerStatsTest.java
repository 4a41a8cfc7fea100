package io.apogee.broker.stats;

import io.apogee.protocol.body.BrokerStatsData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BrokerStatsTest {

    private final AtomicLong now = new AtomicLong(Instant.parse("2026-12-04T10:00:00Z").toEpochMilli());
    private final BrokerStats stats = new BrokerStats(now::get, ZoneOffset.UTC);

    @Test
    void countsPutsPerTopicAndGetsPerGroupAndTopic() {
        stats.putMessages("orders", 3, 300);
        stats.putMessages("orders", 3, 300);
        stats.putMessages("audit", 1, 10);
        stats.gotMessages("billing", "orders", 4, 400);
        now.addAndGet(10_000);
        stats.sample();

        BrokerStatsData orders = stats.view(BrokerStats.TOPIC_PUT_NUMS, "orders");
        assertThat(orders.statsMinute().sum()).isEqualTo(6);
        assertThat(orders.statsMinute().avgpt()).isEqualTo(3.0);
        assertThat(orders.statsMinute().tps()).isCloseTo(0.6, within(1e-9));
        assertThat(stats.view(BrokerStats.TOPIC_PUT_SIZE, "orders").statsDay().sum()).isEqualTo(600);
        assertThat(stats.view(BrokerStats.GROUP_GET_NUMS, "orders@billing").statsHour().sum()).isEqualTo(4);
        assertThat(stats.view(BrokerStats.GROUP_GET_NUMS, "audit@billing")).isNull();
        assertThat(stats.view("NO_SUCH_STAT", "orders")).isNull();
        assertThat(stats.putTotal()).isEqualTo(7);
        assertThat(stats.getTotal()).isEqualTo(4);
        assertThat(stats.groupGetTps("billing", "orders")).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void windowsForgetWhatFellOutOfThem() {
        stats.putMessages("orders", 5, 50);
        for (int i = 0; i < 12; i++) {
            now.addAndGet(BrokerStats.SAMPLE_MILLIS);
            stats.sample();
        }
        stats.putMessages("orders", 2, 20);

        BrokerStatsData orders = stats.view(BrokerStats.TOPIC_PUT_NUMS, "orders");
        assertThat(orders.statsMinute().sum()).isEqualTo(2);
        assertThat(orders.statsHour().sum()).isEqualTo(7);
        assertThat(stats.putTps()[0]).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void dailyTotalsRollOverAtMidnight() {
        now.set(Instant.parse("2026-12-04T23:59:50Z").toEpochMilli());
        stats.putMessages("orders", 5, 50);
        stats.gotMessages("billing", "orders", 3, 30);
        stats.sample();
        assertThat(stats.daily().putTodayMorning()).isZero();

        now.set(Instant.parse("2026-12-05T00:00:05Z").toEpochMilli());
        stats.sample();
        stats.putMessages("orders", 2, 20);
        assertThat(stats.daily().putYesterdayMorning()).isZero();
        assertThat(stats.daily().putTodayMorning()).isEqualTo(5);
        assertThat(stats.daily().getTodayMorning()).isEqualTo(3);

        now.set(Instant.parse("2026-12-06T00:00:05Z").toEpochMilli());
        stats.sample();
        assertThat(stats.daily().putYesterdayMorning()).isEqualTo(5);
        assertThat(stats.daily().putTodayMorning()).isEqualTo(7);
    }

    @Test
    void remembersEachQueuesLastPullPerGroupAndTopicWhateverTheQueueId() {
        assertThat(stats.pulledOffset("g", "T", 0)).isEqualTo(-1);
        stats.pulledTo("g", "T", 0, 10);
        stats.pulledTo("g", "T", 40, 7);
        stats.pulledTo("g", "T", 0, 12);
        stats.pulledTo("other", "T", 0, 3);
        assertThat(stats.pulledOffset("g", "T", 0)).isEqualTo(12);
        assertThat(stats.pulledOffset("g", "T", 40)).isEqualTo(7);
        assertThat(stats.pulledOffset("g", "T", 39)).isEqualTo(-1);
        assertThat(stats.pulledOffset("g", "U", 0)).isEqualTo(-1);
        assertThat(stats.pulledOffset("other", "T", 0)).isEqualTo(3);
    }
}
