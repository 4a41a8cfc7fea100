package com.example.orders;

import io.apogee.test.ApogeeTest;
import io.apogee.test.EmbeddedApogee;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A transactional producer: only the committed half message becomes visible to consumers. */
@ApogeeTest(topics = "Payments:2")
class TransactionalOrdersTest {

    @Test
    void onlyTheCommittedMessageIsDelivered(EmbeddedApogee apogee) throws Exception {
        TransactionMQProducer producer = new TransactionMQProducer("payments_producer");
        producer.setNamesrvAddr(apogee.namesrvAddr());
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object argument) {
                return "commit".equals(argument) ? LocalTransactionState.COMMIT_MESSAGE
                        : LocalTransactionState.ROLLBACK_MESSAGE;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                return LocalTransactionState.ROLLBACK_MESSAGE;
            }
        });
        producer.start();
        try {
            TransactionSendResult kept = producer.sendMessageInTransaction(
                    new Message("Payments", "paid".getBytes(StandardCharsets.UTF_8)), "commit");
            TransactionSendResult dropped = producer.sendMessageInTransaction(
                    new Message("Payments", "cancelled".getBytes(StandardCharsets.UTF_8)), "rollback");
            assertThat(kept.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(kept.getLocalTransactionState()).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
            assertThat(dropped.getLocalTransactionState()).isEqualTo(LocalTransactionState.ROLLBACK_MESSAGE);
        } finally {
            producer.shutdown();
        }
        List<MessageExt> delivered = apogee.awaitMessages("Payments", 1, Duration.ofSeconds(30));
        assertThat(delivered).extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8)).containsExactly("paid");
    }
}
