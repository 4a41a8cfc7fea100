package io.apogee.it;

import io.apogee.security.RequiredAccess;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every request code the broker and the name server serve, taken from their processor tables (so a code added
 * later is covered without anyone remembering to), is refused to a caller who does not sign, and to a signed
 * Normal user without policies, when both servers run with authentication and authorization on. The request
 * carries every field and body member the access table reads, so a refusal is about permission, not about a
 * missing field. The broker registers with the guarded name server by signing with its inner credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryCodeGuardedTest {

    /** Every header field a rule of the access table reads. */
    private static final Map<String, String> FIELDS = Map.of("topic", "GuardedTopic", "b", "GuardedTopic",
            "consumerGroup", "guarded_group", "group", "guarded_group", "groupName", "guarded_group",
            "destGroup", "guarded_group", "producerGroup", "guarded_producer", "username", "someone",
            "subject", "User:someone");
    /** Every body member a rule reads, in one JSON object that each body type takes its members from. */
    private static final byte[] BODY = ("{\"consumerGroup\":\"guarded_group\",\"clientId\":\"c\",\"mqSet\":[],"
            + "\"group\":\"guarded_group\",\"groupName\":\"guarded_group\","
            + "\"groupConfigList\":[{\"groupName\":\"guarded_group\"}],"
            + "\"consumerDataSet\":[{\"groupName\":\"guarded_group\",\"subscriptionDataSet\":[]}],"
            + "\"producerDataSet\":[]}").getBytes(StandardCharsets.UTF_8);

    private final Closer closer = new Closer();
    private LocalCluster cluster;
    private NettyRemotingClient anonymous;
    private NettyRemotingClient unprivileged;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = closer.add(new LocalCluster(dir, n -> n.security(Secured.config()),
                b -> b.security(Secured.config())), LocalCluster::close);
        DefaultMQAdminExt root = Secured.admin(closer, cluster.namesrvAddr(), Secured.ROOT, Secured.ROOT_SECRET);
        for (String server : new String[] {cluster.broker().brokerAddr(), cluster.namesrvAddr()}) {
            root.createUser(server, "nobody", "nobodySecret", "Normal");
        }
        anonymous = Secured.remoting(closer, null);
        unprivileged = Secured.remoting(closer, Secured.hook("nobody", "nobodySecret"));
    }

    @AfterAll
    void stop() {
        closer.close();
    }

    @Test
    void brokerRegistersWithTheGuardedNameServerUsingItsInnerCredentials() {
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.nameServer().registry()
                .route("TBW102", null) != null);
    }

    @Test
    void theAccessTableSaysWhatEveryServedCodeNeeds() {
        int[] served = IntStream.concat(Arrays.stream(cluster.broker().servedCodes()),
                Arrays.stream(cluster.nameServer().servedCodes())).toArray();
        assertThat(served).hasSizeGreaterThan(50);
        assertThat(Arrays.stream(served).filter(code -> !RequiredAccess.covers(code)).boxed().toList())
                .as("codes served without an entry in RequiredAccess").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyBrokerCodeIsRefusedToAnonymousAndUnprivilegedCallers() {
        return refusals(cluster.broker().brokerAddr(), cluster.broker().servedCodes());
    }

    @TestFactory
    Stream<DynamicTest> everyNameServerCodeIsRefusedToAnonymousAndUnprivilegedCallers() {
        return refusals(cluster.namesrvAddr(), cluster.nameServer().servedCodes());
    }

    private Stream<DynamicTest> refusals(String address, int[] codes) {
        return Arrays.stream(codes).mapToObj(code -> DynamicTest.dynamicTest("code " + code + " at " + address, () -> {
            RemotingCommand anonymousAnswer = anonymous.invokeSync(address, request(code), 10_000);
            assertThat(anonymousAnswer.getCode()).as("anonymous").isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(anonymousAnswer.getRemark()).contains("no AccessKey");
            RemotingCommand unprivilegedAnswer = unprivileged.invokeSync(address, request(code), 10_000);
            assertThat(unprivilegedAnswer.getCode()).as("unprivileged, remark %s", unprivilegedAnswer.getRemark())
                    .isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(unprivilegedAnswer.getRemark()).contains("user 'nobody'").doesNotContain("it has no ");
        }));
    }

    private static RemotingCommand request(int code) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        FIELDS.forEach(request::addExtField);
        request.setBody(BODY);
        return request;
    }
}
