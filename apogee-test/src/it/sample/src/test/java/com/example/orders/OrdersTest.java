package com.example.orders;

import io.apogee.test.ApogeeTest;
import io.apogee.test.EmbeddedApogee;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The official producer and push consumer against the embedded broker, as an application uses them. */
@ApogeeTest(topics = "Orders:4")
class OrdersTest {

    @Test
    void aPushConsumerReceivesWhatTheProducerSent(EmbeddedApogee apogee) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("orders_consumer");
        consumer.setNamesrvAddr(apogee.namesrvAddr());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("Orders", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> received.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        // The name server address also reaches clients that read it from the system property.
        assertThat(System.getProperty("rocketmq.namesrv.addr")).isEqualTo(apogee.namesrvAddr());
        DefaultMQProducer producer = new DefaultMQProducer("orders_producer");
        producer.start();
        try {
            for (int i = 0; i < 10; i++) {
                Message message = new Message("Orders", "created", ("order-" + i).getBytes(StandardCharsets.UTF_8));
                assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 10);
            assertThat(received).hasSize(10).contains("order-0", "order-9");
        } finally {
            producer.shutdown();
            consumer.shutdown();
        }
    }
}
