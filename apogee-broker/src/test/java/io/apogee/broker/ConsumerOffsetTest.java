package io.apogee.broker;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.QueryConsumerOffsetRequestHeader;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Committed consumer offsets answer queries and survive a broker restart. */
class ConsumerOffsetTest {

    @TempDir
    Path dir;

    private Broker broker;
    private RemotingClient client;

    @BeforeEach
    void start() {
        startBroker();
        client = new RemotingClient(new ClientConfig());
        client.start();
    }

    private void startBroker() {
        broker = new Broker(new BrokerConfig().bindAddress("127.0.0.1").listenPort(0)
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(8 * 1024 * 1024)))));
        broker.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        broker.shutdown();
    }

    private RemotingCommand query(int queueId) throws Exception {
        return client.invokeSync(broker.brokerAddr(), new QueryConsumerOffsetRequestHeader("g1", "SELF_TEST_TOPIC",
                queueId, null, "broker-a").applyTo(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)), 3_000);
    }

    @Test
    void queriesCommitsAndRestarts() throws Exception {
        assertThat(query(0).code()).as("empty queue, nothing committed").isEqualTo(ResponseCode.QUERY_NOT_FOUND);

        RemotingCommand send = new SendMessageRequestHeader("p", "SELF_TEST_TOPIC", "TBW102", 4, 0, 0,
                System.currentTimeMillis(), 0, null, 0, false, false, null, "broker-a")
                .applyTo(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)).body(new byte[] {1, 2, 3});
        assertThat(client.invokeSync(broker.brokerAddr(), send, 3_000).code()).isEqualTo(ResponseCode.SUCCESS);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.store().maxOffsetInQueue("SELF_TEST_TOPIC", 0) == 1);
        RemotingCommand firstStillThere = query(0);
        assertThat(firstStillThere.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(firstStillThere.extField("offset")).isEqualTo("0");

        client.invokeOneway(broker.brokerAddr(), new UpdateConsumerOffsetRequestHeader("g1", "SELF_TEST_TOPIC", 0, 5,
                "broker-a").applyTo(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)).markOneway(), 3_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> "5".equals(query(0).extField("offset")));

        broker.shutdown();
        startBroker();
        assertThat(query(0).extField("offset")).isEqualTo("5");
    }
}
