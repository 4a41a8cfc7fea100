package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.broker.ha.BrokerRole;
import io.apogee.store.GetMessageResult;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.apogee.it.OfficialClients.producer;
import static io.apogee.it.OfficialClients.sendTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Failover by hand, with real brokers on loopback and the official producer: broker a is master at epoch 1,
 * b its slave; b becomes master at epoch 2 without a's last writes. When a comes back as b's slave it cuts
 * its log back to where the two diverged and ends equal to b's, byte for byte; when a comes back as a master
 * and hears of epoch 2, it stops acknowledging sends.
 */
class ReplicationFailoverTest {

    private static final String TOPIC = "FailoverTopic";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private BrokerGroup group;
    private DefaultMQProducer producer;
    private final List<Broker> running = new ArrayList<>();

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        running.forEach(Broker::shutdown);
        if (group != null) {
            group.close();
        }
    }

    private Broker master(String name, int epoch) {
        Broker broker = group.startMember(name, 0, BrokerRole.ASYNC_MASTER, c -> {
            c.ha().masterEpoch(epoch);
            return c;
        });
        running.add(broker);
        return broker;
    }

    private Broker slaveOf(String name, Broker master) {
        Broker broker = group.startMember(name, 1, BrokerRole.SLAVE, c -> {
            c.ha().haMasterAddress("127.0.0.1:" + master.ha().haPort());
            return c;
        });
        running.add(broker);
        return broker;
    }

    private void stop(Broker broker) {
        running.remove(broker);
        broker.shutdown();
    }

    /** Sends message {@code i} to {@code broker} itself, whatever the routes say. */
    private SendResult send(Broker broker, int i) throws Exception {
        if (producer == null) {
            producer = producer(group.namesrvAddr(), "failover_producer", "failover");
            producer.start();
        }
        return sendTo(producer, broker.brokerAddr(), BrokerGroup.BROKER_NAME, BrokerGroup.message(TOPIC, i), i % 4);
    }

    private void sendAll(Broker broker, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            assertThat(send(broker, i).getSendStatus()).as("send %d", i).isEqualTo(SendStatus.SEND_OK);
        }
    }

    private static long queued(Broker broker) {
        long total = 0;
        for (int q = 0; q < 4; q++) {
            total += broker.store().maxOffsetInQueue(TOPIC, q);
        }
        return total;
    }

    /** The stored records of queue {@code queueId}, in order, as a pull would serve them. */
    private static List<byte[]> queue(Broker broker, int queueId) {
        List<byte[]> records = new ArrayList<>();
        GetMessageResult result = broker.store().getMessage(TOPIC, queueId, 0, 1_000, 64 << 20, null);
        try {
            for (ByteBuffer record : result.messages()) {
                byte[] bytes = new byte[record.remaining()];
                record.duplicate().get(bytes);
                records.add(bytes);
            }
        } finally {
            result.release();
        }
        return records;
    }

    private static boolean holdsKey(Broker broker, int i) {
        return broker.store().queryMessage(TOPIC, "k" + i, 4, 0, Long.MAX_VALUE).size() == 1;
    }

    private String epochFile(String name) throws Exception {
        return Files.readString(dir.resolve(name).resolve("epoch"));
    }

    @Test
    void formerMasterCutsTheTailTheNewMasterNeverHadAndEndsEqualToIt() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.ASYNC_MASTER, 60_000);
        Broker a = master("a", 1);
        Broker b = slaveOf("b", a);
        sendAll(a, 0, 40);
        await().atMost(WAIT).until(() -> b.store().commitLogMaxOffset() == a.store().commitLogMaxOffset());
        long common = a.store().commitLogMaxOffset();
        stop(b);
        // a's tail: acknowledged by a alone (asynchronous replication), never seen by b.
        sendAll(a, 40, 100);
        long formerEnd = a.store().commitLogMaxOffset();
        stop(a);

        Broker newMaster = master("b", 2);
        assertThat(newMaster.ha().epoch()).isEqualTo(2);
        sendAll(newMaster, 100, 130);
        long end = newMaster.store().commitLogMaxOffset();
        assertThat(formerEnd).as("a's tail reaches past what b wrote at epoch 2").isGreaterThan(end);

        Broker former = slaveOf("a", newMaster);
        await().atMost(WAIT).until(() -> former.store().commitLogMaxOffset() == end);
        assertThat(group.commitLog("a", 0, end)).as("a's log equals b's").isEqualTo(group.commitLog("b", 0, end));
        assertThat(former.ha().cutBytes()).as("a cut its tail back to where epoch 2 began")
                .isEqualTo(formerEnd - common);
        assertThat(epochFile("a")).isEqualTo("1 0\n2 " + common + "\n").isEqualTo(epochFile("b"));
        await().atMost(WAIT).until(() -> queued(former) == 70);
        for (int q = 0; q < 4; q++) {
            assertThat(queue(former, q)).as("queue %d serves b's records", q)
                    .containsExactlyElementsOf(queue(newMaster, q));
        }
        for (int i = 0; i < 130; i++) {
            boolean acknowledgedByB = i < 40 || i >= 100;
            int key = i;
            if (acknowledgedByB) {
                await().atMost(WAIT).until(() -> holdsKey(former, key));
            } else {
                assertThat(holdsKey(former, key)).as("a's cut tail message %d", i).isFalse();
            }
        }

        // A log that is a prefix of the master's is not cut: a restarted follower continues from its end.
        stop(former);
        sendAll(newMaster, 130, 150);
        Broker again = slaveOf("a", newMaster);
        await().atMost(WAIT).until(() -> again.store().commitLogMaxOffset()
                == newMaster.store().commitLogMaxOffset());
        long last = newMaster.store().commitLogMaxOffset();
        assertThat(group.commitLog("a", 0, last)).isEqualTo(group.commitLog("b", 0, last));
        assertThat(again.ha().cutBytes()).isZero();
        await().atMost(WAIT).until(() -> queued(again) == 90);
    }

    @Test
    void masterThatHearsOfANewerEpochRefusesSendsAndItsSlaveKeepsItsLog() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.ASYNC_MASTER, 60_000);
        Broker a = master("a", 1);
        Broker b = slaveOf("b", a);
        sendAll(a, 0, 10);
        await().atMost(WAIT).until(() -> b.store().commitLogMaxOffset() == a.store().commitLogMaxOffset());
        stop(b);
        // Meanwhile b was elected at epoch 2 and took writes; a never heard of it.
        Broker elected = master("b", 2);
        sendAll(elected, 10, 15);
        long electedEnd = elected.store().commitLogMaxOffset();
        stop(elected);
        assertThat(send(a, 15).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        // b, told (wrongly) to follow a, refuses a's older epoch and tells a so.
        Broker follower = slaveOf("b", a);
        await().atMost(WAIT).until(() -> a.ha().fenced());
        assertThatThrownBy(() -> send(a, 16)).isInstanceOfSatisfying(MQBrokerException.class,
                e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE));
        assertThat(follower.store().commitLogMaxOffset()).isEqualTo(electedEnd);
        assertThat(follower.ha().epoch()).isEqualTo(2);
        assertThat(holdsKey(follower, 12)).isTrue();
    }
}
