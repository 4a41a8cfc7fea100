package io.apogee.broker;

import com.alibaba.fastjson2.JSON;
import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.ConsumeType;
import io.apogee.protocol.body.ConsumerData;
import io.apogee.protocol.body.HeartbeatData;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A heartbeat naming thousands of new consumer groups creates them all, in files written a few times rather
 * than once per group, while another client's offset commits go on; past the cap it is refused whole.
 */
class ManyGroupsHeartbeatTest {

    private static final int GROUPS = 5_000;

    @TempDir
    Path dir;
    private Broker broker;
    private RemotingClient client;
    /** Another client, on a connection of its own, as another application's consumer would be. */
    private RemotingClient other;

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (other != null) {
            other.shutdown();
        }
        if (broker != null) {
            broker.shutdown();
        }
    }

    private void start(int cap) {
        start(cap, 10_000);
    }

    private void start(int cap, int perClient) {
        broker = new Broker(new BrokerConfig().bindAddress("127.0.0.1").listenPort(0).maxConsumerGroupsPerHeartbeat(cap)
                .maxConsumerGroupsPerClient(perClient)
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(8 * 1024 * 1024)))));
        broker.start();
        client = new RemotingClient(new ClientConfig());
        client.start();
        other = new RemotingClient(new ClientConfig());
        other.start();
    }

    private static RemotingCommand heartbeat(String clientId, int groups) {
        return heartbeat(clientId, 0, groups);
    }

    /** A heartbeat naming groups many_FROM .. many_(FROM + GROUPS - 1). */
    private static RemotingCommand heartbeat(String clientId, int from, int groups) {
        Set<ConsumerData> consumers = new LinkedHashSet<>();
        for (int i = from; i < from + groups; i++) {
            consumers.add(new ConsumerData("many_" + i, ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING,
                    ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, null, false));
        }
        return RemotingCommand.request(RequestCode.HEART_BEAT)
                .body(JsonBody.encode(new HeartbeatData(clientId, null, consumers, 0, false)));
    }

    @Test
    void fiveThousandNewGroupsAreAllPersistedWhileAnotherClientCommits() throws Exception {
        start(10_000);
        String address = broker.brokerAddr();
        RemotingCommand commit = new UpdateConsumerOffsetRequestHeader("other", "SELF_TEST_TOPIC", 0, 1, "broker-a")
                .applyTo(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET));
        assertThat(other.invokeSync(address, commit, 5_000).code()).isEqualTo(ResponseCode.SUCCESS);

        // The heartbeat's client is told about each of its 5,000 new groups (NOTIFY_CONSUMER_IDS_CHANGED, as
        // RocketMQ does), so the commits go on another connection, as another application's would.
        CompletableFuture<RemotingCommand> big = client.invokeAsync(address, heartbeat("127.0.0.1@many", GROUPS), 60_000);
        long worstCommitMillis = 0;
        int commits = 0;
        while (!big.isDone()) {
            long start = System.nanoTime();
            RemotingCommand again = new UpdateConsumerOffsetRequestHeader("other", "SELF_TEST_TOPIC", 0, 2 + commits,
                    "broker-a").applyTo(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET));
            assertThat(other.invokeSync(address, again, 5_000).code()).isEqualTo(ResponseCode.SUCCESS);
            worstCommitMillis = Math.max(worstCommitMillis, (System.nanoTime() - start) / 1_000_000);
            commits++;
        }
        assertThat(big.get().code()).isEqualTo(ResponseCode.SUCCESS);
        // A figure for the notes, not an assertion: the machine decides it.
        System.out.printf("heartbeat of %d new groups: %d commits meanwhile, the slowest took %d ms%n", GROUPS,
                commits, worstCommitMillis);

        Path groupsFile = dir.resolve("config").resolve("subscriptionGroup.json");
        Path topicsFile = dir.resolve("config").resolve("topics.json");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> groups = JSON.parseObject(Files.readString(groupsFile)).getJSONObject("subscriptionGroupTable");
            assertThat(groups.keySet()).contains("many_0", "many_" + (GROUPS - 1));
            assertThat(groups.keySet().stream().filter(g -> g.startsWith("many_"))).hasSize(GROUPS);
            Map<String, Object> topics = JSON.parseObject(Files.readString(topicsFile)).getJSONObject("topicConfigTable");
            assertThat(topics.keySet().stream().filter(t -> t.startsWith("%RETRY%many_"))).hasSize(GROUPS);
        });
    }

    @Test
    void aHeartbeatPastTheCapIsRefusedWholeAndCreatesNothing() throws Exception {
        start(100);
        RemotingCommand refused = client.invokeSync(broker.brokerAddr(), heartbeat("127.0.0.1@flood", 101), 10_000);
        assertThat(refused.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(refused.remark()).contains("maxConsumerGroupsPerHeartbeat", "101");
        assertThat(broker.clients().consumerIds("many_0")).isEmpty();
        RemotingCommand accepted = client.invokeSync(broker.brokerAddr(), heartbeat("127.0.0.1@fine", 100), 10_000);
        assertThat(accepted.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void aClientThatKeepsNamingNewGroupsIsStoppedAtItsCap() throws Exception {
        start(100, 150);
        String address = broker.brokerAddr();
        assertThat(client.invokeSync(address, heartbeat("127.0.0.1@drift", 0, 100), 10_000).code())
                .isEqualTo(ResponseCode.SUCCESS);
        // The same groups again, and fewer, stay within the cap.
        assertThat(client.invokeSync(address, heartbeat("127.0.0.1@drift", 0, 100), 10_000).code())
                .isEqualTo(ResponseCode.SUCCESS);
        assertThat(client.invokeSync(address, heartbeat("127.0.0.1@drift", 50, 100), 10_000).code())
                .isEqualTo(ResponseCode.SUCCESS);

        RemotingCommand refused = client.invokeSync(address, heartbeat("127.0.0.1@drift", 150, 100), 10_000);

        assertThat(refused.code()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(refused.remark()).contains("maxConsumerGroupsPerClient", "250");
        assertThat(broker.clients().consumerIds("many_150")).isEmpty();
        assertThat(broker.clients().consumerIds("many_149")).containsExactly("127.0.0.1@drift");
    }
}
