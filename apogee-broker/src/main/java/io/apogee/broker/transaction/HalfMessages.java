package io.apogee.broker.transaction;

import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.MessageSysFlag;

import java.util.Map;

/**
 * How a transactional producer's half message is stored: in {@link #HALF_TOPIC} queue 0, where no
 * consumer subscribes, with its real topic and queue kept in its properties until the producer
 * commits or rolls back. Decisions are written to {@link #OP_TOPIC}.
 *
 * <p>Thread safety: pure functions.
 */
public final class HalfMessages {

    /** Where half messages wait for their decision. */
    public static final String HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    /** Where each decision (commit, rollback, discard) is recorded, one message per half message. */
    public static final String OP_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";

    private HalfMessages() {
    }

    /** Whether a send carries a transactional half message (prepared sysFlag or TRAN_MSG=true). */
    public static boolean isHalf(SendMessageRequestHeader header) {
        if (MessageSysFlag.transactionType(header.sysFlag()) == MessageSysFlag.TRANSACTION_PREPARED_TYPE) {
            return true;
        }
        return header.properties() != null
                && "true".equals(MessageProperties.get(header.properties(), MessageConst.PROPERTY_TRANSACTION_PREPARED));
    }

    /**
     * The header to store a half message with: the half topic, queue 0, no transaction type (so it
     * is queued there and can be scanned), and its real topic, queue and transaction id in properties.
     */
    public static SendMessageRequestHeader toHalf(SendMessageRequestHeader header) {
        Map<String, String> properties = MessageProperties.decode(header.properties());
        String uniqueKey = properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        if (uniqueKey != null && !uniqueKey.isEmpty()) {
            properties.put(MessageConst.PROPERTY_TRANSACTION_ID, uniqueKey);
        }
        properties.put(MessageConst.PROPERTY_REAL_TOPIC, header.topic());
        properties.put(MessageConst.PROPERTY_REAL_QUEUE_ID, Integer.toString(header.queueId()));
        return new SendMessageRequestHeader(header.producerGroup(), HALF_TOPIC, header.defaultTopic(),
                header.defaultTopicQueueNums(), 0,
                MessageSysFlag.withTransactionType(header.sysFlag(), MessageSysFlag.TRANSACTION_NOT_TYPE),
                header.bornTimestamp(), header.flag(), MessageProperties.encode(properties), header.reconsumeTimes(),
                header.unitMode(), header.batch(), header.maxReconsumeTimes(), header.brokerName());
    }

    /**
     * The properties a committed message is stored with: the half message's, less the real
     * topic and queue (they are the message's own again) and the prepared mark.
     */
    public static String committedProperties(String halfProperties) {
        Map<String, String> properties = MessageProperties.decode(halfProperties);
        properties.remove(MessageConst.PROPERTY_REAL_TOPIC);
        properties.remove(MessageConst.PROPERTY_REAL_QUEUE_ID);
        properties.remove(MessageConst.PROPERTY_TRANSACTION_PREPARED);
        return MessageProperties.encode(properties);
    }
}
