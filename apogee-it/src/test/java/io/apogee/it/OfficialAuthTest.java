package io.apogee.it;

import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody;
import org.apache.rocketmq.remoting.protocol.header.GetMaxOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.UpdateConsumerOffsetRequestHeader;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker with {@code authenticationEnabled} and {@code authorizationEnabled}, used by the official 5.3.3 client
 * with RocketMQ's ACL client hook: users and policies are set up through the admin API as a Super user, then
 * each kind of caller is shown to get exactly what its policies say, and each kind of bad signature its own
 * NO_PERMISSION answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfficialAuthTest {

    private static final String TOPIC = "AuthTopic";
    private static final String GROUP = "auth_group";

    private final Closer closer = new Closer();
    private LocalCluster cluster;
    private String broker;
    private DefaultMQAdminExt root;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = closer.add(new LocalCluster(dir, c -> c.security(Secured.config()).autoCreateTopicEnable(false)),
                LocalCluster::close);
        broker = cluster.broker().brokerAddr();
        root = admin(Secured.ROOT, Secured.ROOT_SECRET);
        root.createAndUpdateTopicConfig(broker, new TopicConfig(TOPIC, 2, 2, 6));
        cluster.awaitRoute(TOPIC);
        user("pub", "Topic:" + TOPIC, "Pub", null, "Allow");
        user("nobody", null, null, null, null);
        user("sub", "Topic:" + TOPIC + ",Group:" + GROUP, "Sub", null, "Allow");
        user("denied", "Topic:Auth*", "Pub", null, "Allow");
        root.createAcl(broker, "User:denied", List.of("Topic:" + TOPIC), List.of("Pub"), List.of(), "Deny");
        user("elsewhere", "Topic:" + TOPIC, "Pub", List.of("10.0.0.0/8"), "Allow");
    }

    @AfterAll
    void stop() {
        closer.close();
    }

    private void user(String name, String resources, String actions, List<String> sourceIps, String decision)
            throws Exception {
        root.createUser(broker, name, name + "Secret", "Normal");
        if (resources != null) {
            root.createAcl(broker, "User:" + name, List.of(resources.split(",")), List.of(actions),
                    sourceIps == null ? List.of() : sourceIps, decision);
        }
    }

    private DefaultMQAdminExt admin(String user, String secret) throws MQClientException {
        return Secured.admin(closer, cluster.namesrvAddr(), user, secret);
    }

    private static RPCHook hook(String user, String secret) {
        return Secured.hook(user, secret);
    }

    private DefaultMQProducer producer(String user) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer("auth_producer_" + user, hook(user, user + "Secret"));
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName(uniqueInstanceName("auth-producer-" + user));
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        return closer.add(producer, DefaultMQProducer::shutdown);
    }

    /** The official remoting client, signing with {@code hook} (or not at all when null). */
    private NettyRemotingClient remoting(RPCHook hook) {
        return Secured.remoting(closer, hook);
    }

    private long stored() throws Exception {
        return root.maxOffset(new MessageQueue(TOPIC, "broker-a", 0)) + root.maxOffset(new MessageQueue(TOPIC, "broker-a", 1));
    }

    @Test
    void userWithPubSendsAndUserWithoutPubIsRefusedWithNothingStored() throws Exception {
        assertThat(producer("pub").send(message(TOPIC, "allowed")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        cluster.awaitDispatched();
        long before = stored();
        assertThat(Secured.refusal(producer("nobody"), TOPIC))
                .contains("nobody", "Pub on Topic:" + TOPIC, "no policy allows it");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void apogeeClientSignsWithTheHookItIsGiven() throws Exception {
        assertThat(apogeeProducer("pub").send(new io.apogee.client.message.Message(TOPIC,
                "signed".getBytes(StandardCharsets.UTF_8))).sendStatus()).isEqualTo(io.apogee.client.producer.SendStatus.SEND_OK);
        cluster.awaitDispatched();
        long before = stored();
        io.apogee.client.producer.Producer nobody = apogeeProducer("nobody");
        assertThatThrownBy(() -> nobody.send(new io.apogee.client.message.Message(TOPIC,
                "refused".getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("nobody")
                .hasMessageContaining("no policy allows it");
        assertThat(stored()).isEqualTo(before);
    }

    /** Apogee's own producer, signing as {@code user} with the security module's signer. */
    private io.apogee.client.producer.Producer apogeeProducer(String user) {
        io.apogee.client.producer.Producer producer = new io.apogee.client.producer.Producer("apogee_" + user + "_producer");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName(uniqueInstanceName("apogee-" + user));
        producer.setRpcHook(new io.apogee.security.RequestSigner(new io.apogee.security.Credentials(user, user + "Secret")));
        producer.start();
        return closer.add(producer, io.apogee.client.producer.Producer::shutdown);
    }

    @Test
    void denyBeatsAllow() throws Exception {
        assertThat(Secured.refusal(producer("denied"), TOPIC)).contains("a Deny policy matches");
    }

    @Test
    void policyLimitedToOtherAddressesRefusesThisOne() throws Exception {
        assertThat(Secured.refusal(producer("elsewhere"), TOPIC)).contains("elsewhere", "from 127.0.0.1");
    }

    @Test
    void userWithSubPullsLocksAndCommitsAndUserWithoutSubCannot() throws Exception {
        NettyRemotingClient sub = remoting(hook("sub", "subSecret"));
        NettyRemotingClient pub = remoting(hook("pub", "pubSecret"));
        for (RemotingCommand request : List.of(pull(), lock(), commit())) {
            assertThat(sub.invokeSync(broker, copy(request), 5_000).getCode())
                    .as("code %d as sub", request.getCode()).isNotEqualTo(ResponseCode.NO_PERMISSION);
            RemotingCommand refused = pub.invokeSync(broker, copy(request), 5_000);
            assertThat(refused.getCode()).as("code %d as pub", request.getCode()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(refused.getRemark()).contains("Sub on Group:" + GROUP);
        }
    }

    private RemotingCommand pull() {
        PullMessageRequestHeader header = new PullMessageRequestHeader();
        header.setConsumerGroup(GROUP);
        header.setTopic(TOPIC);
        header.setQueueId(0);
        header.setQueueOffset(0L);
        header.setMaxMsgNums(1);
        header.setSysFlag(0);
        header.setCommitOffset(0L);
        header.setSuspendTimeoutMillis(0L);
        header.setSubscription("*");
        header.setSubVersion(0L);
        header.setExpressionType("TAG");
        return RemotingCommand.createRequestCommand(RequestCode.PULL_MESSAGE, header);
    }

    private RemotingCommand lock() {
        LockBatchRequestBody body = new LockBatchRequestBody();
        body.setConsumerGroup(GROUP);
        body.setClientId("auth-client");
        body.setMqSet(Set.of(new MessageQueue(TOPIC, "broker-a", 0)));
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.LOCK_BATCH_MQ, null);
        request.setBody(body.encode());
        return request;
    }

    private RemotingCommand commit() {
        UpdateConsumerOffsetRequestHeader header = new UpdateConsumerOffsetRequestHeader();
        header.setConsumerGroup(GROUP);
        header.setTopic(TOPIC);
        header.setQueueId(0);
        header.setCommitOffset(0L);
        return RemotingCommand.createRequestCommand(RequestCode.UPDATE_CONSUMER_OFFSET, header);
    }

    /** A fresh command like {@code request}: a signed command cannot be sent twice. */
    private static RemotingCommand copy(RemotingCommand request) throws Exception {
        request.makeCustomHeaderToNet();
        RemotingCommand copy = RemotingCommand.createRequestCommand(request.getCode(), null);
        if (request.getExtFields() != null) {
            request.getExtFields().forEach(copy::addExtField);
        }
        copy.setBody(request.getBody());
        return copy;
    }

    @Test
    void normalUserCannotAdministerAndSuperUserCan() throws Exception {
        DefaultMQAdminExt normal = admin("sub", "subSecret");
        assertThatThrownBy(() -> normal.createAndUpdateTopicConfig(broker, new TopicConfig("NormalMade", 1, 1, 6)))
                .hasMessageContaining("Create on Topic:NormalMade");
        assertThatThrownBy(() -> normal.deleteTopicInBroker(Set.of(broker), TOPIC))
                .hasMessageContaining("Delete on Topic:" + TOPIC);
        Properties change = new Properties();
        change.setProperty("autoCreateSubscriptionGroup", "false");
        assertThatThrownBy(() -> normal.updateBrokerConfig(broker, change))
                .hasMessageContaining("Update on Cluster");

        root.createAndUpdateTopicConfig(broker, new TopicConfig("SuperMade", 1, 1, 6));
        assertThat(root.examineTopicConfig(broker, "SuperMade")).isNotNull();
        root.updateBrokerConfig(broker, change);
        assertThat(root.getBrokerConfig(broker).getProperty("autoCreateSubscriptionGroup")).isEqualTo("false");
        root.deleteTopicInBroker(Set.of(broker), "SuperMade");
    }

    @Test
    void eachBadSignatureGetsItsOwnError() throws Exception {
        assertThat(remark(remoting(null), maxOffset())).contains("carries no AccessKey");
        assertThat(remark(remoting(hook("stranger", "whatever")), maxOffset())).contains("no user 'stranger' exists");
        assertThat(remark(remoting(hook("pub", "wrongSecret")), maxOffset())).contains("signature of user 'pub' does not match");

        NettyRemotingClient unsigned = remoting(null);
        // Signed by the user, then one field changed on the way: as a replayed request with a tampered field.
        RemotingCommand tampered = copy(maxOffset());
        hook("pub", "pubSecret").doBeforeRequest(broker, tampered);
        tampered.addExtField("queueId", "1");
        assertThat(remark(unsigned, tampered)).contains("signature of user 'pub' does not match");

        RemotingCommand unsignedWithKey = maxOffset();
        unsignedWithKey.addExtField("AccessKey", "pub");
        assertThat(remark(unsigned, unsignedWithKey)).contains("carries no Signature");
    }

    private RemotingCommand maxOffset() {
        GetMaxOffsetRequestHeader header = new GetMaxOffsetRequestHeader();
        header.setTopic(TOPIC);
        header.setQueueId(0);
        return RemotingCommand.createRequestCommand(RequestCode.GET_MAX_OFFSET, header);
    }

    private String remark(NettyRemotingClient client, RemotingCommand request) throws Exception {
        RemotingCommand response = client.invokeSync(broker, request, 5_000);
        assertThat(response.getCode()).isEqualTo(ResponseCode.NO_PERMISSION);
        return response.getRemark();
    }
}
