package io.apogee.client.producer;

import io.apogee.client.ClientException;
import io.apogee.client.message.Message;
import io.apogee.client.message.MessageDecoder;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.CheckTransactionStateRequestHeader;
import io.apogee.protocol.header.EndTransactionRequestHeader;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageSysFlag;
import io.apogee.protocol.message.OffsetMessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages whose delivery depends on a local transaction: the message is first stored as a
 * half message, invisible to consumers; the {@link TransactionListener} then runs the local
 * transaction and the outcome commits or rolls the message back. When the outcome stays unknown
 * (or the end request is lost) the broker asks again, and the listener's check answers.
 *
 * <pre>
 * TransactionProducer producer = new TransactionProducer("payments");
 * producer.setTransactionListener(listener);
 * producer.start();
 * producer.sendMessageInTransaction(message, order);
 * </pre>
 *
 * <p>Thread safety: as {@link Producer}; checks arrive on the client instance's check thread.
 */
public class TransactionProducer extends Producer {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionProducer.class);

    private volatile TransactionListener transactionListener;

    public TransactionProducer(String producerGroup) {
        super(producerGroup);
    }

    public void setTransactionListener(TransactionListener listener) {
        this.transactionListener = listener;
    }

    public TransactionListener getTransactionListener() {
        return transactionListener;
    }

    @Override
    public synchronized void start(boolean startInstance) {
        if (transactionListener == null && getState() == io.apogee.client.ServiceState.CREATE_JUST) {
            throw new ClientException("set a transaction listener before starting a transaction producer");
        }
        super.start(startInstance);
    }

    @Override
    void onRegistered(PublishTable registration) {
        registration.onTransactionCheck(this::check);
    }

    /** Stores {@code message} as a half message, runs the local transaction, and commits or rolls back. */
    public TransactionSendResult sendMessageInTransaction(Message message, Object arg) {
        checkRunning();
        if (message.getDelayTimeLevel() > 0) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "a transactional message cannot be delayed");
        }
        message.putProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        message.putProperty(MessageConst.PROPERTY_PRODUCER_GROUP, getProducerGroup());
        SendResult half = send(message);
        LocalTransactionState state;
        if (half.sendStatus() != SendStatus.SEND_OK) {
            state = LocalTransactionState.ROLLBACK_MESSAGE;
        } else {
            String transactionId = half.transactionId() != null ? half.transactionId() : half.msgId();
            message.putProperty(MessageConst.PROPERTY_TRANSACTION_ID, transactionId);
            try {
                state = transactionListener.executeLocalTransaction(message, arg);
            } catch (RuntimeException e) {
                LOG.warn("group {}: local transaction of {} failed; the broker will check it: {}", getProducerGroup(),
                        half.msgId(), e.toString());
                state = LocalTransactionState.UNKNOW;
            }
            if (state == null) {
                state = LocalTransactionState.UNKNOW;
            }
        }
        endTransaction(half, message, state);
        return new TransactionSendResult(half, state);
    }

    private void endTransaction(SendResult half, Message message, LocalTransactionState state) {
        String offsetId = half.offsetMsgId() != null ? half.offsetMsgId() : half.msgId();
        long commitLogOffset = OffsetMessageId.decode(offsetId).commitLogOffset();
        String broker = clientInstance().brokers().masterAddress(half.messageQueue().brokerName());
        EndTransactionRequestHeader header = new EndTransactionRequestHeader(message.getTopic(), getProducerGroup(),
                half.queueOffset(), commitLogOffset, typeOf(state), false, half.msgId(),
                message.getProperty(MessageConst.PROPERTY_TRANSACTION_ID), half.messageQueue().brokerName());
        try {
            clientInstance().messageApi().endTransaction(broker, header, "local transaction: " + state,
                    getSendMsgTimeout());
        } catch (ClientException e) {
            LOG.warn("group {}: ending transaction of {} failed; the broker will check it: {}", getProducerGroup(),
                    half.msgId(), e.getMessage());
        }
    }

    /** A broker asks about an undecided half message; answered on the instance's check thread. */
    private void check(String brokerAddr, RemotingCommand request) {
        TransactionListener listener = transactionListener;
        CheckTransactionStateRequestHeader header = CheckTransactionStateRequestHeader.decode(request);
        MessageExt message = MessageDecoder.decodeFirst(request.body(), header.brokerName());
        LocalTransactionState state;
        try {
            state = listener == null ? LocalTransactionState.UNKNOW : listener.checkLocalTransaction(message);
        } catch (RuntimeException e) {
            LOG.warn("group {}: transaction check of {} failed: {}", getProducerGroup(), message.getMsgId(),
                    e.toString());
            state = LocalTransactionState.UNKNOW;
        }
        String uniqueKey = message.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        EndTransactionRequestHeader end = new EndTransactionRequestHeader(message.getTopic(), getProducerGroup(),
                header.tranStateTableOffset(), header.commitLogOffset(), typeOf(state), true,
                uniqueKey != null ? uniqueKey : message.getMsgId(), header.transactionId(), header.brokerName());
        try {
            clientInstance().messageApi().endTransaction(brokerAddr, end, "transaction check: " + state,
                    getSendMsgTimeout());
        } catch (ClientException e) {
            LOG.warn("group {}: answering the transaction check of {} failed: {}", getProducerGroup(),
                    message.getMsgId(), e.getMessage());
        }
    }

    private static int typeOf(LocalTransactionState state) {
        return switch (state) {
            case COMMIT_MESSAGE -> MessageSysFlag.TRANSACTION_COMMIT_TYPE;
            case ROLLBACK_MESSAGE -> MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
            case UNKNOW -> MessageSysFlag.TRANSACTION_NOT_TYPE;
        };
    }
}
