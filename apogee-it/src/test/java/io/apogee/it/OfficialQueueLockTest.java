package io.apogee.it;

import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody;
import org.apache.rocketmq.remoting.protocol.body.UnlockBatchRequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.apogee.it.OfficialClients.startedProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker's queue locks as the official client's own LOCK_BATCH_MQ and UNLOCK_BATCH_MQ calls
 * see them: one client per group and queue, renewal by the holder, expiry after
 * rebalanceLockMaxLiveTime, and release when the holder's connection closes.
 */
class OfficialQueueLockTest {

    private static final String GROUP = "lock_group";
    private static final MessageQueue Q0 = new MessageQueue("LOCK_TOPIC", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("LOCK_TOPIC", "broker-a", 1);
    private static final MessageQueue Q2 = new MessageQueue("LOCK_TOPIC", "broker-a", 2);

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private final List<DefaultMQProducer> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(DefaultMQProducer::shutdown);
        cluster.close();
    }

    /** An official client instance's remoting API and the client id it locks queues as. */
    private record LockClient(MQClientAPIImpl api, String id) {
    }

    /** A started official client instance of its own (its own client id and connection). */
    private LockClient client(String name) throws Exception {
        DefaultMQProducer producer = startedProducer(cluster.namesrvAddr(), "lock_test_" + name, name);
        clients.add(producer);
        MQClientInstance instance = producer.getDefaultMQProducerImpl().getmQClientFactory();
        return new LockClient(instance.getMQClientAPIImpl(), instance.getClientId());
    }

    private Set<MessageQueue> lock(LockClient client, MessageQueue... queues) throws Exception {
        LockBatchRequestBody body = new LockBatchRequestBody();
        body.setConsumerGroup(GROUP);
        body.setClientId(client.id());
        body.setMqSet(Set.of(queues));
        return client.api().lockBatchMQ(cluster.broker().brokerAddr(), body, 3_000);
    }

    private void unlock(LockClient client, boolean oneway, MessageQueue... queues) throws Exception {
        UnlockBatchRequestBody body = new UnlockBatchRequestBody();
        body.setConsumerGroup(GROUP);
        body.setClientId(client.id());
        body.setMqSet(Set.of(queues));
        client.api().unlockBatchMQ(cluster.broker().brokerAddr(), body, 3_000, oneway);
    }

    @Test
    void aQueueBelongsToOneClientUntilItUnlocks() throws Exception {
        cluster = new LocalCluster(dir);
        LockClient x = client("x");
        LockClient y = client("y");
        assertThat(lock(x, Q0, Q1)).containsExactlyInAnyOrder(Q0, Q1);
        assertThat(lock(y, Q1, Q2)).containsExactly(Q2);
        assertThat(lock(x, Q0, Q1)).as("renewal").containsExactlyInAnyOrder(Q0, Q1);

        unlock(y, false, Q0, Q1);
        assertThat(lock(y, Q1)).as("another client's unlock changes nothing").isEmpty();

        unlock(x, false, Q1);
        assertThat(lock(y, Q1)).containsExactly(Q1);
        unlock(x, true, Q0);
        await().atMost(Duration.ofSeconds(10)).until(() -> lock(y, Q0).contains(Q0));
    }

    @Test
    void aLockNotRenewedExpires() throws Exception {
        cluster = new LocalCluster(dir, config -> config.rebalanceLockMaxLiveTime(1_000));
        LockClient x = client("x");
        LockClient y = client("y");
        assertThat(lock(x, Q0)).containsExactly(Q0);
        long locked = System.nanoTime();
        Set<MessageQueue> first = lock(y, Q0);
        if (System.nanoTime() - locked < 900_000_000L) {
            assertThat(first).as("still held").isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> lock(y, Q0).contains(Q0));
        long taken = System.nanoTime();
        Set<MessageQueue> back = lock(x, Q0);
        if (System.nanoTime() - taken < 900_000_000L) {
            assertThat(back).as("now held by the other client").isEmpty();
        }
    }

    @Test
    void aClientWhoseConnectionClosesLosesItsLocksAtOnce() throws Exception {
        cluster = new LocalCluster(dir);
        LockClient x = client("x");
        LockClient y = client("y");
        assertThat(lock(x, Q0, Q1)).containsExactlyInAnyOrder(Q0, Q1);
        assertThat(lock(y, Q0)).isEmpty();

        clients.remove(0).shutdown();
        // Well inside the 60 s expiry: only the closed connection can have freed them.
        await().atMost(Duration.ofSeconds(10)).until(() -> lock(y, Q0, Q1).size() == 2);
    }
}
