package io.apogee.client.route;

import io.apogee.protocol.body.BrokerData;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicRouteData;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Queue selection around brokers that failed or were slow, on a clock the test moves. */
class QueueSelectorTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final BrokerFaultTracker faults = new BrokerFaultTracker(now::get);
    private final QueueSelector selector = new QueueSelector(faults, true);
    private final TopicPublishInfo info = TopicPublishInfo.of("T", route("a", "b", "c"));

    private static TopicRouteData route(String... brokers) {
        List<QueueData> queues = new java.util.ArrayList<>();
        List<BrokerData> datas = new java.util.ArrayList<>();
        for (String b : brokers) {
            queues.add(new QueueData(b, 2, 2, QueueData.PERM_READ | QueueData.PERM_WRITE, 0));
            Map<Long, String> addrs = new HashMap<>();
            addrs.put(0L, b + ":1");
            datas.add(new BrokerData("c", b, addrs, false, null));
        }
        return TopicRouteData.of(queues, datas);
    }

    private Set<String> brokersChosen(int times, String lastBroker) {
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < times; i++) {
            chosen.add(selector.select(info, lastBroker).brokerName());
        }
        return chosen;
    }

    @Test
    void roundRobinCoversEveryWritableQueue() {
        Set<MessageQueue> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.add(selector.select(info, null));
        }
        assertThat(seen).hasSize(6);
    }

    @Test
    void aFailedBrokerIsAvoidedUntilItsPenaltyEnds() {
        faults.record("b", 5, true);
        assertThat(brokersChosen(30, null)).containsExactlyInAnyOrder("a", "c");
        now.addAndGet(30_000);
        assertThat(brokersChosen(30, null)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aSlowBrokerIsAvoidedForTheDurationItsLatencyEarns() {
        faults.record("a", 600, false);
        assertThat(brokersChosen(30, null)).containsExactlyInAnyOrder("b", "c");
        now.addAndGet(2_001);
        assertThat(brokersChosen(30, null)).contains("a");
        faults.record("a", 40, false);
        assertThat(faults.isAvailable("a")).isTrue();
    }

    @Test
    void aRetryMovesAwayFromTheBrokerThatJustFailedEvenWhenAllArePenalised() {
        faults.record("a", 1, true);
        faults.record("b", 1, true);
        faults.record("c", 1, true);
        assertThat(brokersChosen(30, "a")).doesNotContain("a");
        assertThat(brokersChosen(30, null)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void readOnlyBrokersAndBrokersWithoutMasterGetNoQueues() {
        Map<Long, String> slaveOnly = new HashMap<>();
        slaveOnly.put(1L, "s:1");
        TopicRouteData route = TopicRouteData.of(
                List.of(new QueueData("ro", 2, 2, QueueData.PERM_READ, 0),
                        new QueueData("noMaster", 2, 2, QueueData.PERM_READ | QueueData.PERM_WRITE, 0),
                        new QueueData("ok", 1, 1, QueueData.PERM_READ | QueueData.PERM_WRITE, 0)),
                List.of(new BrokerData("c", "ro", new HashMap<>(Map.of(0L, "ro:1")), false, null),
                        new BrokerData("c", "noMaster", slaveOnly, false, null),
                        new BrokerData("c", "ok", new HashMap<>(Map.of(0L, "ok:1")), false, null)));
        assertThat(TopicPublishInfo.of("T", route).queues()).containsExactly(new MessageQueue("T", "ok", 0));
    }
}
