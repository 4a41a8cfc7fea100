package io.apogee.broker.metrics;

import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.transaction.TransactionCounters;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BrokerStats stats = new BrokerStats(System::currentTimeMillis, ZoneId.of("UTC"));

    @Test
    void countersReadTheBrokersStatisticsLiveOnceTheirTopicWasSeen() {
        TrafficMeters meters = new TrafficMeters(registry, Tags.of("node_id", "b"), stats, new TransactionCounters(), 10);
        stats.putMessages("Orders", 2, 300);
        meters.refresh();
        stats.putMessages("Orders", 1, 100);
        stats.gotMessages("billing", "%RETRY%billing", 4, 1_000);
        meters.refresh();
        meters.refresh();

        assertThat(registry.get("rocketmq_messages_in").tag("topic", "Orders").functionCounter().count()).isEqualTo(3);
        assertThat(registry.get("rocketmq_throughput_in").tag("topic", "Orders").functionCounter().count())
                .isEqualTo(400);
        assertThat(registry.get("rocketmq_messages_out").tag("consumer_group", "billing").tag("is_retry", "true")
                .tag("is_system", "true").functionCounter().count()).isEqualTo(4);
        assertThat(registry.find("rocketmq_messages_in").functionCounters()).hasSize(1);
    }

    @Test
    void groupAndTopicPairsPastTheCapAreCountedAsDroppedNotExported() {
        TrafficMeters meters = new TrafficMeters(registry, Tags.empty(), stats, new TransactionCounters(), 3);
        for (int i = 0; i < 5; i++) {
            stats.gotMessages("group" + i, "Orders", 1, 10);
        }
        meters.refresh();
        assertThat(registry.find("rocketmq_messages_out").functionCounters()).hasSize(3);
        assertThat(registry.find("rocketmq_throughput_out").functionCounters()).hasSize(3);
        assertThat(meters.dropped()).isEqualTo(2);
        meters.refresh();
        assertThat(meters.dropped()).as("counted per scrape, not accumulated").isEqualTo(2);
    }
}
