package io.apogee.it;

import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.producer;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Fills a real, small file system (a tmpfs the test mounts) with sync 4 KiB sends from the official
 * client: the broker must answer disk-full before acknowledging anything it cannot keep, keep serving
 * reads, take writes again by itself once space is freed, and after a restart every message that got
 * SEND_OK must be consumable. Mounting needs root; where the test may not mount it is skipped, and
 * {@code FileRollSpaceTest} in the store checks the same logic with injected faults.
 *
 * <p>The file-system size is {@code -Dapogee.smallFs.mb} (default 24, the short CI run; 64 by hand).
 */
class SmallFileSystemTest {

    private static final String TOPIC = "DiskFullTopic";
    private static final int BODY = 4096;

    @TempDir
    Path dir;
    Path mount;
    final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler previousHandler;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = dir.resolve("small");
        Files.createDirectories(mount);
        int megabytes = Integer.getInteger("apogee.smallFs.mb", 24);
        int exit = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", mount.toString());
        assumeThat(exit).as("mounting a %d MiB tmpfs needs root and a kernel that allows it (exit %d); the"
                + " injected-fault store test covers the logic", megabytes, exit).isZero();
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    }

    @AfterEach
    void unmount() throws Exception {
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        if (mount != null && run("umount", mount.toString()) != 0) {
            run("umount", "-l", mount.toString());
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Test
    void fullDiskAnswersDiskFullLosesNothingAcknowledgedAndResumesWhenSpaceReturns() throws Exception {
        Path store = mount.resolve("store");
        // Space the test frees later, as an operator would by deleting something else on the disk.
        Path ballast = mount.resolve("ballast");
        try (RandomAccessFile file = new RandomAccessFile(ballast.toFile(), "rw")) {
            file.write(new byte[6 * 1024 * 1024]);
        }
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (LocalCluster cluster = new LocalCluster(dir, config -> config.store(MessageStoreConfig.from(Map.of(
                MessageStoreConfig.STORE_PATH_ROOT_DIR, store.toString(),
                MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(4 * 1024 * 1024),
                MessageStoreConfig.MAX_MESSAGE_SIZE, Integer.toString(64 * 1024),
                MessageStoreConfig.MAPED_FILE_SIZE_CONSUME_QUEUE, Integer.toString(20 * 20_000),
                MessageStoreConfig.MAX_HASH_SLOT_NUM, "5000",
                MessageStoreConfig.MAX_INDEX_NUM, "20000",
                MessageStoreConfig.FLUSH_DISK_TYPE, "SYNC_FLUSH",
                // Neither the usage ratio nor retention may step in: the roll itself must see the full disk.
                MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, Integer.toString(Integer.MAX_VALUE),
                MessageStoreConfig.DISK_SPACE_WARNING_LEVEL_RATIO, "100",
                MessageStoreConfig.DISK_MAX_USED_SPACE_RATIO, "100"))))) {
            DefaultMQProducer producer = producer(cluster.namesrvAddr(), "disk_full_producer", "disk-full-producer");
            producer.setRetryTimesWhenSendFailed(0);
            producer.setSendMsgTimeout(10_000);
            producer.start();
            try {
                int refusals = sendUntilRefused(producer, acknowledged, 0, 100_000);
                assertThat(refusals).as("the broker answered disk-full").isPositive();
                assertThat(acknowledged).isNotEmpty();

                // Reads are still served while the disk is full.
                assertThat(consumeAll(cluster, "disk_full_reader", acknowledged.size())).containsAll(acknowledged);

                // Space returns: writes resume without a restart.
                Files.delete(ballast);
                int before = acknowledged.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> trySend(producer, acknowledged, before));
                assertThat(acknowledged.size()).isGreaterThan(before);
            } finally {
                producer.shutdown();
            }

            cluster.restartBroker();
            cluster.awaitRoute(TOPIC);
            assertThat(consumeAll(cluster, "disk_full_after_restart", acknowledged.size()))
                    .containsAll(acknowledged);
        }
        assertThat(uncaught).as("no thread died").isEmpty();
    }

    /** Sends until the broker has refused several sends in a row; returns how many it refused. */
    private static int sendUntilRefused(DefaultMQProducer producer, Set<String> acknowledged, int from, int max)
            throws Exception {
        int refusals = 0;
        for (int i = from; i < max && refusals < 5; i++) {
            Message message = new Message(TOPIC, body(i));
            message.setKeys("k" + i);
            try {
                SendResult result = producer.send(message);
                assertThat(result.getSendStatus()).as("send %d", i).isEqualTo(SendStatus.SEND_OK);
                acknowledged.add("k" + i);
                refusals = 0;
            } catch (MQClientException e) {
                MQBrokerException refusal = refusal(e);
                assertThat(refusal.getErrorMessage()).contains("disk is full");
                refusals++;
            }
        }
        return refusals;
    }

    /** One send after space returned; true once it was acknowledged. */
    private static boolean trySend(DefaultMQProducer producer, Set<String> acknowledged, int at) {
        String key = "resumed" + System.nanoTime();
        Message message = new Message(TOPIC, body(at));
        message.setKeys(key);
        try {
            if (producer.send(message).getSendStatus() == SendStatus.SEND_OK) {
                acknowledged.add(key);
                return true;
            }
        } catch (MQClientException e) {
            refusal(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return false;
    }

    /** The broker's disk-full answer inside the client's exception (which wraps it when retries are off). */
    private static MQBrokerException refusal(MQClientException e) {
        assertThat(e.getCause()).as("a broker answer, not a client failure").isInstanceOf(MQBrokerException.class);
        MQBrokerException refusal = (MQBrokerException) e.getCause();
        assertThat(refusal.getResponseCode()).as(refusal.getErrorMessage()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        return refusal;
    }

    /** Random bytes: the client compresses bodies of 4 KiB and more, and zeros would shrink to nothing. */
    private static byte[] body(int i) {
        byte[] body = new byte[BODY];
        new Random(i).nextBytes(body);
        return body;
    }

    /** Consumes {@link #TOPIC} from its first offset in a new group until {@code expected} keys arrived. */
    private static Set<String> consumeAll(LocalCluster cluster, String group, int expected) throws Exception {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), group,
                uniqueInstanceName(group));
        try {
            startConsuming(consumer, TOPIC, m -> keys.add(m.getKeys()));
            await().atMost(Duration.ofSeconds(120)).until(() -> keys.size() >= expected);
        } finally {
            consumer.shutdown();
        }
        return keys;
    }
}
