package io.apogee.broker;

import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.ConsumeType;
import io.apogee.protocol.body.ConsumerData;
import io.apogee.protocol.body.HeartbeatData;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.MessageModel;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.remoting.client.ClientConfig;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.store.MessageStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed and refused sends and heartbeats get clear answers, and the broker keeps serving. */
class SendBadInputTest {

    @TempDir
    Path dir;

    private Broker broker;
    private RemotingClient client;
    private String address;

    @BeforeEach
    void start() {
        broker = new Broker(new BrokerConfig().bindAddress("127.0.0.1").listenPort(0).autoCreateTopicEnable(false)
                .store(MessageStoreConfig.from(Map.of(MessageStoreConfig.STORE_PATH_ROOT_DIR, dir.toString(),
                        MessageStoreConfig.MAPPED_FILE_SIZE_COMMIT_LOG, Integer.toString(4 * 1024 * 1024),
                        MessageStoreConfig.MAX_MESSAGE_SIZE, Integer.toString(64 * 1024)))));
        broker.start();
        address = broker.brokerAddr();
        client = new RemotingClient(new ClientConfig());
        client.start();
    }

    @AfterEach
    void stop() {
        client.shutdown();
        broker.shutdown();
    }

    private static RemotingCommand send(String topic, int queueId, byte[] body) {
        return new SendMessageRequestHeader("g", topic, "TBW102", 4, queueId, 0, System.currentTimeMillis(), 0,
                "UNIQ_KEY\u0001ABC\u0002", 0, false, false, null, "broker-a")
                .applyTo(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)).body(body);
    }

    private RemotingCommand call(RemotingCommand request) throws Exception {
        return client.invokeSync(address, request, 3_000);
    }

    @Test
    void eachBadSendGetsItsOwnErrorAndAGoodOneStillWorks() throws Exception {
        RemotingCommand noTopic = send("SELF_TEST_TOPIC", 0, "x".getBytes(StandardCharsets.UTF_8));
        noTopic.extFields().remove("b");
        RemotingCommand malformed = call(noTopic);
        assertThat(malformed.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(malformed.remark()).contains("'b'");

        assertThat(call(send("Unknown", 0, new byte[] {1})).code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        RemotingCommand illegal = call(send("bad topic", 0, new byte[] {1}));
        assertThat(illegal.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(illegal.remark()).contains("characters");
        assertThat(call(send("SELF_TEST_TOPIC", 5, new byte[] {1})).remark()).contains("queueId[5] is illegal");
        assertThat(call(send("SELF_TEST_TOPIC", 0, new byte[128 * 1024])).code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);

        RemotingCommand ok = call(send("SELF_TEST_TOPIC", 0, "fine".getBytes(StandardCharsets.UTF_8)));
        assertThat(ok.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(ok.extField("msgId")).hasSize(32);
        assertThat(ok.extField("queueOffset")).isEqualTo("0");
        assertThat(ok.extField("transactionId")).isEqualTo("ABC");
    }

    @Test
    void aConsumerGroupWithAnIllegalNameIsRefusedWithTheReason() throws Exception {
        HeartbeatData heartbeat = new HeartbeatData("127.0.0.1@bad", null, Set.of(new ConsumerData("bad group!",
                ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING, ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                null, false)), 0, false);
        RemotingCommand refused = call(RemotingCommand.request(RequestCode.HEART_BEAT).body(JsonBody.encode(heartbeat)));

        assertThat(refused.code()).isEqualTo(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
        assertThat(refused.remark()).contains("group name is illegal").contains("characters");
        assertThat(broker.clients().consumerIds("bad group!")).isEmpty();
        RemotingCommand ok = call(send("SELF_TEST_TOPIC", 0, "fine".getBytes(StandardCharsets.UTF_8)));
        assertThat(ok.code()).isEqualTo(ResponseCode.SUCCESS);
    }
}
