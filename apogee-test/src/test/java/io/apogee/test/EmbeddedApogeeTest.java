package io.apogee.test;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The programmatic embedded broker with the official 5.3.3 clients, and what close leaves behind. */
class EmbeddedApogeeTest {

    private static String body(MessageExt message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    void theOfficialProducerAndPushConsumerWorkAgainstItAndItsHelpersSeeTheMessages() throws Exception {
        Path data;
        try (EmbeddedApogee apogee = EmbeddedApogee.start(ApogeeOptions.defaults().topic("Orders", 2))) {
            data = apogee.dataDir();
            DefaultMQProducer producer = new DefaultMQProducer("orders_producer");
            producer.setNamesrvAddr(apogee.namesrvAddr());
            producer.setInstanceName("embedded-producer");
            producer.start();
            Set<String> received = ConcurrentHashMap.newKeySet();
            DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("orders_group");
            consumer.setNamesrvAddr(apogee.namesrvAddr());
            consumer.setInstanceName("embedded-consumer");
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.setPersistConsumerOffsetInterval(200);
            consumer.subscribe("Orders", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> received.add(body(m)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            try {
                for (int i = 0; i < 6; i++) {
                    assertThat(producer.send(new Message("Orders", ("order-" + i).getBytes(StandardCharsets.UTF_8)))
                            .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                }
                assertThat(apogee.awaitMessages("Orders", 6, Duration.ofSeconds(10))).extracting(EmbeddedApogeeTest::body)
                        .containsExactlyInAnyOrder("order-0", "order-1", "order-2", "order-3", "order-4", "order-5");
                await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 6);
                await().atMost(Duration.ofSeconds(30)).until(() -> apogee.lag("orders_group", "Orders") == 0);
                apogee.send("Orders", "one more");
                assertThat(apogee.readAll("Orders")).hasSize(7);
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
        assertThat(Files.exists(data)).as("the data folder is deleted by close").isFalse();
    }

    @Test
    void aTransactionalProducerCommitsAndRollsBack() throws Exception {
        try (EmbeddedApogee apogee = EmbeddedApogee.start()) {
            TransactionMQProducer producer = new TransactionMQProducer("tx_producer");
            producer.setNamesrvAddr(apogee.namesrvAddr());
            producer.setInstanceName("embedded-tx");
            producer.setTransactionListener(new TransactionListener() {
                @Override
                public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                    return body(message).startsWith("commit") ? LocalTransactionState.COMMIT_MESSAGE
                            : LocalTransactionState.ROLLBACK_MESSAGE;
                }

                @Override
                public LocalTransactionState checkLocalTransaction(MessageExt message) {
                    return LocalTransactionState.ROLLBACK_MESSAGE;
                }

                private String body(Message message) {
                    return new String(message.getBody(), StandardCharsets.UTF_8);
                }
            });
            producer.start();
            try {
                producer.sendMessageInTransaction(new Message("Tx", "commit me".getBytes(StandardCharsets.UTF_8)), null);
                producer.sendMessageInTransaction(new Message("Tx", "roll me back".getBytes(StandardCharsets.UTF_8)), null);
                List<MessageExt> delivered = apogee.awaitMessages("Tx", 1, Duration.ofSeconds(10));
                assertThat(delivered).extracting(EmbeddedApogeeTest::body).containsExactly("commit me");
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void shortDelayLevelsDeliverALevelThreeMessageWithinASecond() throws Exception {
        try (EmbeddedApogee apogee = EmbeddedApogee.start(ApogeeOptions.defaults().shortDelayLevels(true)
                .unsafeSkipFsync(true))) {
            DefaultMQProducer producer = new DefaultMQProducer("delay_producer");
            producer.setNamesrvAddr(apogee.namesrvAddr());
            producer.setInstanceName("embedded-delay");
            producer.start();
            try {
                Message message = new Message("Later", "in 100 ms, not 10 s".getBytes(StandardCharsets.UTF_8));
                message.setDelayTimeLevel(3);
                producer.send(message);
                assertThat(apogee.awaitMessages("Later", 1, Duration.ofSeconds(5))).extracting(EmbeddedApogeeTest::body)
                        .containsExactly("in 100 ms, not 10 s");
            } finally {
                producer.shutdown();
            }
        }
    }
}
