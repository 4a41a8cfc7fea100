package io.apogee.it;

import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.apogee.it.OfficialClients.startedAdmin;

/**
 * What the official admin-tool tests share: a fresh name server and broker per test with a started
 * {@link DefaultMQAdminExt}, and a {@link Closer} for the clients a test starts besides, all stopped after it.
 * A subclass's own {@code @BeforeEach} runs after this one's, with the cluster up.
 */
abstract class AdminClusterTest {

    @TempDir
    Path dir;

    final Closer closer = new Closer();
    LocalCluster cluster;
    DefaultMQAdminExt admin;
    /** The broker's address, as admin requests name it. */
    String broker;

    @BeforeEach
    void startClusterAndAdmin() throws Exception {
        cluster = closer.add(new LocalCluster(dir), LocalCluster::close);
        broker = cluster.broker().brokerAddr();
        admin = closer.add(startedAdmin(cluster.namesrvAddr(), "apogee_it_admin", getClass().getSimpleName()),
                DefaultMQAdminExt::shutdown);
    }

    /** Creates {@code topic} with {@code queues} read and write queues and waits until it is routed. */
    void createTopic(String topic, int queues) throws Exception {
        admin.createAndUpdateTopicConfig(broker, new TopicConfig(topic, queues, queues, 6));
        cluster.awaitRoute(topic);
    }

    @AfterEach
    void stopAll() {
        closer.close();
    }
}
