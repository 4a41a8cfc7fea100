package com.example.orders;

import io.apogee.test.ApogeeTest;
import org.apache.rocketmq.spring.annotation.RocketMQMessageListener;
import org.apache.rocketmq.spring.core.RocketMQListener;
import org.apache.rocketmq.spring.core.RocketMQTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application's beans against the embedded broker: {@code @ApogeeTest} before
 * {@code @SpringBootTest} points {@code rocketmq.name-server} at it, with nothing else to set up.
 */
@ApogeeTest(topics = "Shipments:2")
@SpringBootTest(classes = SpringOrdersTest.App.class, properties = "rocketmq.producer.group=shipments_producer")
class SpringOrdersTest {

    static final Set<String> SHIPPED = ConcurrentHashMap.newKeySet();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        ShipmentListener shipmentListener() {
            return new ShipmentListener();
        }
    }

    @RocketMQMessageListener(topic = "Shipments", consumerGroup = "shipments_group")
    static class ShipmentListener implements RocketMQListener<String> {
        @Override
        public void onMessage(String message) {
            SHIPPED.add(message);
        }
    }

    @Autowired
    RocketMQTemplate template;

    @Test
    void theTemplateSendsAndTheListenerReceives() {
        template.syncSend("Shipments", "parcel-1");
        template.convertAndSend("Shipments", "parcel-2");
        await().atMost(Duration.ofSeconds(60)).until(() -> SHIPPED.containsAll(Set.of("parcel-1", "parcel-2")));
    }
}
