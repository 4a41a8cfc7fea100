package io.apogee.broker.metrics;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.metrics.MetricsConfig;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.store.MessageStoreConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link MetricsSendBenchmark}'s question asked so that a shared, noisy machine can answer it: two brokers in
 * one JVM, one with metrics off and one with metrics on (scraped every second), and 16 sync senders that
 * alternate between them in short windows, the order flipped every round. Load that drifts over minutes then
 * hits both sides of each round alike, and the median of the per-round ratios is the figure to quote.
 *
 * <pre>java -cp &lt;test classpath&gt; io.apogee.broker.metrics.MetricsOverheadRun [rounds] [seconds per window]</pre>
 */
public final class MetricsOverheadRun {

    private static final int SENDERS = 16;
    private static final int TOPICS = 8;
    private static final int WARM_UP_ROUNDS = 2;

    private MetricsOverheadRun() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long windowMillis = (long) ((args.length > 1 ? Double.parseDouble(args[1]) : 2) * 1000);
        Path dir = Files.createTempDirectory("metrics-overhead");
        Broker off = broker(dir.resolve("off"), false);
        Broker on = broker(dir.resolve("on"), true);
        RemotingClient client = new RemotingClient(new ClientConfig());
        client.start();
        URI uri = URI.create("http://127.0.0.1:" + on.metrics().port() + "/metrics");
        ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
        scraper.scheduleWithFixedDelay(() -> BenchTraffic.scrape(uri), 1, 1, TimeUnit.SECONDS);
        List<Double> ratios = new ArrayList<>();
        List<Double> offRates = new ArrayList<>();
        List<Double> onRates = new ArrayList<>();
        try {
            for (int round = 0; round < rounds + WARM_UP_ROUNDS; round++) {
                boolean offFirst = round % 2 == 0;
                double first = window(client, offFirst ? off : on, windowMillis);
                double second = window(client, offFirst ? on : off, windowMillis);
                double offRate = offFirst ? first : second;
                double onRate = offFirst ? second : first;
                if (round >= WARM_UP_ROUNDS) {
                    offRates.add(offRate);
                    onRates.add(onRate);
                    ratios.add(onRate / offRate);
                }
                System.out.printf("round %2d: off %8.0f/s  on %8.0f/s  on/off %.3f%s%n", round + 1, offRate, onRate,
                        onRate / offRate, round < WARM_UP_ROUNDS ? " (warm-up)" : "");
            }
            System.out.printf("median of %d rounds: off %.0f/s, on %.0f/s, median on/off ratio %.3f (quartiles %.3f"
                    + " .. %.3f)%n", ratios.size(), median(offRates), median(onRates), median(ratios),
                    quantile(ratios, 0.25), quantile(ratios, 0.75));
        } finally {
            scraper.shutdownNow();
            client.shutdown();
            off.shutdown();
            on.shutdown();
        }
    }

    private static Broker broker(Path store, boolean metrics) {
        BrokerConfig config = new BrokerConfig().bindAddress("127.0.0.1").listenPort(0)
                .brokerName(metrics ? "broker-on" : "broker-off")
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, store.toString())));
        if (metrics) {
            config.metrics(MetricsConfig.prometheus("127.0.0.1", 0));
        }
        Broker broker = new Broker(config);
        broker.start();
        return broker;
    }

    /** Sends from {@link #SENDERS} threads to {@code broker} for {@code millis}; returns sends per second. */
    private static double window(RemotingClient client, Broker broker, long millis) throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        byte[] body = new byte[128];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            String topic = "MetricsOverhead" + i % TOPICS;
            int queue = i & 3;
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    RemotingCommand request = BenchTraffic.send(topic, queue, body);
                    try {
                        RemotingCommand answer = client.invokeSync(broker.brokerAddr(), request, 10_000);
                        if (answer.code() != ResponseCode.SUCCESS) {
                            throw new IllegalStateException("send answered " + answer.code());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    sent.incrementAndGet();
                }
            }, "overhead-sender-" + i);
            threads.add(t);
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        return sent.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.round(q * (sorted.size() - 1)));
    }
}
