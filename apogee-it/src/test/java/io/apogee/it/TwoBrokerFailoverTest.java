package io.apogee.it;

import io.apogee.broker.Broker;
import io.apogee.broker.BrokerConfig;
import io.apogee.namesrv.NameServer;
import io.apogee.namesrv.NameServerConfig;
import io.apogee.store.MessageStoreConfig;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.apogee.it.OfficialClients.body;
import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.producer;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedAdmin;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two brokers, each registered with two name servers: the official producer spreads a topic's
 * messages over both, and when one broker stops, producers route around it and the group keeps
 * consuming from the other.
 */
class TwoBrokerFailoverTest {

    private static final String TOPIC = "FailoverTopic";
    private static final String GROUP = "failover_group";

    @TempDir
    Path dir;

    private final List<NameServer> nameServers = new ArrayList<>();
    private final Map<String, Broker> brokers = new HashMap<>();
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;
    private DefaultMQAdminExt admin;
    private final Set<String> received = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        for (String name : List.of("ns1", "ns2")) {
            NameServer nameServer = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                    .rocketmqHome(dir.resolve(name)));
            nameServer.start();
            nameServers.add(nameServer);
        }
        for (String name : List.of("broker-a", "broker-b")) {
            Broker broker = new Broker(new BrokerConfig().brokerName(name).bindAddress("127.0.0.1").listenPort(0)
                    .namesrvAddr(namesrvAddr())
                    .store(MessageStoreConfig.from(Map.of(
                            MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.resolve(name).toString(),
                            MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(16 * 1024 * 1024)))));
            broker.start();
            brokers.put(name, broker);
        }
        admin = startedAdmin(namesrvAddr(), "failover-admin");
        for (Broker broker : brokers.values()) {
            admin.createAndUpdateTopicConfig(broker.brokerAddr(), new TopicConfig(TOPIC, 4, 4, 6));
        }
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        admin.shutdown();
        brokers.values().forEach(Broker::shutdown);
        nameServers.forEach(NameServer::shutdown);
    }

    private String namesrvAddr() {
        StringBuilder addr = new StringBuilder();
        for (NameServer nameServer : nameServers) {
            addr.append(addr.length() == 0 ? "" : ";").append("127.0.0.1:").append(nameServer.localAddress().getPort());
        }
        return addr.toString();
    }

    @Test
    void producersAndConsumersRouteAroundAStoppedBroker() throws Exception {
        for (NameServer nameServer : nameServers) {
            DefaultMQAdminExt perServer = startedAdmin("127.0.0.1:" + nameServer.localAddress().getPort(),
                    "failover-probe");
            try {
                TopicRouteData route = perServer.examineTopicRouteInfo(TOPIC);
                assertThat(route.getBrokerDatas()).as("each name server routes to both brokers").hasSize(2);
            } finally {
                perServer.shutdown();
            }
        }

        producer = producer(namesrvAddr(), "failover_producer", "failover-producer");
        producer.setPollNameServerInterval(500);
        producer.setRetryTimesWhenSendFailed(3);
        producer.start();
        startConsumer();

        Map<String, Integer> perBroker = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            SendResult result = send("before-" + i);
            perBroker.merge(result.getMessageQueue().getBrokerName(), 1, Integer::sum);
        }
        assertThat(perBroker).as("the producer spreads over both brokers").containsOnlyKeys("broker-a", "broker-b");
        assertThat(perBroker.values()).allMatch(count -> count >= 50);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 200);

        brokers.remove("broker-a").shutdown();

        Map<String, Integer> afterStop = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            SendResult result = send("after-" + i);
            afterStop.merge(result.getMessageQueue().getBrokerName(), 1, Integer::sum);
        }
        assertThat(afterStop).as("every send lands on the broker still running").containsOnlyKeys("broker-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 400);
        assertThat(received).as("every acknowledged message, before and after the stop")
                .allMatch(body -> body.startsWith("before-") || body.startsWith("after-"));
    }

    private SendResult send(String body) throws Exception {
        SendResult result = producer.send(message(TOPIC, body));
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        return result;
    }

    private void startConsumer() throws Exception {
        consumer = consumerFromFirstOffset(namesrvAddr(), GROUP, uniqueInstanceName("failover-consumer"));
        consumer.setPollNameServerInterval(500);
        startConsuming(consumer, TOPIC, m -> received.add(body(m)));
    }
}
