package io.apogee.test;

import org.apache.rocketmq.spring.annotation.RocketMQMessageListener;
import org.apache.rocketmq.spring.core.RocketMQListener;
import org.apache.rocketmq.spring.core.RocketMQTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * rocketmq-spring-boot-starter against an embedded Apogee: {@code @ApogeeTest} before {@code @SpringBootTest}
 * is all the set-up; the context's {@code rocketmq.name-server} points at the running name server.
 */
@ApogeeTest(topics = "SpringTopic:2")
@SpringBootTest(classes = SpringBootStarterTest.App.class, properties = {
        "rocketmq.producer.group=spring_producer", "spring.main.banner-mode=off"})
class SpringBootStarterTest {

    static {
        // Spring Boot 2.7's logging system expects logback 1.2; the tests log through this project's logback.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    }

    static final Set<String> RECEIVED = ConcurrentHashMap.newKeySet();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Listener listener() {
            return new Listener();
        }
    }

    @RocketMQMessageListener(topic = "SpringTopic", consumerGroup = "spring_group")
    static class Listener implements RocketMQListener<String> {
        @Override
        public void onMessage(String message) {
            RECEIVED.add(message);
        }
    }

    @Autowired
    RocketMQTemplate template;

    @Value("${rocketmq.name-server}")
    String nameServer;

    @Test
    void theTemplateSendsAndTheAnnotatedListenerReceives(EmbeddedApogee apogee) {
        assertThat(nameServer).isEqualTo(apogee.namesrvAddr());
        template.convertAndSend("SpringTopic", "hello from RocketMQTemplate");
        template.syncSend("SpringTopic", "and a sync one");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> RECEIVED.containsAll(Set.of("hello from RocketMQTemplate", "and a sync one")));
        assertThat(apogee.readAll("SpringTopic")).hasSize(2);
    }
}
