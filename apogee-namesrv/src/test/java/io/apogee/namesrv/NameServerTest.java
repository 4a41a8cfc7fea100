package io.apogee.namesrv;

import com.alibaba.fastjson2.JSON;
import io.apogee.protocol.body.TopicList;
import io.apogee.protocol.codec.FrameCodec;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A real name server on a loopback port, fed with golden broker registrations. */
class NameServerTest {

    private static final long TIMEOUT = 3_000;

    @TempDir
    Path home;

    private NameServer nameServer;
    private RemotingClient client;
    private String address;

    @BeforeEach
    void start() {
        nameServer = startNameServer(home);
        address = "127.0.0.1:" + nameServer.localAddress().getPort();
        client = new RemotingClient(new ClientConfig());
        client.start();
    }

    @AfterEach
    void stop() {
        client.shutdown();
        nameServer.shutdown();
    }

    private static NameServer startNameServer(Path home) {
        NameServer server = new NameServer(new NameServerConfig().bindAddress("127.0.0.1").listenPort(0)
                .rocketmqHome(home));
        server.start();
        return server;
    }

    @Test
    void answersAsTheOfficialNameServerDidAfterTheSameRegistrations() throws Exception {
        // Replayed in capture order, so each golden answer saw the same registrations as ours.
        register("0001-broker-to-namesrv-REGISTER_BROKER.bin");

        RemotingCommand cluster = client.invokeSync(address, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), TIMEOUT);
        byte[] officialCluster = golden("0004-namesrv-to-client-GET_BROKER_CLUSTER_INFO-response-SUCCESS.bin").body();
        assertThat(new String(cluster.body())).isEqualTo(new String(officialCluster));

