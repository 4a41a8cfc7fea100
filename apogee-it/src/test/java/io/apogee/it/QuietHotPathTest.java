package io.apogee.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.apogee.it.OfficialClients.consumerFromFirstOffset;
import static io.apogee.it.OfficialClients.startConsuming;
import static io.apogee.it.OfficialClients.startedProducer;
import static io.apogee.it.OfficialClients.uniqueInstanceName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No log line per message: with every Apogee logger at DEBUG, sending and consuming many messages writes a
 * handful of lines (clients coming and going), not one or more per message.
 */
class QuietHotPathTest {

    private static final int MESSAGES = 400;

    @Test
    void sendingAndConsumingLogsNothingPerMessage(@TempDir Path dir) throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            Logger apogee = (Logger) LoggerFactory.getLogger("io.apogee");
            Level before = apogee.getLevel();
            List<String> lines = new CopyOnWriteArrayList<>();
            AppenderBase<ILoggingEvent> counter = new AppenderBase<>() {
                @Override
                protected void append(ILoggingEvent event) {
                    lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage());
                }
            };
            counter.setContext(apogee.getLoggerContext());
            counter.start();
            apogee.setLevel(Level.DEBUG);
            apogee.addAppender(counter);
            DefaultMQProducer producer = startedProducer(cluster.namesrvAddr(), "quiet_producer",
                    uniqueInstanceName("quiet-producer"));
            DefaultMQPushConsumer consumer = consumerFromFirstOffset(cluster.namesrvAddr(), "quiet_group",
                    uniqueInstanceName("quiet-consumer"));
            Set<String> received = ConcurrentHashMap.newKeySet();
            try {
                for (int i = 0; i < MESSAGES; i++) {
                    Message message = new Message("QuietTopic", "tag", "key-" + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
                    assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                }
                startConsuming(consumer, "QuietTopic", m -> received.add(m.getKeys()));
                await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == MESSAGES);
            } finally {
                consumer.shutdown();
                producer.shutdown();
                apogee.detachAppender(counter);
                apogee.setLevel(before);
            }
            assertThat(lines).as("lines logged while %d messages went through", MESSAGES).hasSizeLessThan(MESSAGES / 10);
        }
    }
}
