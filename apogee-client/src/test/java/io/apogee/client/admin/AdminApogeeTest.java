package io.apogee.client.admin;

import io.apogee.client.ApogeeCluster;
import io.apogee.client.ClientException;
import io.apogee.client.Collector;
import io.apogee.client.consumer.PushConsumer;
import io.apogee.client.message.Message;
import io.apogee.client.producer.Producer;
import io.apogee.protocol.body.ConsumeFromWhere;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.body.OffsetWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The admin client against a real Apogee name server and broker. */
class AdminApogeeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void topicsGroupsProgressAndOffsetResets(@TempDir Path dir) {
        try (ApogeeCluster cluster = new ApogeeCluster(dir); Admin admin = new Admin(cluster.namesrvAddr())) {
            assertThat(admin.examineBrokerClusterInfo().clusterAddrTable()).containsKey("DefaultCluster");
            admin.createTopic("DefaultCluster", "AdminTopic", 2);
            await().atMost(WAIT).until(() -> admin.fetchAllTopicList().contains("AdminTopic"));
            assertThat(admin.examineTopicRouteInfo("AdminTopic").queueDatas())
                    .singleElement().satisfies(q -> assertThat(q.writeQueueNums()).isEqualTo(2));
            assertThatThrownBy(() -> admin.createTopic("NoSuchCluster", "X", 1)).isInstanceOf(ClientException.class)
                    .hasMessageContaining("NoSuchCluster");

            Producer producer = new Producer("admin_producer");
            producer.setNamesrvAddr(cluster.namesrvAddr());
            producer.start();
            for (int i = 0; i < 10; i++) {
                producer.send(new Message("AdminTopic", ("a-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            long middle = System.currentTimeMillis();
            await().atMost(WAIT).until(() -> System.currentTimeMillis() > middle);
            for (int i = 0; i < 6; i++) {
                producer.send(new Message("AdminTopic", ("b-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.shutdown();

            Collector collector = new Collector();
            PushConsumer consumer = new PushConsumer("admin_group");
            consumer.setNamesrvAddr(cluster.namesrvAddr());
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe("AdminTopic", "*");
            consumer.registerMessageListener(collector);
            consumer.start();
            await().atMost(WAIT).until(() -> collector.total() == 16);
            assertThat(admin.examineConsumerConnection("admin_group", "AdminTopic"))
                    .containsExactly(consumer.clientInstance().clientId());
            consumer.shutdown();

            await().atMost(WAIT).untilAsserted(() -> {
                Map<MessageQueue, OffsetWrapper> progress = admin.consumerProgress("admin_group", "AdminTopic");
                assertThat(progress).hasSize(2);
                assertThat(progress.values()).allMatch(w -> w.consumerOffset() == w.brokerOffset());
                assertThat(progress.values().stream().mapToLong(OffsetWrapper::brokerOffset).sum()).isEqualTo(16);
            });

            Map<MessageQueue, Long> reset = admin.resetOffsetByTimestamp("admin_group", "AdminTopic", middle + 1);
            assertThat(reset.values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(16 - 6);
            reset.forEach((queue, offset) -> assertThat(admin.committedOffset("admin_group", queue)).isEqualTo(offset));

            Collector again = new Collector();
            PushConsumer rerun = new PushConsumer("admin_group");
            rerun.setNamesrvAddr(cluster.namesrvAddr());
            rerun.subscribe("AdminTopic", "*");
            rerun.registerMessageListener(again);
            rerun.start();
            await().atMost(WAIT).until(() -> again.total() == 6);
            assertThat(again.deliveries().keySet()).allMatch(b -> b.startsWith("b-"));
            rerun.shutdown();
        }
    }
}
