package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.startedProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A second broker on a running broker's store, or a second name server on a running one's KV folder,
 * is refused at start: two brokers on one store would hand out the same commit-log offsets and lose
 * acknowledged messages. The first server keeps serving, and the folder is usable again once it stops.
 */
class SharedFolderRefusalTest {

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQAdminExt admin;

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSecondBrokerOnARunningStoreIsRefusedAndTheFirstKeepsServing() throws Exception {
        cluster = new LocalCluster(dir);
        Path store = dir.resolve("store");
        Broker second = new Broker(new BrokerConfig().brokerName("broker-b").bindAddress("127.0.0.1").listenPort(0)
                .namesrvAddr(cluster.namesrvAddr())
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, store.toString()))));

        assertThatThrownBy(second::start)
                .hasMessageContaining("the store in " + store.toAbsolutePath().normalize())
                .hasMessageContaining("in use by another Apogee process")
                .hasMessageContaining("pid " + ProcessHandle.current().pid());

        producer = startedProducer(cluster.namesrvAddr(), "refusal_producer", "refusal");
        SendResult sent = producer.send(message("RefusalTopic", "after the refusal"));
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        admin = startedAdmin(cluster.namesrvAddr(), "refusal-admin");
        assertThat(admin.examineBrokerClusterInfo().getBrokerAddrTable()).containsOnlyKeys("broker-a");
        MessageExt stored = admin.viewMessage("RefusalTopic", sent.getMsgId());
        assertThat(new String(stored.getBody())).isEqualTo("after the refusal");
    }

    @Test
    void aStoppedBrokersStoreOpensAgainWithWhatItHeld() throws Exception {
        cluster = new LocalCluster(dir);
        producer = startedProducer(cluster.namesrvAddr(), "reopen_producer", "reopen");
        SendResult sent = producer.send(message("ReopenTopic", "kept across the restart"));
        cluster.restartBroker();
        admin = startedAdmin(cluster.namesrvAddr(), "reopen-admin");
        assertThat(new String(admin.viewMessage("ReopenTopic", sent.getMsgId()).getBody()))
                .isEqualTo("kept across the restart");
    }

    @Test
    void aSecondNameServerOnARunningOnesFolderIsRefused() {
        cluster = new LocalCluster(dir);
        Path home = dir.resolve("namesrv");
        NameServer second = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(home));
        assertThatThrownBy(second::start)
                .hasMessageContaining("name server's KV config in " + home.toAbsolutePath().normalize())
                .hasMessageContaining("in use by another Apogee process");
    }
}
