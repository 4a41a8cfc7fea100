package io.apogee.it;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.body.AclInfo;
import org.apache.rocketmq.remoting.protocol.body.UserInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RocketMQ 5.3.3's {@code mqadmin} user and ACL commands against a broker with authentication and authorization
 * on, signed as the Super user: each change is seen by a running producer's very next send, and users and
 * policies survive a broker restart.
 */
class MqAdminAuthCommandsTest {

    private static final String TOPIC = "AdminAuthTopic";

    private final Closer closer = new Closer();

    @AfterEach
    void stop() {
        closer.close();
    }

    @Test
    void userAndAclCommandsRoundTripAndTakeEffectOnTheNextRequest(@TempDir Path dir) throws Exception {
        LocalCluster cluster = closer.add(new LocalCluster(dir, c -> c.security(Secured.config())),
                LocalCluster::close);
        String broker = cluster.broker().brokerAddr();
        DefaultMQAdminExt root = Secured.admin(closer, cluster.namesrvAddr(), Secured.ROOT, Secured.ROOT_SECRET);
        root.createAndUpdateTopicConfig(broker, new TopicConfig(TOPIC, 1, 1, 6));
        cluster.awaitRoute(TOPIC);
        MqAdmin mqadmin = new MqAdmin(cluster.namesrvAddr());
        RPCHook asRoot = Secured.hook(Secured.ROOT, Secured.ROOT_SECRET);

        mqadmin.run("createUser -b " + broker + " -u bob -p bobSecret1 -t Normal", asRoot);
        assertThat(mqadmin.run("getUser -b " + broker + " -u bob", asRoot)).contains("bob", "Normal");
        assertThat(mqadmin.run("listUser -b " + broker, asRoot)).contains("bob", Secured.ROOT);
        DefaultMQProducer bob = producer(cluster, "bob", "bobSecret1");
        assertThat(Secured.refusal(bob, TOPIC)).contains("no policy allows it");

        mqadmin.run("createAcl -b " + broker + " -s User:bob -r Topic:" + TOPIC + " -a Pub -d Allow", asRoot);
        assertThat(bob.send(message(TOPIC, "allowed now")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(mqadmin.run("getAcl -b " + broker + " -s User:bob", asRoot)).contains("Topic:" + TOPIC, "Pub");
        assertThat(mqadmin.run("listAcl -b " + broker, asRoot)).contains("User:bob");

        mqadmin.run("updateAcl -b " + broker + " -s User:bob -r Topic:" + TOPIC + " -a Pub -d Deny", asRoot);
        assertThat(Secured.refusal(bob, TOPIC)).contains("a Deny policy matches");

        mqadmin.run("deleteAcl -b " + broker + " -s User:bob -r Topic:" + TOPIC, asRoot);
        assertThat(Secured.refusal(bob, TOPIC)).contains("no policy allows it");

        mqadmin.run("createAcl -b " + broker + " -s User:bob -r Topic:" + TOPIC + " -a Pub -d Allow", asRoot);
        cluster.restartBroker();
        UserInfo kept = root.getUser(broker, "bob");
        assertThat(kept.getUsername()).isEqualTo("bob");
        AclInfo keptAcl = root.getAcl(broker, "User:bob");
        assertThat(keptAcl.getPolicies().get(0).getEntries().get(0).getResource()).isEqualTo("Topic:" + TOPIC);

        mqadmin.run("updateUser -b " + broker + " -u bob -s disable", asRoot);
        assertThat(Secured.refusal(bob, TOPIC)).contains("user 'bob' is disabled");

        mqadmin.run("deleteUser -b " + broker + " -u bob", asRoot);
        assertThat(Secured.refusal(bob, TOPIC)).contains("no user 'bob' exists");
        assertThat(mqadmin.run("createUser -b " + broker + " -u eve -p eveSecret1 -t Super",
                Secured.hook("bob", "bobSecret1"))).contains("no user 'bob' exists");
        assertThat(root.listUser(broker, "eve")).isEmpty();
    }

    private DefaultMQProducer producer(LocalCluster cluster, String user, String secret) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("admin_auth_producer", Secured.hook(user, secret));
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName(uniqueInstanceName("admin-auth-" + user));
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        return closer.add(producer, DefaultMQProducer::shutdown);
    }
}
