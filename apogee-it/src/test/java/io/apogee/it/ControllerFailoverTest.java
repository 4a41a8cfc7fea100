package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.broker.ha.BrokerRole;
import io.apogee.controller.Controller;
import io.apogee.controller.ControllerConfig;
import io.apogee.client.producer.Producer;
import io.apogee.remoting.FixedPorts;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.EpochEntry;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.EpochEntryCache;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.apogee.it.OfficialClients.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Controller mode with the official 5.3.3 producer: two brokers of one group take their ids and roles from a
 * controller; SYNC_MASTER acknowledges once the confirmed in-sync slave holds a message; when the master dies
 * the controller elects the slave, which takes sends with every acknowledged message in its log; the old master
 * comes back as a slave of the new one, with the same epoch history as the official admin reads it; Apogee's
 * own producer finds the new master without waiting for its route poll. A master that cannot reach the
 * controller stops acknowledging, and delivering delayed messages, within its lease, before the controller
 * could have elected another.
 */
class ControllerFailoverTest {

    private static final String TOPIC = "FailoverTopic";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private BrokerGroup group;
    private Controller controller;
    private final List<Broker> brokers = new ArrayList<>();
    private DefaultMQProducer producer;
    private Producer apogeeProducer;
    private DefaultMQAdminExt admin;

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (apogeeProducer != null) {
            apogeeProducer.shutdown();
        }
        if (admin != null) {
            admin.shutdown();
        }
        brokers.forEach(Broker::shutdown);
        if (controller != null) {
            controller.shutdown();
        }
        if (group != null) {
            group.close();
        }
    }

    private Broker start(String name) {
        String controllerAddr = controller.remotingAddress();
        UnaryOperator<BrokerConfig> controllerMode = c -> {
            c.ha().enableControllerMode(true).controllerAddr(controllerAddr).brokerHeartbeatInterval(200)
                    .controllerHeartBeatTimeoutMills(3_000).syncBrokerMetadataPeriod(300)
                    .checkSyncStateSetPeriod(300);
            return c.autoCreateTopicEnable(true);
        };
        Broker broker = group.startMember(name, 1, BrokerRole.SYNC_MASTER, controllerMode);
        brokers.add(broker);
        return broker;
    }

    private void kill(Broker broker) {
        brokers.remove(broker);
        broker.shutdown();
    }

    private Controller startController(int port) {
        Controller started = new Controller(new ControllerConfig().group("it").selfId("n0")
                .peersText("n0-127.0.0.1:" + raftPort).listenPort(port).bindAddress("127.0.0.1")
                .storePath(dir.resolve("controller")).electionTimeoutMillis(500).scanInactiveMasterInterval(200));
        started.start();
        return started;
    }

    private Controller startOnFreshPorts() throws Exception {
        return FixedPorts.startOnFreshPorts(2, ports -> {
            raftPort = ports[0];
            controllerPort = ports[1];
            return startController(controllerPort);
        });
    }

    /** The controller's ports, the same again when it comes back. */
    private int raftPort;
    private int controllerPort;

    @Test
    void aMasterCutOffFromTheControllerStopsAcknowledgingWithinItsLeaseAndResumesWhenItIsBack() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.SYNC_MASTER, 1_000);
        controller = startOnFreshPorts();
        Broker only = start("only");
        await().atMost(WAIT).until(() -> only.ha().role() == BrokerRole.SYNC_MASTER);
        producer = producer(group.namesrvAddr(), "lease_producer", "lease");
        producer.setSendMsgTimeout(5_000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        assertThat(producer.send(BrokerGroup.message(TOPIC, 0)).getSendStatus())
                .as("a master whose in-sync set is itself acknowledges alone").isEqualTo(SendStatus.SEND_OK);

        Message delayed = BrokerGroup.message(TOPIC, 3);
        delayed.setDelayTimeLevel(2);
        assertThat(producer.send(delayed).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        long dueAt = System.currentTimeMillis() + 5_000;

        controller.shutdown();
        controller = null;
        // The lease is half the 3 s heartbeat timeout: well before the controller could elect anyone else.
        await().atMost(WAIT).until(() -> refused(() -> producer.send(BrokerGroup.message(TOPIC, 1))));
        assertThat(only.ha().role()).as("still master, but not acknowledging").isEqualTo(BrokerRole.SYNC_MASTER);
        // Nor does it deliver the delayed message that came due meanwhile: a new master may be doing so.
        Thread.sleep(Math.max(0, dueAt + 1_500 - System.currentTimeMillis()));
        assertThat(only.store().queryMessage(TOPIC, "k3", 1, 0, Long.MAX_VALUE)).as("delivered without a lease")
                .isEmpty();

        controller = startController(controllerPort);
        await().atMost(WAIT).ignoreExceptions().until(() -> producer.send(BrokerGroup.message(TOPIC, 2))
                .getSendStatus() == SendStatus.SEND_OK);
        await().atMost(WAIT).until(() -> only.store().queryMessage(TOPIC, "k3", 1, 0, Long.MAX_VALUE).size() == 1);
    }

    private static io.apogee.client.message.Message apogeeMessage(int i) {
        return new io.apogee.client.message.Message(TOPIC, "", "a" + i, new byte[] {(byte) i});
    }

    private interface Send {
        SendResult run() throws Exception;
    }

    private static boolean refused(Send send) {
        try {
            send.run();
            return false;
        } catch (MQBrokerException e) {
            return e.getResponseCode() == ResponseCode.SERVICE_NOT_AVAILABLE;
        } catch (MQClientException e) {
            // What the producer throws once its retries are spent, with the broker's code.
            return e.getResponseCode() == ResponseCode.SERVICE_NOT_AVAILABLE;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theControllerElectsTheInSyncSlaveWhenTheMasterDiesAndNoAcknowledgedMessageIsLost() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.SYNC_MASTER, 1_000);
        controller = startOnFreshPorts();

        Broker first = start("first");
        await().atMost(WAIT).until(() -> first.ha().role() == BrokerRole.SYNC_MASTER);
        Broker second = start("second");
        await().atMost(WAIT).until(() -> second.ha().role() == BrokerRole.SLAVE
                && controller.state().group(BrokerGroup.BROKER_NAME).syncStateSet().size() == 2);

        producer = producer(group.namesrvAddr(), "failover_producer", "failover");
        producer.setSendMsgTimeout(5_000);
        producer.setPollNameServerInterval(500);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SendResult result = producer.send(BrokerGroup.message(TOPIC, i));
            assertThat(result.getSendStatus()).as("send %d", i).isEqualTo(SendStatus.SEND_OK);
            acknowledged.add("k" + i);
        }
        assertThat(second.ha().role()).isEqualTo(BrokerRole.SLAVE);
        // Apogee's own producer, which would not poll the name server again for five minutes by itself.
        apogeeProducer = new Producer("failover_apogee_producer");
        apogeeProducer.setNamesrvAddr(group.namesrvAddr());
        apogeeProducer.setInstanceName(OfficialClients.uniqueInstanceName("failover-apogee"));
        apogeeProducer.setPollNameServerInterval(300_000);
        apogeeProducer.setSendMsgTimeout(3_000);
        apogeeProducer.start();
        assertThat(apogeeProducer.send(apogeeMessage(-1)).sendStatus())
                .isEqualTo(io.apogee.client.producer.SendStatus.SEND_OK);

        kill(first);
        await().atMost(WAIT).until(() -> second.ha().role() == BrokerRole.SYNC_MASTER);
        int epoch = controller.state().group(BrokerGroup.BROKER_NAME).masterEpoch();
        assertThat(epoch).as("a new master epoch").isGreaterThan(1);
        for (String key : acknowledged) {
            assertThat(second.store().queryMessage(TOPIC, key, 1, 0, Long.MAX_VALUE))
                    .as("acknowledged message %s on the new master", key).hasSize(1);
        }
        await().atMost(WAIT).ignoreExceptions().until(() -> producer.send(BrokerGroup.message(TOPIC, 100))
                .getSendStatus() == SendStatus.SEND_OK);
        // A failed send has the route fetched again, so the new master is found without the periodic poll.
        await().atMost(WAIT).ignoreExceptions().until(() -> apogeeProducer.send(apogeeMessage(-2)).sendStatus()
                == io.apogee.client.producer.SendStatus.SEND_OK);

        Broker back = start("first");
        await().atMost(WAIT).until(() -> back.ha().role() == BrokerRole.SLAVE
                && back.store().commitLogMaxOffset() == second.store().commitLogMaxOffset());
        assertThat(second.ha().role()).as("the new master keeps its role").isEqualTo(BrokerRole.SYNC_MASTER);
        // The log is level; its index is built by the dispatcher a moment later.
        await().atMost(WAIT).untilAsserted(() -> assertThat(back.store().queryMessage(TOPIC, "k100", 1, 0,
                Long.MAX_VALUE)).as("the old master follows the new one").hasSize(1));

        // mqadmin getBrokerEpoch: both replicas hold the same history, ending at the new master's epoch.
        admin = OfficialClients.startedAdmin(group.namesrvAddr(), "failover-admin");
        EpochEntryCache onMaster = admin.getBrokerEpochCache(second.brokerAddr());
        EpochEntryCache onSlave = admin.getBrokerEpochCache(back.brokerAddr());
        assertThat(onMaster.getBrokerName()).isEqualTo(BrokerGroup.BROKER_NAME);
        assertThat(onMaster.getMaxOffset()).isEqualTo(second.store().commitLogMaxOffset());
        assertThat(onMaster.getEpochList()).extracting(EpochEntry::getEpoch).startsWith(1).endsWith(epoch);
        assertThat(onMaster.getEpochList().get(0).getStartOffset()).isZero();
        assertThat(onSlave.getEpochList()).extracting(EpochEntry::getEpoch, EpochEntry::getStartOffset)
                .isEqualTo(onMaster.getEpochList().stream().map(e -> tuple(e.getEpoch(), e.getStartOffset())).toList());
    }
}
