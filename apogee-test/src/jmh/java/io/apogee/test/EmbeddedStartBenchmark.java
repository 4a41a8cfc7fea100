package io.apogee.test;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded broker's cost to a test suite: time from {@link EmbeddedApogee#start()} to a first successful
 * send with the official producer (in a warm JVM: the first rounds warm it and are not counted), and heap
 * used by an idle embedded broker after a full collection. Run by hand:
 *
 * <pre>java -cp ... io.apogee.test.EmbeddedStartBenchmark [rounds]</pre>
 */
public final class EmbeddedStartBenchmark {

    private EmbeddedStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int warmup = 3;
        List<Long> startToSend = new ArrayList<>();
        for (int round = 0; round < warmup + rounds; round++) {
            long begin = System.nanoTime();
            try (EmbeddedApogee apogee = EmbeddedApogee.start()) {
                DefaultMQProducer producer = new DefaultMQProducer("bench_producer");
                producer.setNamesrvAddr(apogee.namesrvAddr());
                producer.setInstanceName("bench-" + round);
                producer.start();
                try {
                    SendStatus status = producer.send(new Message("BenchTopic",
                            "first".getBytes(StandardCharsets.UTF_8))).getSendStatus();
                    long millis = (System.nanoTime() - begin) / 1_000_000;
                    if (status != SendStatus.SEND_OK) {
                        throw new IllegalStateException("first send: " + status);
                    }
                    if (round >= warmup) {
                        startToSend.add(millis);
                    }
                } finally {
                    producer.shutdown();
                }
            }
        }
        startToSend.sort(null);
        System.out.printf("start to first SEND_OK, median of %d warm rounds: %d ms (min %d, max %d)%n", rounds,
                startToSend.get(rounds / 2), startToSend.get(0), startToSend.get(rounds - 1));

        long with;
        try (EmbeddedApogee idle = EmbeddedApogee.start()) {
            Thread.sleep(2_000);
            with = usedHeapAfterGc();
        }
        long without = usedHeapAfterGc();
        System.out.printf("heap used by an idle embedded Apogee: %.1f MiB (%d bytes live with it, %d after close)%n",
                (with - without) / 1048576.0, with, without);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
