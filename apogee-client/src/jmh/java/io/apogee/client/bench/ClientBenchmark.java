package io.apogee.client.bench;

import io.apogee.client.ApogeeCluster;
import io.apogee.client.admin.Admin;
import io.apogee.client.consumer.ConsumeConcurrentlyStatus;
import io.apogee.client.consumer.PushConsumer;
import io.apogee.client.message.Message;
import io.apogee.client.producer.Producer;
import io.apogee.protocol.body.ConsumeFromWhere;
import org.HdrHistogram.Histogram;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Apogee's client against the official RocketMQ 5.3.3 client, both against one in-process Apogee
 * broker in one run: sync-send throughput and p99 with 16 threads, push-consume throughput, and
 * client CPU seconds per million messages (CPU time of the sending threads plus each client's own
 * threads, read from the JVM's per-thread CPU clocks, so the broker's threads are not counted).
 *
 * <p>Run: see the client README. Arguments: {@code [seconds per send phase] [messages to consume]}.
 */
public final class ClientBenchmark {

    private static final int THREADS = 16;
    private static final byte[] BODY = new byte[128];
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ClientBenchmark() {
    }

    /** A client under test: how to send one message, and which of its threads to bill. */
    private interface Sender {
        void send(String topic) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int toConsume = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        Path dir = Files.createTempDirectory("apogee-client-bench");
        try (ApogeeCluster cluster = new ApogeeCluster(dir); Admin admin = new Admin(cluster.namesrvAddr())) {
            String ns = cluster.namesrvAddr();
            for (String topic : List.of("BenchApogee", "BenchOfficial", "FillApogee", "FillOfficial")) {
                admin.createTopic("DefaultCluster", topic, 8);
            }
            Producer ours = new Producer("bench_apogee");
            ours.setNamesrvAddr(ns);
            ours.start();
            DefaultMQProducer official = new DefaultMQProducer("bench_official");
            official.setNamesrvAddr(ns);
            official.setInstanceName("bench-official");
            official.start();
            Sender apogee = topic -> ours.send(new Message(topic, BODY));
            Sender theirs = topic -> official.send(new org.apache.rocketmq.common.message.Message(topic, BODY));
            Predicate<String> apogeeThreads = n -> n.startsWith("apogee-client-io");
            Predicate<String> officialThreads = n -> n.startsWith("NettyClient") || n.startsWith("PullMessageService")
                    || n.startsWith("ConsumeMessageThread");

            sendPhase("warm-up apogee", apogee, "BenchApogee", 3, apogeeThreads);
            sendPhase("warm-up official", theirs, "BenchOfficial", 3, officialThreads);
            for (int round = 1; round <= 2; round++) {
                sendPhase("round " + round + " apogee  ", apogee, "BenchApogee", seconds, apogeeThreads);
                sendPhase("round " + round + " official", theirs, "BenchOfficial", seconds, officialThreads);
            }

            fill(apogee, "FillApogee", toConsume);
            fill(apogee, "FillOfficial", toConsume);
            consumeApogee(ns, toConsume, apogeeThreads.or(n -> n.startsWith("apogee-consume")
                    || n.startsWith("apogee-pull")));
            consumeOfficial(ns, toConsume, officialThreads);
            ours.shutdown();
            official.shutdown();
        }
    }

    private static void sendPhase(String name, Sender sender, String topic, int seconds, Predicate<String> billed)
            throws Exception {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        AtomicLong sent = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<Long, Long> cpuBefore = threadCpu(billed);
        List<Thread> threads = new ArrayList<>();
        AtomicLong senderCpu = new AtomicLong();
        List<Histogram> perThread = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            perThread.add(h);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        sender.send(topic);
                        h.recordValue(System.nanoTime() - start);
                        sent.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                senderCpu.addAndGet(CPU.getCurrentThreadCpuTime());
            }, "bench-sender-" + i);
            threads.add(t);
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        perThread.forEach(latency::add);
        double cpuSeconds = cpuSeconds(cpuBefore, threadCpu(billed)) + senderCpu.get() / 1e9;
        System.out.printf("%s sync send: %,10.0f msg/s  p99 %7.3f ms  cpu %6.2f s per million%n", name,
                sent.get() / elapsed, latency.getValueAtPercentile(99) / 1e6, cpuSeconds / sent.get() * 1e6);
    }

    private static void fill(Sender sender, String topic, int count) throws Exception {
        AtomicLong left = new AtomicLong(count);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread t = new Thread(() -> {
                while (left.decrementAndGet() >= 0) {
                    try {
                        sender.send(topic);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "bench-filler-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void consumeApogee(String ns, int count, Predicate<String> billed) throws Exception {
        CountDownLatch done = new CountDownLatch(count);
        PushConsumer consumer = new PushConsumer("bench_apogee_consumer");
        consumer.setNamesrvAddr(ns);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("FillApogee", "*");
        consumer.registerMessageListener((io.apogee.client.consumer.MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> done.countDown());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        Map<Long, Long> before = threadCpu(billed);
        long start = System.nanoTime();
        consumer.start();
        done.await(5, TimeUnit.MINUTES);
        report("apogee  ", count - done.getCount(), start, cpuSeconds(before, threadCpu(billed)));
        consumer.shutdown();
    }

    private static void consumeOfficial(String ns, int count, Predicate<String> billed) throws Exception {
        CountDownLatch done = new CountDownLatch(count);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("bench_official_consumer");
        consumer.setNamesrvAddr(ns);
        consumer.setInstanceName("bench-official-consumer");
        consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("FillOfficial", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> done.countDown());
            return org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        Map<Long, Long> before = threadCpu(billed);
        long start = System.nanoTime();
        consumer.start();
        done.await(5, TimeUnit.MINUTES);
        report("official", count - done.getCount(), start, cpuSeconds(before, threadCpu(billed)));
        consumer.shutdown();
    }

    private static void report(String name, long consumed, long startNanos, double cpuSeconds) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%s consume:   %,10.0f msg/s  (%,d in %.1f s)  cpu %6.2f s per million%n", name,
                consumed / elapsed, consumed, elapsed, cpuSeconds / consumed * 1e6);
    }

    /** CPU nanoseconds of every live thread whose name {@code billed} accepts, by thread id. */
    private static Map<Long, Long> threadCpu(Predicate<String> billed) {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (billed.test(t.getName())) {
                long ns = CPU.getThreadCpuTime(t.getId());
                if (ns >= 0) {
                    cpu.put(t.getId(), ns);
                }
            }
        }
        return cpu;
    }

    /** CPU used between two snapshots, counting threads that appeared in between from zero. */
    private static double cpuSeconds(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return total / 1e9;
    }
}
