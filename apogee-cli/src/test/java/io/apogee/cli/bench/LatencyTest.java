package io.apogee.cli.bench;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyTest {

    @Test
    void aRunOfValuesInOneBucketIsRecordedAsOneCountAndAnotherBucketEndsIt() {
        Latency latency = new Latency();
        Latency.Runs runs = latency.runs();
        runs.add(10_000_000);
        runs.add(10_000_100);
        runs.add(10_000_900);
        runs.add(20);
        runs.flush();

        Histogram histogram = latency.interval(true);
        assertThat(histogram.getTotalCount()).isEqualTo(4);
        assertThat(histogram.getCountAtValue(10_000_900)).isEqualTo(3);
        assertThat(histogram.getCountAtValue(20)).isEqualTo(1);
        assertThat(latency.total().getTotalCount()).isEqualTo(4);
    }

    @Test
    void nothingIsRecordedUntilTheRunIsFlushedAndNegativeValuesCountAsZero() {
        Latency latency = new Latency();
        Latency.Runs runs = latency.runs();
        runs.add(-5);
        runs.add(0);
        assertThat(latency.interval(false).getTotalCount()).isZero();

        runs.flush();
        runs.flush();
        Histogram histogram = latency.interval(false);
        assertThat(histogram.getTotalCount()).isEqualTo(2);
        assertThat(histogram.getCountAtValue(0)).isEqualTo(2);
    }

    @Property(tries = 200)
    void runsGiveTheHistogramThatRecordingEachValueGives(
            @ForAll @Size(max = 200) List<@LongRange(min = -10, max = 30_000_000) Long> values) {
        Latency each = new Latency();
        Latency inRuns = new Latency();
        Latency.Runs runs = inRuns.runs();
        for (long value : values) {
            each.recordNanos(value * 1_000);
            runs.add(value);
        }
        runs.flush();

        Histogram expected = each.interval(true);
        Histogram actual = inRuns.interval(true);
        assertThat(buckets(actual)).isEqualTo(buckets(expected));
        assertThat(actual.getTotalCount()).isEqualTo(expected.getTotalCount());
        if (expected.getTotalCount() > 0) {
            assertThat(actual.getMaxValue()).isEqualTo(expected.getMaxValue());
            assertThat(actual.getMinValue()).isEqualTo(expected.getMinValue());
            assertThat(actual.getMean()).isEqualTo(expected.getMean());
            assertThat(actual.getValueAtPercentile(99)).isEqualTo(expected.getValueAtPercentile(99));
        }
    }

    /** Each recorded bucket as "value x count". */
    private static List<String> buckets(Histogram histogram) {
        List<String> buckets = new ArrayList<>();
        for (HistogramIterationValue v : histogram.recordedValues()) {
            buckets.add(v.getValueIteratedTo() + " x " + v.getCountAtValueIteratedTo());
        }
        return buckets;
    }
}
