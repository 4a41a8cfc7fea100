package io.apogee.console;

import io.apogee.test.EmbeddedApogee;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.awaitility.core.ThrowingRunnable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's acceptance walk in a real headless Chromium, against a real name server and broker, with the
 * official 5.3.3 client where an application would use it: overview, create a topic, send from the topics
 * page, find the message by key and open it (and a delayed one, with when it is due), watch a group's lag fall
 * to 0, reset it to a time and see the lag rise, resend a dead-lettered message, delete the topic. Each page is
 * saved under
 * target/console-screenshots/.
 */
class ConsoleBrowserTest {

    private static final String TOPIC = "ConsoleTopic";
    private static final String DELAYED_TOPIC = "ConsoleDelayedTopic";
    private static final String GROUP = "console-readers";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddedApogee apogee;
    private static ConsoleServer console;
    private static Browser browser;
    private final Set<String> consumedKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> retriedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean acceptPoison = new AtomicBoolean();

    @BeforeAll
    static void start() throws Exception {
        apogee = EmbeddedApogee.start();
        // Lag samples every half second, so the group page's hour chart has points within the walk.
        console = new ConsoleServer(apogee.namesrvAddr(), ConsoleAccess.OPEN, Duration.ofMillis(500))
                .start("127.0.0.1", 0);
        browser = new Browser(console.url(), Path.of("target", "console-screenshots"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        console.close();
        apogee.close();
    }

    @Test
    void acceptanceWalk() throws Exception {
        LocalDateTime before = LocalDateTime.now().minusMinutes(5).truncatedTo(ChronoUnit.SECONDS);

        browser.open("#/");
        eventually(() -> assertThat(browser.text("#brokers tbody"))
                .contains("broker-a").contains("MASTER").contains(apogee.brokerAddr()));
        assertThat(browser.text("#auth-status")).isEqualTo("Authentication is off");
        browser.screenshot("01-overview");

        browser.open("#/topics");
        await().atMost(WAIT).until(() -> browser.driver().findElements(By.cssSelector("#create-topic")).size() == 1);
        browser.fill("#create-topic input[name=name]", TOPIC);
        browser.fill("#create-topic input[name=queues]", "2");
        browser.find("#create-topic button").click();
        awaitPage("#topic-name", TOPIC);
        eventually(() -> {
            browser.driver().navigate().refresh();
            assertThat(browser.text("#queues tbody")).contains("broker-a");
        });
        browser.fill("#send-message input[name=key]", "order-42");
        browser.fill("#send-message input[name=tag]", "created");
        browser.fill("#send-message input[name=body]", "{\"orderId\":42,\"item\":\"book\"}");
        browser.find("#send-message button").click();
        eventually(() -> assertThat(browser.text("#sent")).contains("SEND_OK"));
        eventually(() -> assertThat(browser.text("#queues tbody")).as("the sent message shows in its queue's max offset")
                .containsPattern("broker-a \\d 0 1"));
        browser.screenshot("02-topic-sent");

        eventually(() -> {
            browser.open("#/messages?topic=" + TOPIC + "&key=order-42");
            assertThat(browser.text("#messages tbody")).contains("order-42").contains("created");
        });
        browser.screenshot("03-messages-by-key");
        browser.find("#messages tbody a").click();
        eventually(() -> assertThat(browser.text("#message-keys")).isEqualTo("order-42"));
        assertThat(browser.text("#message-body")).as("the JSON body, pretty-printed").contains("\"orderId\":42")
                .contains("\n").contains("\"item\":\"book\"");
        browser.screenshot("04-message");
        String messagePage = browser.driver().getCurrentUrl();

        try (DefaultMQProducerHolder producer = new DefaultMQProducerHolder(apogee.namesrvAddr())) {
            producer.send(new Message(TOPIC, "bad", "poison-1", "not an order".getBytes(StandardCharsets.UTF_8)));
            // A delayed message (level 5: a minute) is found by key while it waits, with when it is due.
            Message later = new Message(DELAYED_TOPIC, "t", "later-7",
                    "due in a minute".getBytes(StandardCharsets.UTF_8));
            later.setDelayTimeLevel(5);
            producer.send(later);
        }
        eventually(() -> {
            browser.open("#/messages?topic=" + DELAYED_TOPIC + "&key=later-7");
            assertThat(browser.text("#messages tbody")).contains("later-7")
                    .contains("not delivered yet: in SCHEDULE_TOPIC_XXXX");
        });
        browser.find("#messages tbody a").click();
        eventually(() -> assertThat(browser.text("#message-due")).contains("waiting")
                .contains("waits in SCHEDULE_TOPIC_XXXX for " + DELAYED_TOPIC));
        browser.screenshot("04b-delayed-message");

        DefaultMQPushConsumer consumer = consumer("first");
        await().atMost(WAIT).until(() -> consumedKeys.contains("order-42"));
        browser.open("#/groups/" + GROUP);
        eventually(() -> {
            assertThat(browser.text("#group-queues tbody")).contains(TOPIC);
            assertThat(browser.text("#group-lag")).isEqualTo("0");
            assertThat(browser.text("#members tbody")).contains("JAVA").contains("V5_3_3");
        });
        eventually(() -> {
            assertThat(Integer.parseInt(browser.find("#lag-line").getAttribute("data-count")))
                    .as("the hour chart has the sampled points").isGreaterThan(1);
            assertThat(browser.find("#lag-line").getAttribute("points")).contains(",");
        });
        browser.screenshot("05-group-caught-up");
        browser.driver().get(messagePage);
        eventually(() -> assertThat(browser.text("#consumed-by tbody")).contains(GROUP + " consumed"));
        assertThat(browser.text("#message-detail")).contains("broker-a queue");
        browser.screenshot("05b-message-consumed-by");
        browser.open("#/groups/" + GROUP);
        eventually(() -> assertThat(browser.text("#group-lag")).isEqualTo("0"));

        consumer.shutdown();
        eventually(() -> {
            browser.driver().navigate().refresh();
            assertThat(browser.text("#members tbody")).contains("No member online");
        });
        // The dead letter was stored before the lag above reached 0; the table fills after the members do, so it
        // is awaited on this load of the page rather than checked right after a reload.
        eventually(() -> assertThat(browser.text("#dlq tbody")).contains("poison-1"));
        browser.setValue("#reset-offset input[name=time]", before.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        browser.find("#reset-offset select[name=to] option[value=time]").click();
        browser.find("#reset-offset select[name=topic]").sendKeys(TOPIC);
        browser.find("#reset-offset button").click();
        eventually(() -> assertThat(browser.text("#group-lag")).isEqualTo("2"));
        eventually(() -> assertThat(browser.text("#lag-range")).as("the hour chart saw the lag rise").contains("max 2"));
        browser.screenshot("06-group-reset");
        // The topics list shows the lag of every group reading each topic.
        browser.open("#/topics?q=" + TOPIC);
        eventually(() -> {
            browser.driver().navigate().refresh();
            assertThat(browser.text("#topics tbody")).contains(GROUP + " 2");
        });
        browser.screenshot("06b-topics-lag");
        browser.open("#/groups/" + GROUP);
        eventually(() -> assertThat(browser.text("#dlq tbody")).contains("poison-1"));

        browser.find("#dlq .dlq-resend").click();
        eventually(() -> assertThat(browser.text("#notice")).contains("Resent 1 message"));
        browser.screenshot("07-dead-letter-resent");
        acceptPoison.set(true);
        DefaultMQPushConsumer again = consumer("second");
        try {
            await().atMost(WAIT).until(() -> retriedKeys.contains("poison-1"));
            eventually(() -> assertThat(browser.text("#group-lag")).isEqualTo("0"));
        } finally {
            again.shutdown();
        }

        browser.open("#/topics/" + TOPIC);
        awaitPage("#topic-name", TOPIC);
        browser.find("#delete-topic").click();
        browser.find("#delete-topic-confirm").click();
        eventually(() -> assertThat(browser.driver().getCurrentUrl()).endsWith("#/topics"));
        eventually(() -> {
            browser.fill("#topic-filter input[name=q]", TOPIC);
            browser.find("#topic-filter button").click();
            assertThat(browser.text("#topics tbody")).contains("No topic matches");
        });
        browser.screenshot("08-topic-deleted");
        browser.open("#/brokers/" + apogee.brokerAddr());
        eventually(() -> {
            assertThat(browser.text("#store-offsets")).containsPattern("min \\d+ · max [1-9]\\d*");
            assertThat(browser.text("#store-flush")).containsPattern("ASYNC_FLUSH: flushed [1-9]\\d* of [1-9]\\d* written");
            assertThat(browser.text("#store-disk")).contains("used of").contains("free");
            assertThat(browser.text("#store-role")).isEqualTo("ASYNC_MASTER");
            assertThat(browser.text("#store-slaves")).isEqualTo("none connected");
        });
        browser.screenshot("08b-broker-store");
        browser.size(390, 844);
        browser.open("#/groups");
        eventually(() -> assertThat(browser.text("#groups tbody")).contains(GROUP));
        assertThat(browser.find("#nav").isDisplayed()).as("the menu folds away on a phone").isFalse();
        browser.screenshot("09-groups-phone");
    }

    private void awaitPage(String css, String text) {
        eventually(() -> assertThat(browser.text(css)).isEqualTo(text));
    }

    /** Waits until the assertion holds; a page still loading (element not there yet) counts as not yet. */
    private static void eventually(ThrowingRunnable assertion) {
        await().atMost(WAIT).ignoreExceptionsInstanceOf(WebDriverException.class).untilAsserted(assertion);
    }

    private DefaultMQPushConsumer consumer(String instance) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(GROUP);
        consumer.setNamesrvAddr(apogee.namesrvAddr());
        consumer.setInstanceName("console-test-" + instance);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setMaxReconsumeTimes(0);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                if ("poison-1".equals(m.getKeys()) && !acceptPoison.get()) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
                (m.getReconsumeTimes() > 0 ? retriedKeys : consumedKeys).add(m.getKeys());
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }

    /** The official producer, as an application sends. */
    private static final class DefaultMQProducerHolder implements AutoCloseable {
        private final DefaultMQProducer producer;

        DefaultMQProducerHolder(String namesrvAddr) throws Exception {
            producer = new DefaultMQProducer("console-test-producer");
            producer.setNamesrvAddr(namesrvAddr);
            producer.setInstanceName("console-test-producer");
            producer.start();
        }

        void send(Message message) throws Exception {
            producer.send(message);
        }

        @Override
        public void close() {
            producer.shutdown();
        }
    }
}
