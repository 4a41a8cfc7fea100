package io.apogee.it;

import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pull returns at most maxTransferCountOnMessageInMemory (32) messages and maxTransferBytesOnMessageInMemory
 * (256 KiB) while the messages are within accessMessageInMemoryMaxRatio of physical memory from the log's
 * end, and maxTransferCountOnMessageInDisk (8) / maxTransferBytesOnMessageInDisk (64 KiB) beyond it, as
 * RocketMQ 5.3.3 does, however many the official pull consumer asks for; the four limits are configurable.
 */
@SuppressWarnings("deprecation") // the plain pull consumer is the official way to ask for a batch size
class OfficialPullLimitTest {

    private static final String TOPIC = "LimitTopic";

    @TempDir
    Path dir;

    private final Closer closer = new Closer();
    private DefaultMQPullConsumer consumer;
    private MessageQueue queue;
    private int runs;

    @AfterEach
    void stop() {
        closer.close();
    }

    /**
     * A new broker with {@code storeKeys}, 100 messages of {@code bodyBytes} random bytes (which the producer
     * cannot compress) in one queue, and a pull consumer.
     */
    private void fill(Map<String, String> storeKeys, int bodyBytes) throws Exception {
        Path run = dir.resolve("run" + runs++);
        Map<String, String> keys = new HashMap<>(storeKeys);
        keys.put(MessageStoreConfig.STORE_PATH_ROOT_DIR, run.resolve("store").toString());
        keys.put(MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024));
        LocalCluster cluster = closer.add(new LocalCluster(run, config -> config.store(MessageStoreConfig.from(keys))),
                LocalCluster::close);
        DefaultMQProducer producer = closer.add(startedProducer(cluster.namesrvAddr(), "limit_producer", "limit"),
                DefaultMQProducer::shutdown);
        Random random = new Random(runs);
        for (int i = 0; i < 100; i++) {
            byte[] body = new byte[bodyBytes];
            random.nextBytes(body);
            queue = producer.send(new Message(TOPIC, body), (mqs, msg, arg) -> mqs.get(0), null).getMessageQueue();
        }
        cluster.awaitRoute(TOPIC);
        consumer = new DefaultMQPullConsumer("limit_group");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(uniqueInstanceName("limit"));
        consumer.start();
        closer.add(consumer, DefaultMQPullConsumer::shutdown);
    }

    private List<MessageExt> pullFifty() throws Exception {
        PullResult pulled = consumer.pull(queue, "*", 0, 50);
        assertThat(pulled.getPullStatus()).isEqualTo(PullStatus.FOUND);
        assertThat(pulled.getNextBeginOffset()).isEqualTo(pulled.getMsgFoundList().size());
        return pulled.getMsgFoundList();
    }

    private static int storedBytes(List<MessageExt> messages) {
        return messages.stream().mapToInt(MessageExt::getStoreSize).sum();
    }

    @Test
    void aPullForFiftyMessagesGetsThirtyTwo() throws Exception {
        fill(Map.of(), 10);
        assertThat(pullFifty()).hasSize(32);
        PullResult small = consumer.pull(queue, "*", 32, 10);
        assertThat(small.getMsgFoundList()).hasSize(10);
        assertThat(small.getMsgFoundList().get(0).getQueueOffset()).isEqualTo(32);
    }

    @Test
    void aPullFromMemoryGetsAtMost256KiB() throws Exception {
        fill(Map.of(), 10 * 1024);
        List<MessageExt> pulled = pullFifty();
        int size = pulled.get(0).getStoreSize();
        assertThat(storedBytes(pulled)).isLessThanOrEqualTo(256 * 1024).isGreaterThan(256 * 1024 - size);
        assertThat(pulled).hasSizeLessThan(32);
    }

    @Test
    void aPullOfMessagesNoLongerInMemoryGetsEightAndAtMost64KiB() throws Exception {
        // Nothing counts as in memory: every message is as if far behind the log's end.
        fill(Map.of(MessageStoreConfig.ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, "0"), 10);
        assertThat(pullFifty()).hasSize(8);
        closer.close();

        fill(Map.of(MessageStoreConfig.ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, "0"), 10 * 1024);
        List<MessageExt> pulled = pullFifty();
        int size = pulled.get(0).getStoreSize();
        assertThat(storedBytes(pulled)).isLessThanOrEqualTo(64 * 1024).isGreaterThan(64 * 1024 - size);
    }

    @Test
    void theFourLimitsAreConfigurable() throws Exception {
        fill(Map.of(MessageStoreConfig.MAX_TRANSFER_COUNT_IN_MEMORY, "5",
                MessageStoreConfig.MAX_TRANSFER_BYTES_IN_MEMORY, Integer.toString(1024 * 1024)), 10 * 1024);
        assertThat(pullFifty()).hasSize(5);
        closer.close();

        fill(Map.of(MessageStoreConfig.ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, "0",
                MessageStoreConfig.MAX_TRANSFER_COUNT_IN_DISK, "40",
                MessageStoreConfig.MAX_TRANSFER_BYTES_IN_DISK, Integer.toString(1024 * 1024)), 10);
        assertThat(pullFifty()).hasSize(40);
    }
}
