package io.apogee.it;

import io.apogee.broker.ha.BrokerRole;
import io.apogee.store.MessageStore;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.apogee.it.OfficialClients.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A new, empty slave joins a SYNC_MASTER whose retention already deleted its oldest commit-log files: the slave's
 * log begins where the master's does, holds the same bytes from there, builds the same queues (their first
 * offsets above 0), and the master answers SEND_OK again once the slave holds its log.
 */
class ReplicationAfterRetentionTest {

    private static final String TOPIC = "RetainedTopic";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int QUEUES = 4;

    @TempDir
    Path dir;

    private BrokerGroup group;
    private DefaultMQProducer producer;

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (group != null) {
            group.close();
        }
    }

    @Test
    void emptySlaveStartsAtTheMastersOldestFile() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.SYNC_MASTER, 60_000);
        // Every hour is a deletion hour and nothing is reserved: each full, dispatched file goes at once.
        String everyHour = IntStream.range(0, 24).mapToObj(h -> String.format("%02d", h))
                .collect(Collectors.joining(";"));
        group.customize(master -> master.store(MessageStoreConfig.from(group.storeKeys("master", Map.of(
                MessageStoreConfig.FILE_RESERVED_TIME, "0",
                MessageStoreConfig.DELETE_WHEN, everyHour,
                MessageStoreConfig.CLEAN_RESOURCE_INTERVAL, "100")))), slave -> slave);
        group.startMaster();
        producer = producer(group.namesrvAddr(), "retention_producer", "retention");
        producer.setSendMsgTimeout(15_000);
        producer.start();
        for (int i = 0; i < 250; i++) {
            assertThat(producer.send(message(i)).getSendStatus()).as("send %d, no slave yet", i)
                    .isEqualTo(SendStatus.SLAVE_NOT_AVAILABLE);
        }
        MessageStore master = group.master().store();
        await().atMost(WAIT).until(() -> master.commitLogMinOffset() >= 2L * BrokerGroup.FILE_SIZE);
        long masterMin = master.commitLogMinOffset();
        assertThat(master.minOffsetInQueue(TOPIC, 0)).as("retention trimmed the queues too").isPositive();

        group.startSlave();
        MessageStore slave = group.slave().store();
        await().atMost(WAIT).until(() -> slave.commitLogMaxOffset() == master.commitLogMaxOffset());
        for (int i = 250; i < 270; i++) {
            assertThat(producer.send(message(i)).getSendStatus()).as("send %d, slave in sync", i)
                    .isEqualTo(SendStatus.SEND_OK);
        }
        long end = master.commitLogMaxOffset();
        await().atMost(WAIT).until(() -> slave.commitLogMaxOffset() == end);
        assertThat(slave.commitLogMinOffset()).isEqualTo(masterMin);
        assertThat(group.sameCommitLog(masterMin, end)).as("same bytes from %d to %d", masterMin, end).isTrue();
        for (int q = 0; q < QUEUES; q++) {
            int queue = q;
            await().atMost(WAIT).until(() -> slave.maxOffsetInQueue(TOPIC, queue) == master.maxOffsetInQueue(TOPIC, queue));
            assertThat(slave.minOffsetInQueue(TOPIC, queue)).as("queue %d begins where the master's does", queue)
                    .isEqualTo(master.minOffsetInQueue(TOPIC, queue));
        }
        // The dispatcher writes a record's index keys just after its queue entry.
        await().atMost(WAIT).untilAsserted(() -> assertThat(slave.queryMessage(TOPIC, "k260", 10, 0, Long.MAX_VALUE))
                .as("the slave indexes new messages").hasSize(1));
    }

    private static Message message(int i) {
        return BrokerGroup.message(TOPIC, i);
    }
}
