package io.apogee.it;

import io.apogee.broker.ha.BrokerRole;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.impl.consumer.PullResultExt;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.impl.CommunicationMode;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.common.sysflag.PullSysFlag;
import io.apogee.protocol.code.RequestCode;
import io.apogee.remoting.RpcHook;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.producer;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.sendTo;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A master and a slave of one broker group with the official 5.3.3 producer: the slave's commit log is the
 * master's, byte for byte, across file ends and across a slave restart; a SYNC_MASTER answers SEND_OK with
 * its slave and SLAVE_NOT_AVAILABLE without one; the slave refuses sends.
 */
class ReplicationTest {

    private static final String TOPIC = "ReplicatedTopic";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private BrokerGroup group;
    private DefaultMQProducer producer;
    private DefaultMQAdminExt admin;
    private DefaultMQPullConsumer puller;

    @AfterEach
    void stop() {
        if (puller != null) {
            puller.shutdown();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (group != null) {
            group.close();
        }
    }

    private DefaultMQProducer startProducer() throws Exception {
        producer = producer(group.namesrvAddr(), "replication_producer", "replication");
        producer.setSendMsgTimeout(15_000);
        producer.start();
        return producer;
    }

    private static Message message(int i) {
        return BrokerGroup.message(TOPIC, i);
    }

    private void awaitSlaveHoldsMastersLog() {
        await().atMost(WAIT).until(() -> group.slave().store().commitLogMaxOffset()
                == group.master().store().commitLogMaxOffset());
        long end = group.master().store().commitLogMaxOffset();
        assertThat(group.sameCommitLog(end)).as("slave's commit log equals the master's up to %d", end).isTrue();
    }

    @Test
    void syncMasterAnswersSendOkOnceTheSlaveHoldsEveryMessageByteForByte() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.SYNC_MASTER, 60_000);
        group.startMaster();
        group.startSlave();
        await().atMost(WAIT).until(() -> group.master().ha().connectedSlaves() == 1
                && group.master().ha().inSyncOffset() >= 0);
        startProducer();
        for (int i = 0; i < 250; i++) {
            SendResult result = producer.send(message(i));
            assertThat(result.getSendStatus()).as("send %d", i).isEqualTo(SendStatus.SEND_OK);
            // SEND_OK under SYNC_MASTER: the slave had already reported holding the message.
            long stored = MessageDecoder.decodeMessageId(result.getOffsetMsgId()).getOffset();
            assertThat(group.master().ha().inSyncOffset()).isGreaterThan(stored);
        }
        long end = group.master().store().commitLogMaxOffset();
        assertThat(end).as("the messages cross commit-log files").isGreaterThan(2L * BrokerGroup.FILE_SIZE);
        assertThat(group.master().ha().inSyncOffset()).isEqualTo(end);
        awaitSlaveHoldsMastersLog();
        await().atMost(WAIT).until(() -> group.slave().store().maxOffsetInQueue(TOPIC, 0)
                + group.slave().store().maxOffsetInQueue(TOPIC, 1) + group.slave().store().maxOffsetInQueue(TOPIC, 2)
                + group.slave().store().maxOffsetInQueue(TOPIC, 3) == 250);
        // The dispatcher writes a record's index keys just after its queue entry.
        await().atMost(WAIT).untilAsserted(() -> assertThat(group.slave().store().queryMessage(TOPIC, "k7", 10, 0,
                Long.MAX_VALUE)).as("the slave's index finds a message by key").hasSize(1));
    }

    /**
     * A slave learns where its master is from its registration's answer; one started first hears of no master,
     * and must not wait for its next periodic registration (here ten minutes away) to find it.
     */
    @Test
    void aSlaveStartedBeforeItsMasterFindsItWithoutWaitingForItsNextRegistration() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.SYNC_MASTER, 60_000)
                .customize(master -> master, slave -> slave.registerNameServerPeriod(600_000));
        group.startSlave();
        group.startMaster();
        await().atMost(WAIT).until(() -> group.master().ha().connectedSlaves() == 1);
        startProducer();
        assertThat(producer.send(message(1)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    }

    @Test
    void syncMasterWithoutSlaveAnswersSlaveNotAvailable() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.SYNC_MASTER, 60_000);
        group.startMaster();
        startProducer();
        SendResult result = producer.send(message(1));
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SLAVE_NOT_AVAILABLE);
        assertThat(result.getMsgId()).as("stored on the master all the same").isNotBlank();
    }

    @Test
    void slaveRestartedContinuesFromItsOwnLastOffset() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.ASYNC_MASTER, 60_000);
        group.startMaster();
        group.startSlave();
        startProducer();
        for (int i = 0; i < 60; i++) {
            assertThat(producer.send(message(i)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        awaitSlaveHoldsMastersLog();
        long before = group.slave().store().commitLogMaxOffset();
        group.stopSlave();
        for (int i = 60; i < 180; i++) {
            assertThat(producer.send(message(i)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        group.startSlave();
        assertThat(group.slave().store().commitLogMaxOffset()).as("recovered its own log").isEqualTo(before);
        // The slave writes only at its own end: had the master shipped from anywhere else, the slave would
        // have refused the batch and never caught up.
        awaitSlaveHoldsMastersLog();
    }

    @Test
    void slaveRefusesSendsAsRocketMqsSlaveDoes() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.ASYNC_MASTER, 60_000);
        group.startMaster();
        group.startSlave();
        startProducer();
        assertThatThrownBy(() -> sendTo(producer, group.slave().brokerAddr(), BrokerGroup.BROKER_NAME, message(1), 0))
                .isInstanceOfSatisfying(MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE));
        assertThat(group.slave().store().commitLogMaxOffset()).isZero();
    }

    private static long committed(ConsumeStats stats) {
        return stats.getOffsetTable().values().stream().mapToLong(o -> o.getConsumerOffset()).sum();
    }

    @Test
    void slaveCopiesTopicsGroupsAndOffsetsAndServesPullsOnceTheMasterIsGone() throws Exception {
        String topic = "SyncedTopic";
        String consumerGroup = "synced_group";
        startReadableSlaveGroup();
        String masterAddr = group.master().brokerAddr();
        String slaveAddr = group.slave().brokerAddr();
        admin = startedAdmin(group.namesrvAddr(), "replication-admin");
        // clusterList: both members under one broker name, the slave under its brokerId.
        await().atMost(WAIT).until(() -> admin.examineBrokerClusterInfo().getBrokerAddrTable()
                .get(BrokerGroup.BROKER_NAME).getBrokerAddrs().equals(Map.of(0L, masterAddr, 1L, slaveAddr)));
        admin.createAndUpdateTopicConfig(masterAddr, new TopicConfig(topic, 2, 2, 6));
        SubscriptionGroupConfig groupConfig = new SubscriptionGroupConfig();
        groupConfig.setGroupName(consumerGroup);
        groupConfig.setRetryMaxTimes(3);
        admin.createAndUpdateSubscriptionGroupConfig(masterAddr, groupConfig);
        startProducer();
        for (int i = 0; i < 20; i++) {
            assertThat(producer.send(OfficialClients.message(topic, "a-" + i)).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        }
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(group.namesrvAddr(), consumerGroup,
                uniqueInstanceName("replication-consumer"));
        consumer.setPersistConsumerOffsetInterval(200);
        startConsuming(consumer, topic, m -> consumed.add(OfficialClients.body(m)));
        try {
            await().atMost(WAIT).until(() -> consumed.size() == 20);
            // The client's own offset persistence starts 10 s after it does and shares a thread with its other
            // scheduled work; asking it here keeps this test about what the brokers do with the offsets.
            await().atMost(WAIT).until(() -> {
                consumer.getDefaultMQPushConsumerImpl().persistConsumerOffset();
                return committed(admin.examineConsumeStats(masterAddr, consumerGroup, topic, 3_000)) == 20;
            });
        } finally {
            consumer.shutdown();
        }

        // Within a few sync periods the slave holds the master's topic, group and committed offsets.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(admin.examineTopicConfig(slaveAddr, topic).getWriteQueueNums()).isEqualTo(2);
            assertThat(admin.examineSubscriptionGroupConfig(slaveAddr, consumerGroup).getRetryMaxTimes())
                    .isEqualTo(3);
            assertThat(committed(admin.examineConsumeStats(slaveAddr, consumerGroup, topic, 3_000))).isEqualTo(20);
        });
        awaitSlaveHoldsMastersLog();

        group.stopMaster();
        // With the master gone the official client pulls from the slave, which names it in the route.
        startPuller();
        Set<String> pulled = ConcurrentHashMap.newKeySet();
        await().atMost(WAIT).untilAsserted(() -> {
            for (MessageQueue queue : puller.fetchSubscribeMessageQueues(topic)) {
                PullResult result = puller.pull(queue, "*", 0, 32);
                if (result.getPullStatus() == PullStatus.FOUND) {
                    for (MessageExt m : result.getMsgFoundList()) {
                        pulled.add(OfficialClients.body(m));
                    }
                }
            }
            assertThat(pulled).hasSize(20).isEqualTo(consumed);
        });
    }

    /** An ASYNC_MASTER and a slave that serves reads (as in RocketMQ 5, only with slaveReadEnable). */
    private void startReadableSlaveGroup() {
        group = new BrokerGroup(dir, BrokerRole.ASYNC_MASTER, 300);
        group.customize(c -> c, c -> {
            c.ha().slaveReadEnable(true);
            return c;
        });
        group.startMaster();
        group.startSlave();
    }

    @Test
    void slaveSendsAPullThatFindsNothingBackToALiveMasterAtOnce() throws Exception {
        startReadableSlaveGroup();
        startProducer();
        SendResult sent = producer.send(message(1));
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        awaitSlaveHoldsMastersLog();
        int queueId = sent.getMessageQueue().getQueueId();
        long end = group.master().store().maxOffsetInQueue(TOPIC, queueId);
        await().atMost(WAIT).until(() -> group.slave().store().maxOffsetInQueue(TOPIC, queueId) == end);

        // A pull that would wait 20 s for news comes back at once, code 20 (NO_MATCHED_MSG), pointing at the master.
        PullResult redirected = pullFromSlave(queueId, end, 20_000);
        assertThat(redirected.getPullStatus()).isEqualTo(PullStatus.NO_MATCHED_MSG);
        assertThat(((PullResultExt) redirected).getSuggestWhichBrokerId()).isZero();

        group.stopMaster();
        // With no master left, the slave holds the pull as any broker does, and answers that nothing came.
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(pullFromSlave(queueId, end, 500).getPullStatus()).isEqualTo(PullStatus.NO_NEW_MSG));
    }

    private PullResult pullFromSlave(int queueId, long offset, long suspendMillis) throws Exception {
        PullMessageRequestHeader header = new PullMessageRequestHeader();
        header.setConsumerGroup("redirected_group");
        header.setTopic(TOPIC);
        header.setQueueId(queueId);
        header.setQueueOffset(offset);
        header.setMaxMsgNums(32);
        header.setSysFlag(PullSysFlag.buildSysFlag(false, true, true, false));
        header.setCommitOffset(0L);
        header.setSuspendTimeoutMillis(suspendMillis);
        header.setSubscription("*");
        header.setSubVersion(0L);
        header.setExpressionType("TAG");
        return producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl()
                .pullMessage(group.slave().brokerAddr(), header, 10_000, CommunicationMode.SYNC, null);
    }

    private DefaultMQPullConsumer startPuller() throws Exception {
        puller = new DefaultMQPullConsumer("replication_puller");
        puller.setNamesrvAddr(group.namesrvAddr());
        puller.setInstanceName(uniqueInstanceName("replication-puller"));
        puller.start();
        return puller;
    }

    @Test
    void slaveWithoutSlaveReadEnableRefusesPulls() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.ASYNC_MASTER, 300);
        group.startMaster();
        group.startSlave();
        startProducer();
        assertThat(producer.send(message(1)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        awaitSlaveHoldsMastersLog();
        group.stopMaster();
        startPuller();
        await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(
                () -> puller.pull(puller.fetchSubscribeMessageQueues(TOPIC).iterator().next(), "*", 0, 32))
                .isInstanceOfSatisfying(MQBrokerException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.SYSTEM_BUSY)));
    }

    @Test
    void masterSendsAConsumerThatFellBehindMemoryToTheSlave() throws Exception {
        group = new BrokerGroup(dir, BrokerRole.ASYNC_MASTER, 300);
        // No message counts as in memory on the master: every pull is told to go to the slave.
        group.customize(c -> {
            c.ha().slaveReadEnable(true);
            return c.store(MessageStoreConfig.from(group.storeKeys("master",
                    Map.of(MessageStoreConfig.ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO, "0"))));
        }, c -> {
            c.ha().slaveReadEnable(true);
            return c;
        });
        group.startMaster();
        group.startSlave();
        AtomicInteger slavePulls = new AtomicInteger();
        group.slave().addHook(new RpcHook() {
            @Override
            public void afterResponse(String remoteAddress, io.apogee.protocol.command.RemotingCommand request,
                                      io.apogee.protocol.command.RemotingCommand response) {
                if (request.code() == RequestCode.PULL_MESSAGE && response != null
                        && response.code() == ResponseCode.SUCCESS) {
                    slavePulls.incrementAndGet();
                }
            }
        });
        startProducer();
        for (int i = 0; i < 40; i++) {
            assertThat(producer.send(message(i)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        Set<String> keys = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(group.namesrvAddr(), "lagging_group",
                uniqueInstanceName("lagging-consumer"));
        startConsuming(consumer, TOPIC, m -> keys.add(m.getKeys()));
        try {
            await().atMost(WAIT).until(() -> keys.size() == 40);
            await().atMost(WAIT).until(() -> slavePulls.get() > 0);
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void offsetsCommittedWhileTheMasterIsDownReachItWhenItIsBack() throws Exception {
        startReadableSlaveGroup();
        startProducer();
        for (int i = 0; i < 20; i++) {
            assertThat(producer.send(message(i)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        producer.shutdown();
        producer = null;
        awaitSlaveHoldsMastersLog();
        await().atMost(WAIT).until(() -> group.slave().store().maxOffsetInQueue(TOPIC, 0) > 0);
        group.stopMaster();

        // A consumer that starts while the master is down reads from the slave and commits its offsets there.
        Set<String> keys = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = consumerFromFirstOffset(group.namesrvAddr(), "offline_group",
                uniqueInstanceName("offline-consumer"));
        consumer.setPersistConsumerOffsetInterval(200);
        startConsuming(consumer, TOPIC, m -> keys.add(m.getKeys()));
        try {
            // The official consumer queries its start offset from a master only; with none it retries at its
            // next rebalance (20 s) and then starts from the slave, so this wait is long.
            await().atMost(Duration.ofSeconds(90)).until(() -> keys.size() == 20);
            group.startMaster();
            String masterAddr = group.master().brokerAddr();
            admin = startedAdmin(group.namesrvAddr(), "replication-admin");
            await().atMost(WAIT).until(() -> committed(admin.examineConsumeStats(masterAddr, "offline_group", TOPIC,
                    3_000)) == 20);
        } finally {
            consumer.shutdown();
        }
        // The slave follows the restarted master (a new replication port, learnt from the name server).
        startProducer();
        assertThat(producer.send(message(99)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        awaitSlaveHoldsMastersLog();
    }
}
