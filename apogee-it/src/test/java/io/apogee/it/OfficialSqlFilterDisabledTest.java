package io.apogee.it;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broker left with enablePropertyFilter off (RocketMQ's default) refuses SQL92 consumers at start, saying why. */
class OfficialSqlFilterDisabledTest {

    @TempDir
    Path dir;

    @Test
    void aSqlSubscriptionIsRefusedNamingTheSetting() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            DefaultMQProducer producer = startedProducer(cluster.namesrvAddr(), "sql_disabled_producer",
                    "sql-disabled-producer");
            DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("sql_disabled_group");
            try {
                producer.send(new Message("SQL_DISABLED_TOPIC", "route".getBytes(StandardCharsets.UTF_8)));
                // The consumer checks its selector with a broker of the topic's route; wait until it has one.
                cluster.awaitRoute("SQL_DISABLED_TOPIC");
                consumer.setNamesrvAddr(cluster.namesrvAddr());
                consumer.setInstanceName(uniqueInstanceName("sql-disabled-consumer"));
                consumer.subscribe("SQL_DISABLED_TOPIC", MessageSelector.bySql("a > 1"));
                consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) ->
                        ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
                assertThatThrownBy(consumer::start).isInstanceOf(MQClientException.class)
                        .hasMessageContaining("enablePropertyFilter");
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }
}
