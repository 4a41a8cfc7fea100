package io.apogee.console;

import io.apogee.client.admin.Admin;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.test.EmbeddedApogee;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Not a timed test, and not run by {@code mvn verify} (its name is not a test's): a benchmark of the console
 * over 5,000 topics and 2,000 groups. Run it with
 * {@code mvn -pl apogee-console -am verify -Dtest=ConsoleBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * it writes its figures to {@code apogee-console/target/console-benchmark.txt}: the lag sampler's pass over
 * every group, API and page load times of the topics and groups lists (first and warm) while the sampler runs
 * every second, and the in-process heap (name server, broker and console) after a full GC before and after
 * each of two passes of 200 API page loads.
 */
class ConsoleBenchmark {

    private static final int TOPICS = 5_000;
    private static final int GROUPS = 2_000;
    /** Far shorter than the console's 15 s, so that page loads meet the lag sampler's passes. */
    private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);

    private final List<String> report = new ArrayList<>();

    @Test
    void topicsAndGroupsPagesAtScale() throws Exception {
        try (EmbeddedApogee apogee = EmbeddedApogee.start();
             Admin admin = new Admin(apogee.namesrvAddr());
             ConsoleBackend backend = new ConsoleBackend(apogee.namesrvAddr());
             ConsoleServer console = new ConsoleServer(apogee.namesrvAddr(), ConsoleAccess.OPEN, SAMPLE_INTERVAL)
                     .start("127.0.0.1", 0)) {
            long created = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < TOPICS; i++) {
                String topic = String.format(Locale.ROOT, "BenchTopic%05d", i);
                work.add(pool.submit(() -> admin.createTopicOnBroker(apogee.brokerAddr(), topic, 4)));
            }
            for (int i = 0; i < GROUPS; i++) {
                String group = String.format(Locale.ROOT, "bench-group-%05d", i);
                work.add(pool.submit(() -> admin.createGroup("DefaultCluster", SubscriptionGroupConfig.defaults(group))));
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();
            note("created %d topics and %d groups in %d ms", TOPICS, GROUPS, (System.nanoTime() - created) / 1_000_000);
            await().atMost(Duration.ofMinutes(2)).until(() -> admin.fetchAllTopicList().size() >= TOPICS);

            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                int groups = backend.groupLags().size();
                note("lag sampler's pass: %d groups in %d ms", groups, (System.nanoTime() - start) / 1_000_000);
            }
            // Every group has its lag ring by now (the sampler ran): what follows must not grow the heap.
            Thread.sleep(2 * SAMPLE_INTERVAL.toMillis());
            long heapBefore = heapAfterGc();
            note("heap after GC, before page loads: %d MiB", heapBefore >> 20);
            time(console, "topics API, first page (cold list cache)", "/api/v1/topics?page=0&size=20", TOPICS);
            time(console, "topics API, page 200 (warm)", "/api/v1/topics?page=200&size=20", TOPICS);
            time(console, "topics API, filtered 'Topic0499'", "/api/v1/topics?q=Topic0499&size=20", 10);
            Thread.sleep(ConsoleBackend.LIST_TTL_MILLIS + 100);
            time(console, "groups API, first page (cold list cache)", "/api/v1/groups?page=0&size=20", GROUPS);
            time(console, "groups API, page 50 (warm)", "/api/v1/groups?page=50&size=20", GROUPS);
            // Twice over the same 200 pages: the first pass fills what the pages cache (routes of the topics
            // shown), the second shows whether anything keeps growing.
            long heapAfter = heapBefore;
            for (int pass = 1; pass <= 2; pass++) {
                for (int i = 0; i < 100; i++) {
                    ConsoleApiTest.call(console, "GET", "/api/v1/topics?page=" + i + "&size=20", null, null);
                    ConsoleApiTest.call(console, "GET", "/api/v1/groups?page=" + (i % 100) + "&size=20", null, null);
                }
                long heap = heapAfterGc();
                note("heap after GC, after pass %d of 200 API page loads: %d MiB (change %+d KiB)", pass,
                        heap >> 20, (heap - heapAfter) >> 10);
                heapAfter = heap;
            }
            if (Browser.CHROMIUM.exists()) {
                pages(console);
            }
        } finally {
            Path out = Path.of("target", "console-benchmark.txt");
            Files.write(out, report);
            report.forEach(System.out::println);
        }
    }

    private void pages(ConsoleServer console) throws Exception {
        try (Browser browser = new Browser(console.url(), Path.of("target", "console-screenshots"))) {
            for (String page : List.of("topics", "groups", "topics", "groups", "topics", "groups", "topics", "groups")) {
                browser.open("#/");
                await().until(() -> !browser.driver().findElements(By.cssSelector("#brokers tbody tr")).isEmpty());
                long start = System.nanoTime();
                browser.open("#/" + page);
                await().atMost(Duration.ofSeconds(60)).until(() -> browser.driver()
                        .findElements(By.cssSelector("#" + page + " tbody tr a")).size() == 20);
                note("%s page in the browser: %d ms (until its 20 rows show)", page, (System.nanoTime() - start) / 1_000_000);
            }
            browser.screenshot("bench-groups");
        }
    }

    private void time(ConsoleServer console, String what, String path, int expectedAtLeast) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = ConsoleApiTest.call(console, "GET", path, null, null);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"total\":");
        note("%s: %d ms, %d bytes", what, ms, response.body().length());
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void note(String format, Object... args) {
        report.add(String.format(Locale.ROOT, format, args));
    }
}
