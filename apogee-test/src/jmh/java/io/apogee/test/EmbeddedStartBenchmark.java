package io.apogee.test;

import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.exception.RemotingException;

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
 *
 * With {@code -Procketmq}, {@code EmbeddedStartComparison} measures Apache RocketMQ's in-process name server
 * and broker the same way, in the same JVM.
 */
public final class EmbeddedStartBenchmark {

    static final int WARMUP_ROUNDS = 3;
    static final long IDLE_MILLIS = 2_000;

    private EmbeddedStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        List<Long> startToSend = new ArrayList<>();
        for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
            long begin = System.nanoTime();
            try (EmbeddedApogee apogee = EmbeddedApogee.start()) {
                long millis = firstSendMillis(apogee.namesrvAddr(), "bench-" + round, begin);
                if (round >= WARMUP_ROUNDS) {
                    startToSend.add(millis);
                }
            }
        }
        System.out.println("start to first SEND_OK, " + summary(startToSend));
        long with;
        try (EmbeddedApogee idle = EmbeddedApogee.start()) {
            Thread.sleep(IDLE_MILLIS);
            with = usedHeapAfterGc();
        }
        long without = usedHeapAfterGc();
        System.out.printf("heap used by an idle embedded Apogee: %.1f MiB (%d bytes live with it, %d after close)%n",
                (with - without) / 1048576.0, with, without);
    }

    /**
     * Sends one message with a new official producer through {@code namesrvAddr} (the topic auto-created) and
     * returns the milliseconds from {@code beginNanos} to its SEND_OK: what a test waits before its first send
     * succeeds, including a broker's first registration with the name server.
     */
    static long firstSendMillis(String namesrvAddr, String instance, long beginNanos) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("bench_producer");
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(instance);
        producer.start();
        try {
            SendStatus status = sendUntilRouted(producer);
            long millis = (System.nanoTime() - beginNanos) / 1_000_000;
            if (status != SendStatus.SEND_OK) {
                throw new IllegalStateException("first send: " + status);
            }
            return millis;
        } finally {
            producer.shutdown();
        }
    }

    /**
     * Sends until a send succeeds: a broker registers with the name server a moment after it starts, and a
     * broker still starting may not answer in time; both are part of what a test waits for.
     */
    private static SendStatus sendUntilRouted(DefaultMQProducer producer) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return producer.send(new Message("BenchTopic", "first".getBytes(StandardCharsets.UTF_8))).getSendStatus();
            } catch (MQClientException | RemotingException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(5);
            }
        }
    }

    /** "median of N warm rounds: M ms (min, max)", sorting {@code millis}. */
    static String summary(List<Long> millis) {
        millis.sort(null);
        return String.format("median of %d warm rounds: %d ms (min %d, max %d)", millis.size(),
                millis.get(millis.size() / 2), millis.get(0), millis.get(millis.size() - 1));
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
