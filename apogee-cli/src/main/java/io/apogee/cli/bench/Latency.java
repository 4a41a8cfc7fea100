package io.apogee.cli.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One latency being measured (a send, an end-to-end trip), in microseconds, with three significant digits
 * and no upper bound. Recording threads never wait for the reader: the ticking thread swaps out the values
 * of each interval and adds the measured ones to the total.
 *
 * <p>Thread safety: {@link #recordNanos} from any number of threads; {@link #interval} and {@link #total}
 * from the one ticking thread.
 */
final class Latency {

    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    void recordNanos(long nanos) {
        recorder.recordValue(Math.max(0, nanos) / 1_000);
    }

    /** A recorder of one thread's values that sends each run of values in one bucket as one count. */
    Runs runs() {
        return new Runs();
    }

    /**
     * Values in microseconds, held while they fall in the bucket of the first of their run; a value of another
     * bucket, or {@link #flush}, records the run. Recording a run as its first value with its count gives the
     * histogram the same counts, minimum and maximum buckets as recording each value.
     *
     * <p>Thread safety: one thread.
     */
    final class Runs {
        private long first = -1;
        private long lowest;
        private long highest;
        private long count;

        void add(long micros) {
            long value = Math.max(0, micros);
            if (count > 0 && value >= lowest && value <= highest) {
                count++;
                return;
            }
            flush();
            first = value;
            lowest = total.lowestEquivalentValue(value);
            highest = total.highestEquivalentValue(value);
            count = 1;
        }

        void flush() {
            if (count > 0) {
                recorder.recordValueWithCount(first, count);
                count = 0;
            }
        }
    }

    /** The values recorded since the last call; when {@code measured}, they also count in the total. */
    Histogram interval(boolean measured) {
        interval = recorder.getIntervalHistogram(interval);
        if (measured) {
            total.add(interval);
        }
        return interval;
    }

    Histogram total() {
        return total;
    }

    /** p50, p99, p99.9, max and mean in microseconds, and the count, for a report. */
    static Map<String, Object> summary(Histogram histogram) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", histogram.getTotalCount());
        summary.put("p50_us", histogram.getValueAtPercentile(50));
        summary.put("p99_us", histogram.getValueAtPercentile(99));
        summary.put("p999_us", histogram.getValueAtPercentile(99.9));
        summary.put("max_us", histogram.getMaxValue());
        summary.put("mean_us", Math.round(histogram.getMean()));
        return summary;
    }

    /** "p50 1.23 ms p99 4.56 ms" for a progress line. */
    static String brief(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return "p50 - p99 -";
        }
        return String.format(Locale.ROOT, "p50 %.2f ms p99 %.2f ms",
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0);
    }
}
