package io.apogee.test;

import io.apogee.client.RocketMqCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static io.apogee.test.EmbeddedStartBenchmark.IDLE_MILLIS;
import static io.apogee.test.EmbeddedStartBenchmark.WARMUP_ROUNDS;
import static io.apogee.test.EmbeddedStartBenchmark.firstSendMillis;
import static io.apogee.test.EmbeddedStartBenchmark.summary;
import static io.apogee.test.EmbeddedStartBenchmark.usedHeapAfterGc;

/**
 * The embedded Apogee against Apache RocketMQ 5.3.3's NamesrvController and BrokerController started in the
 * same JVM (as RocketMQ's own tests start them), measured the same way and interleaved round by round: time
 * from start to a first SEND_OK of the official producer, and heap used by an idle pair after a full
 * collection. Needs {@code -Procketmq}:
 *
 * <pre>
 * mvn -q -Procketmq -pl apogee-test -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp apogee-test/target/test-classes:apogee-test/target/classes:$(cat apogee-test/cp.txt) io.apogee.test.EmbeddedStartComparison [rounds]
 * </pre>
 */
public final class EmbeddedStartComparison {

    private EmbeddedStartComparison() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        List<Long> apogee = new ArrayList<>();
        List<Long> rocketmq = new ArrayList<>();
        for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
            long begin = System.nanoTime();
            try (EmbeddedApogee embedded = EmbeddedApogee.start()) {
                long millis = firstSendMillis(embedded.namesrvAddr(), "apogee-" + round, begin);
                if (round >= WARMUP_ROUNDS) {
                    apogee.add(millis);
                }
            }
            Path dir = Files.createTempDirectory("rocketmq-start");
            try {
                begin = System.nanoTime();
                try (RocketMqCluster cluster = new RocketMqCluster(dir)) {
                    long millis = firstSendMillis(cluster.namesrvAddr(), "rocketmq-" + round, begin);
                    if (round >= WARMUP_ROUNDS) {
                        rocketmq.add(millis);
                    }
                }
            } finally {
                delete(dir);
            }
        }
        System.out.println("Apogee, start to first SEND_OK, " + summary(apogee));
        System.out.println("RocketMQ 5.3.3, start to first SEND_OK, " + summary(rocketmq));

        long baseline = usedHeapAfterGc();
        long apogeeHeap;
        try (EmbeddedApogee idle = EmbeddedApogee.start()) {
            Thread.sleep(IDLE_MILLIS);
            apogeeHeap = usedHeapAfterGc() - baseline;
        }
        baseline = usedHeapAfterGc();
        long rocketmqHeap;
        Path dir = Files.createTempDirectory("rocketmq-idle");
        try (RocketMqCluster idle = new RocketMqCluster(dir)) {
            Thread.sleep(IDLE_MILLIS);
            rocketmqHeap = usedHeapAfterGc() - baseline;
        } finally {
            delete(dir);
        }
        System.out.printf("heap used by an idle name server and broker: Apogee %.1f MiB, RocketMQ 5.3.3 %.1f MiB%n",
                apogeeHeap / 1048576.0, rocketmqHeap / 1048576.0);
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
