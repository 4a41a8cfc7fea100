package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.apogee.it.OfficialClients.message;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pull returns at most maxTransferCountOnMessageInMemory (32) messages from memory, as RocketMQ 5.3.3
 * does, however many the official pull consumer asks for.
 */
class OfficialPullLimitTest {

    @TempDir
    Path dir;

    private final Closer closer = new Closer();

    @AfterEach
    void stop() {
        closer.close();
    }

    @Test
    @SuppressWarnings("deprecation") // the plain pull consumer is the official way to ask for a batch size
    void aPullForFiftyMessagesGetsThirtyTwo() throws Exception {
        LocalCluster cluster = closer.add(new LocalCluster(dir), LocalCluster::close);
        DefaultMQProducer producer = closer.add(startedProducer(cluster.namesrvAddr(), "limit_producer", "limit"),
                DefaultMQProducer::shutdown);
        MessageQueue queue = null;
        for (int i = 0; i < 100; i++) {
            queue = producer.send(message("LimitTopic", "m" + i), (mqs, msg, arg) -> mqs.get(0), null)
                    .getMessageQueue();
        }
        cluster.awaitRoute("LimitTopic");
        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer("limit_group");
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(uniqueInstanceName("limit"));
        consumer.start();
        closer.add(consumer, DefaultMQPullConsumer::shutdown);

        PullResult first = consumer.pull(queue, "*", 0, 50);
        assertThat(first.getPullStatus()).isEqualTo(PullStatus.FOUND);
        assertThat(first.getMsgFoundList()).hasSize(32);
        assertThat(first.getNextBeginOffset()).isEqualTo(32);
        PullResult small = consumer.pull(queue, "*", 32, 10);
        assertThat(small.getMsgFoundList()).hasSize(10);
        assertThat(small.getMsgFoundList().get(0).getQueueOffset()).isEqualTo(32);
    }
}
