package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker listening on every interface (bind 0.0.0.0) never registers 0.0.0.0: it announces brokerIP1,
 * or this host's address, and clients on another address of the machine reach it there.
 */
class BindEveryInterfaceTest {

    @TempDir
    Path dir;
    private final Closer closer = new Closer();
    private NameServer nameServer;
    private Broker broker;

    @AfterEach
    void stop() {
        closer.close();
    }

    private String startNameServer() {
        nameServer = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(dir.resolve("namesrv")));
        nameServer.start();
        closer.add(nameServer, NameServer::shutdown);
        return "127.0.0.1:" + nameServer.localAddress().getPort();
    }

    private BrokerConfig everyInterface(String namesrvAddr) {
        return new BrokerConfig().bindAddress("0.0.0.0").listenPort(0).namesrvAddr(namesrvAddr)
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve("store").toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024))));
    }

    private String registeredAddress() {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            var data = nameServer.registry().clusterInfo().brokerAddrTable().get("broker-a");
            return data == null ? null : data.brokerAddrs().get(0L);
        }, address -> address != null);
    }

    @Test
    void aBrokerOnEveryInterfaceIsRoutedByItsBrokerIp1AndReachedThere() throws Exception {
        String namesrvAddr = startNameServer();
        broker = new Broker(everyInterface(namesrvAddr).brokerIP1("127.0.0.2"));
        broker.start();
        closer.add(broker, Broker::shutdown);

        String registered = registeredAddress();
        assertThat(registered).startsWith("127.0.0.2:").isEqualTo(broker.brokerAddr());

        DefaultMQProducer producer = closer.add(startedProducer(namesrvAddr, "bind_producer", "bind"),
                DefaultMQProducer::shutdown);
        assertThat(producer.send(message("BindTopic", "through 127.0.0.2")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        Set<String> received = ConcurrentHashMap.newKeySet();
        closer.add(startConsuming(consumerFromFirstOffset(namesrvAddr, "bind_group", uniqueInstanceName("bind")),
                "BindTopic", m -> received.add(body(m) + " from " + m.getStoreHost())), DefaultMQPushConsumer::shutdown);
        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        assertThat(received).singleElement().asString().startsWith("through 127.0.0.2 from /127.0.0.2:");
    }

    @Test
    void withoutBrokerIp1ItAnnouncesThisHostsAddressNeverTheWildcard() throws Exception {
        broker = new Broker(everyInterface(startNameServer()));
        broker.start();
        closer.add(broker, Broker::shutdown);
        String registered = registeredAddress();
        assertThat(registered).doesNotStartWith("0.0.0.0").isEqualTo(broker.brokerAddr());
        assertThat(registered).startsWith(everyInterface("").advertisedIP() + ":");
    }
}
