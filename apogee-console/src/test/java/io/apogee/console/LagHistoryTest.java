package io.apogee.console;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The lag history's bounds: a window of samples per group, unseen groups dropped, a cap on groups. */
class LagHistoryTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> groups = new ArrayList<>();

    /** A history whose samples give each listed group, in list order, its name's length * 10 + seconds. */
    private LagHistory history() {
        return new LagHistory(() -> {
            Map<String, Long> lags = new LinkedHashMap<>();
            groups.forEach(g -> lags.put(g, g.length() * 10L + now.get() / 1000));
            return lags;
        }, now::get, Duration.ofSeconds(15));
    }

    @Test
    void keepsTheLastWindowOfSamplesOldestFirst() {
        groups.add("g");
        LagHistory history = history();
        for (int i = 0; i < LagHistory.POINTS + 10; i++) {
            history.sampleOnce();
            now.addAndGet(15_000);
        }
        List<Map<String, Long>> series = history.series("g");
        assertThat(series).hasSize(LagHistory.POINTS);
        assertThat(series.get(0).get("t")).isEqualTo(1_000_000 + 10 * 15_000L);
        assertThat(series.get(LagHistory.POINTS - 1).get("t")).isEqualTo(1_000_000 + (LagHistory.POINTS + 9) * 15_000L);
        assertThat(series.get(1).get("lag") - series.get(0).get("lag")).isEqualTo(15);
    }

    @Test
    void dropsAGroupUnseenForAWindowAndCapsTheGroups() {
        for (int i = 0; i < LagHistory.MAX_GROUPS + 50; i++) {
            groups.add("group-" + i);
        }
        LagHistory history = history();
        history.sampleOnce();
        assertThat(history.trackedGroups()).isEqualTo(LagHistory.MAX_GROUPS);
        assertThat(history.series("group-0")).hasSize(1);
        assertThat(history.series("group-" + (LagHistory.MAX_GROUPS + 1))).isEmpty();

        groups.clear();
        groups.add("group-0");
        now.addAndGet(15_000L * LagHistory.POINTS + 1);
        history.sampleOnce();
        assertThat(history.trackedGroups()).as("only the group still listed stays").isEqualTo(1);
        assertThat(history.series("group-1")).isEmpty();
        assertThat(history.series("group-0")).hasSize(2);
    }
}
