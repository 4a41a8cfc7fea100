package io.apogee.console;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.broker.ha.BrokerRole;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.apogee.console.ConsoleApiTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker page's replication state against a real master and slave of one group: the master lists its
 * slave's acknowledged offset, the slave names its master and how far behind it is.
 */
class ConsoleReplicationTest {

    @TempDir
    Path dir;

    @Test
    void theStoreStateShowsTheSlavesAckAndTheSlavesLag() throws Exception {
        NameServer nameServer = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(dir.resolve("namesrv")));
        nameServer.start();
        String namesrvAddr = "127.0.0.1:" + nameServer.localAddress().getPort();
        Broker master = broker(namesrvAddr, "master", 0, BrokerRole.ASYNC_MASTER);
        Broker slave = broker(namesrvAddr, "slave", 1, BrokerRole.SLAVE);
        DefaultMQProducer producer = new DefaultMQProducer("replication-console-producer");
        boolean slaveStopped = false;
        try (ConsoleServer console = new ConsoleServer(namesrvAddr, ConsoleAccess.OPEN).start("127.0.0.1", 0)) {
            producer.setNamesrvAddr(namesrvAddr);
            producer.setInstanceName("replication-console-producer");
            producer.start();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    producer.send(new Message("ReplicatedTopic", new byte[512])) != null);
            for (int i = 0; i < 20; i++) {
                producer.send(new Message("ReplicatedTopic", new byte[512]));
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JSONObject m = store(console, master.brokerAddr());
                JSONObject s = store(console, slave.brokerAddr());
                long masterMax = m.getLongValue("commitLogMaxOffset");
                assertThat(masterMax).isGreaterThan(20L * 512);
                assertThat(m.getString("role")).isEqualTo("ASYNC_MASTER");
                assertThat(m.getJSONObject("replication").getList("slaveAckOffsets", Long.class))
                        .as("the slave acknowledged all of the master's log").containsExactly(masterMax);
                assertThat(s.getString("role")).isEqualTo("SLAVE");
                assertThat(s.getJSONObject("replication").getString("masterAddress")).endsWith(":" + master.ha().haPort());
                assertThat(s.getJSONObject("replication").getLongValue("masterMaxOffset")).isEqualTo(masterMax);
                assertThat(s.getJSONObject("replication").getLongValue("lagBytes")).isZero();
                assertThat(s.getLongValue("commitLogMaxOffset")).isEqualTo(masterMax);
            });
            slave.shutdown();
            slaveStopped = true;
            producer.send(new Message("ReplicatedTopic", new byte[512]));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    store(console, master.brokerAddr()).getJSONObject("replication").getJSONArray("slaveAckOffsets"))
                    .as("the stopped slave is gone").isEmpty());
        } finally {
            producer.shutdown();
            if (!slaveStopped) {
                slave.shutdown();
            }
            master.shutdown();
            nameServer.shutdown();
        }
    }

    private static JSONObject store(ConsoleServer console, String addr) throws Exception {
        var response = call(console, "GET", "/api/v1/brokers/" + addr + "/store", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.parseObject(response.body());
    }

    private Broker broker(String namesrvAddr, String name, long id, BrokerRole role) {
        BrokerConfig config = new BrokerConfig().brokerName("broker-a").brokerId(id).bindAddress("127.0.0.1")
                .listenPort(0).namesrvAddr(namesrvAddr).registerNameServerPeriod(1_000)
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve(name).toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(4 * 1024 * 1024),
                        MessageStoreConfig.MAX_MESSAGE_SIZE, Integer.toString(1024 * 1024))));
        config.ha().brokerRole(role).haSendHeartbeatInterval(500);
        Broker broker = new Broker(config.validate());
        broker.start();
        return broker;
    }
}