        RemotingCommand topics = client.invokeSync(address,
                RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER), TIMEOUT);
        byte[] officialTopics = golden("0006-namesrv-to-client-GET_ALL_TOPIC_LIST_FROM_NAMESERVER-response-SUCCESS.bin").body();
        assertThat(JSON.parseObject(topics.body(), TopicList.class).topicList())
                .containsExactlyInAnyOrderElementsOf(JSON.parseObject(officialTopics, TopicList.class).topicList());

        register("0008-broker-to-namesrv-REGISTER_BROKER.bin");
        RemotingCommand route = client.invokeSync(address, replay("0015-client-to-namesrv-GET_ROUTEINFO_BY_TOPIC.bin"), TIMEOUT);
        assertThat(JSON.parseObject(route.body()))
                .isEqualTo(JSON.parseObject(golden("0016-namesrv-to-client-GET_ROUTEINFO_BY_TOPIC-response-SUCCESS.bin").body()));

        register("0019-broker-to-namesrv-REGISTER_BROKER.bin");
        assertThat(nameServer.registry().topics()).as("incremental registrations merge")
                .contains("GoldenAdminTopic", "GoldenTopic", "TBW102");
    }

    private void register(String frame) throws Exception {
        RemotingCommand response = client.invokeSync(address, replay(frame), TIMEOUT);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.extFields()).isEmpty();
    }

    @Test
    void unknownTopicIsTopicNotExistWithTheOfficialRemark() throws Exception {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExtField("topic", "Nope");

        RemotingCommand response = client.invokeSync(address, request, TIMEOUT);

        assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(response.remark()).startsWith("No topic route info in name server for the topic: Nope");
    }

    @Test
    void officialAdminToolSeesClusterTopicsAndRoutes() throws Exception {
        client.invokeSync(address, replay("0001-broker-to-namesrv-REGISTER_BROKER.bin"), TIMEOUT);
        DefaultMQAdminExt admin = new DefaultMQAdminExt("apogee-namesrv-test");
        admin.setNamesrvAddr(address);
        admin.setInstanceName("namesrv-test-" + System.nanoTime());
        admin.start();
        try {
            ClusterInfo cluster = admin.examineBrokerClusterInfo();
            assertThat(cluster.getClusterAddrTable()).containsKey("DefaultCluster");
            assertThat(cluster.getBrokerAddrTable().get("broker-a").getBrokerAddrs()).containsEntry(0L, "127.0.0.1:10911");

            assertThat(admin.fetchAllTopicList().getTopicList()).contains("TBW102", "SELF_TEST_TOPIC");

            TopicRouteData route = admin.examineTopicRouteInfo("TBW102");
            assertThat(route.getQueueDatas()).singleElement().satisfies(q -> {
                assertThat(q.getPerm()).isEqualTo(7);
                assertThat(q.getWriteQueueNums()).isEqualTo(8);
            });

            assertThatThrownBy(() -> admin.examineTopicRouteInfo("NoSuchTopic"))
                    .isInstanceOfSatisfying(MQClientException.class,
                            e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST));
        } finally {
            admin.shutdown();
        }
    }

    @Test
    void aBrokerDisappearsWhenItsConnectionCloses() throws Exception {
        RemotingClient broker = new RemotingClient(new ClientConfig());
        broker.start();
        try {
            assertThat(broker.invokeSync(address, replay("0001-broker-to-namesrv-REGISTER_BROKER.bin"), TIMEOUT).code())
                    .isEqualTo(ResponseCode.SUCCESS);
            assertThat(nameServer.registry().route("TBW102", null)).isNotNull();
        } finally {
            broker.shutdown();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> nameServer.registry().route("TBW102", null) == null);
    }

    @Test
    void kvConfigSurvivesARestart() throws Exception {
        RemotingCommand put = RemotingCommand.request(RequestCode.PUT_KV_CONFIG)
                .putExtField("namespace", "ORDER_TOPIC_CONFIG").putExtField("key", "T").putExtField("value", "broker-a:4");
        assertThat(client.invokeSync(address, put, TIMEOUT).code()).isEqualTo(ResponseCode.SUCCESS);

        client.shutdown();
        nameServer.shutdown();
        nameServer = startNameServer(home);
        address = "127.0.0.1:" + nameServer.localAddress().getPort();
        client = new RemotingClient(new ClientConfig());
        client.start();

        RemotingCommand get = RemotingCommand.request(RequestCode.GET_KV_CONFIG)
                .putExtField("namespace", "ORDER_TOPIC_CONFIG").putExtField("key", "T");
        RemotingCommand found = client.invokeSync(address, get, TIMEOUT);
        assertThat(found.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(found.extField("value")).isEqualTo("broker-a:4");

        RemotingCommand missing = RemotingCommand.request(RequestCode.GET_KV_CONFIG)
                .putExtField("namespace", "ORDER_TOPIC_CONFIG").putExtField("key", "U");
        assertThat(client.invokeSync(address, missing, TIMEOUT).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
    }

    @Test
    void badRegistrationsGetClearErrorsAndTheServerKeepsServing() throws Exception {
        RemotingCommand noName = replay("0001-broker-to-namesrv-REGISTER_BROKER.bin");
        noName.extFields().remove("brokerName");
        RemotingCommand missing = client.invokeSync(address, noName, TIMEOUT);
        assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(missing.remark()).contains("brokerName");

        RemotingCommand badCrc = replay("0001-broker-to-namesrv-REGISTER_BROKER.bin");
        badCrc.body()[10] ^= 1;
        RemotingCommand crc = client.invokeSync(address, badCrc, TIMEOUT);
        assertThat(crc.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(crc.remark()).isEqualTo("crc32 not match");

        RemotingCommand garbage = replay("0001-broker-to-namesrv-REGISTER_BROKER.bin");
        garbage.extFields().remove("bodyCrc32");
        garbage.body("{not json".getBytes());
        assertThat(client.invokeSync(address, garbage, TIMEOUT).code()).isEqualTo(ResponseCode.SYSTEM_ERROR);

        assertThat(client.invokeSync(address, replay("0001-broker-to-namesrv-REGISTER_BROKER.bin"), TIMEOUT).code())
                .isEqualTo(ResponseCode.SUCCESS);
        assertThat(nameServer.registry().topics()).contains("TBW102");
    }

    @Test
    void twoNameServersKeepTheirOwnRegistrations(@TempDir Path otherHome) throws Exception {
        NameServer other = startNameServer(otherHome);
        try {
            client.invokeSync(address, replay("0001-broker-to-namesrv-REGISTER_BROKER.bin"), TIMEOUT);
            assertThat(nameServer.registry().topics()).contains("TBW102");
            assertThat(other.registry().topics()).isEmpty();
        } finally {
            other.shutdown();
        }
    }

    /** A golden request as a new request of this process, so its opaque is fresh. */
    private static RemotingCommand replay(String file) throws IOException {
        RemotingCommand golden = golden(file);
        return RemotingCommand.request(golden.code()).extFields(new HashMap<>(golden.extFields()))
                .body(golden.body());
    }

    private static RemotingCommand golden(String file) throws IOException {
        try (InputStream in = NameServerTest.class.getResourceAsStream("/golden/" + file)) {
            return FrameCodec.decodeFrame(ByteBuffer.wrap(in.readAllBytes()));
        }
    }
}
