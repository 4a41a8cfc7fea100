package io.apogee.cli.bench.compare;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Medians per system and their ratio, from the JSON each bench round prints. */
class ComparisonTableTest {

    private static String run(double rate, long p99us, double cpu, long rssKb) {
        return "{\"mode\":\"produce\",\"msgs_per_s\":" + rate + ",\"send_latency\":{\"count\":10,\"p50_us\":1000,"
                + "\"p99_us\":" + p99us + ",\"p999_us\":9000,\"max_us\":10000},\"broker\":{\"pid\":1,"
                + "\"cpu_us_per_msg\":" + cpu + ",\"peak_rss_kb\":" + rssKb + "},\"ok\":true}";
    }

    @Test
    void mediansAndRatiosComeFromTheRoundsOfEachSystem() {
        ComparisonTable table = new ComparisonTable(List.of("A", "B"));
        table.add("A", RunFigures.parse(run(300, 4000, 20, 204800)));
        table.add("A", RunFigures.parse(run(100, 2000, 10, 102400)));
        table.add("A", RunFigures.parse(run(200, 3000, 30, 153600)));
        table.add("B", RunFigures.parse(run(100, 8000, 40, 409600)));
        table.add("B", RunFigures.parse(run(50, 6000, 60, 512000)));

        assertThat(table.median("A", RunFigures.THROUGHPUT)).isEqualTo(200);
        assertThat(table.median("B", RunFigures.THROUGHPUT)).isEqualTo(75);
        assertThat(table.median("A", RunFigures.P99)).isEqualTo(3.0);
        assertThat(table.median("B", RunFigures.RSS)).isEqualTo(450);

        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));
        assertThat(text.toString()).containsPattern("throughput \\(msg/s\\)\\s+200\\s+75\\.00\\s+2\\.67")
                .containsPattern("broker CPU per message \\(us\\)\\s+20\\.00\\s+50\\.00\\s+0\\.40");
    }

    @Test
    void aFailedRoundIsMarkedAndEndToEndLatencyWinsOverSendLatency() {
        RunFigures e2e = RunFigures.parse("{\"msgs_per_s\":10,\"send_latency\":{\"p50_us\":1000},"
                + "\"e2e_latency\":{\"p50_us\":5000,\"p99_us\":7000,\"p999_us\":8000},\"ok\":false}");
        assertThat(e2e.ok()).isFalse();
        assertThat(e2e.values()).containsEntry(RunFigures.P50, 5.0);
    }
}
