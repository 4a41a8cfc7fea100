package io.apogee.it;

import io.apogee.security.SecurityConfig;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A RocketMQ 4 {@code plain_acl.yml} with two accounts, imported at start with {@code migrateAuthFromV1Enabled},
 * gives the official client's ACL hook the permissions ACL 1.0 gave it: named topic permissions over the
 * account's defaults, DENY defaults refusing the rest, and the admin account administering.
 */
class PlainAclImportTest {

    private static final String PLAIN_ACL = """
            globalWhiteRemoteAddresses:
              - 10.10.103.*
            accounts:
              - accessKey: rocketmq2
                secretKey: 12345678
                whiteRemoteAddress:
                admin: false
                defaultTopicPerm: DENY
                defaultGroupPerm: SUB
                topicPerms:
                  - LegacyTopicA=PUB|SUB
                  - LegacyTopicB=SUB
                groupPerms:
                  - legacy_group=SUB
              - accessKey: legacyAdmin
                secretKey: adminSecret1
                whiteRemoteAddress: 127.0.0.1
                admin: true
            """;

    private final Closer closer = new Closer();

    @AfterEach
    void stop() {
        closer.close();
    }

    @Test
    void importedAccountsKeepTheirAcl1Permissions(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain_acl.yml"), PLAIN_ACL);
        SecurityConfig base = Secured.config();
        SecurityConfig security = new SecurityConfig(true, true, base.initUser(), base.innerCredentials(), true,
                file.toString());
        LocalCluster cluster = closer.add(new LocalCluster(dir, c -> c.security(security)), LocalCluster::close);
        String broker = cluster.broker().brokerAddr();

        DefaultMQAdminExt legacyAdmin = Secured.admin(closer, cluster.namesrvAddr(), "legacyAdmin", "adminSecret1");
        for (String topic : new String[] {"LegacyTopicA", "LegacyTopicB", "LegacyTopicC"}) {
            legacyAdmin.createAndUpdateTopicConfig(broker, new TopicConfig(topic, 1, 1, 6));
            cluster.awaitRoute(topic);
        }
        DefaultMQAdminExt normal = Secured.admin(closer, cluster.namesrvAddr(), "rocketmq2", "12345678");
        assertThatThrownBy(() -> normal.createAndUpdateTopicConfig(broker, new TopicConfig("NotAllowed", 1, 1, 6)))
                .hasMessageContaining("Create on Topic:NotAllowed");

        DefaultMQProducer producer = new DefaultMQProducer("legacy_producer", Secured.hook("rocketmq2", "12345678"));
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName(uniqueInstanceName("legacy-producer"));
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        closer.add(producer, DefaultMQProducer::shutdown);
        assertThat(producer.send(message("LegacyTopicA", "allowed")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(Secured.refusal(producer, "LegacyTopicB")).contains("Pub on Topic:LegacyTopicB", "a Deny policy matches");
        assertThat(Secured.refusal(producer, "LegacyTopicC")).contains("Pub on Topic:LegacyTopicC", "a Deny policy matches");
    }
}
