package io.apogee.broker.transaction;

import io.apogee.common.log.LogText;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.CheckTransactionStateRequestHeader;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.remoting.RemotingException;
import io.apogee.remoting.connection.Connection;
import io.apogee.store.AppendStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Asks producers about half messages they left undecided. A half message is first checked once
 * it is {@code transactionTimeOut} old (or its CHECK_IMMUNITY_TIME_IN_SECONDS, when it carries
 * one), then every {@code transactionCheckInterval}; after {@code transactionCheckMax} checks it is
 * discarded (recorded in the op topic and logged). A check is a oneway CHECK_TRANSACTION_STATE
 * over a live connection of the message's producer group carrying the message as it would be
 * delivered (real topic and queue); the producer answers with END_TRANSACTION. Only checks that
 * reach a producer count: while none of its group is connected, a half message waits.
 *
 * <p>Each check is also recorded in the op topic, so the count holds across a restart.
 *
 * <p>Thread safety: {@link #checkDue()} is called by one scheduler thread at a time.
 */
public final class TransactionCheckService {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionCheckService.class);
    private static final long SEND_TIMEOUT_MILLIS = 3_000;

    private final TransactionStore store;
    private final PendingHalfMessages pending;
    private final Function<String, Collection<Connection>> producers;
    private final String brokerName;
    private final long timeoutMillis;
    private final long intervalMillis;
    private final int maxChecks;
    private final LongSupplier clock;

    /**
     * @param producers the live connections of a producer group
     */
    public TransactionCheckService(TransactionStore store, PendingHalfMessages pending,
                                   Function<String, Collection<Connection>> producers, String brokerName,
                                   long timeoutMillis, long intervalMillis, int maxChecks, LongSupplier clock) {
        this.store = store;
        this.pending = pending;
        this.producers = producers;
        this.brokerName = brokerName;
        this.timeoutMillis = timeoutMillis;
        this.intervalMillis = intervalMillis;
        this.maxChecks = maxChecks;
        this.clock = clock;
    }

    /** Checks or discards every pending half message whose time has come. */
    public void checkDue() {
        long now = clock.getAsLong();
        for (PendingHalfMessages.Pending entry : pending.snapshot()) {
            if (entry.nextCheckMillis >= 0 && entry.nextCheckMillis > now) {
                continue;
            }
            StoredMessage half = store.halfAtQueueOffset(entry.queueOffset());
            if (half == null) {
                LOG.warn("half message at queue offset {} is no longer stored; it is forgotten", entry.queueOffset());
                pending.decide(entry.queueOffset());
                continue;
            }
            if (entry.nextCheckMillis < 0) {
                entry.nextCheckMillis = entry.storeTimestamp() + immunityMillis(half);
                if (entry.nextCheckMillis > now) {
                    continue;
                }
            }
            if (entry.checks >= maxChecks) {
                discard(entry, half);
            } else if (pending.isPending(entry.queueOffset())) {
                entry.nextCheckMillis = now + intervalMillis;
                Connection producer = producerOf(half);
                if (producer != null) {
                    entry.checks++;
                    store.appendOp(entry.queueOffset(), TransactionStore.CHECK);
                    check(producer, half);
                }
            }
        }
    }

    private long immunityMillis(StoredMessage half) {
        String seconds = half.property(MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS);
        if (seconds == null) {
            return timeoutMillis;
        }
        try {
            long value = Long.parseLong(seconds.trim());
            return value < 0 ? timeoutMillis : value * 1_000;
        } catch (NumberFormatException e) {
            return timeoutMillis;
        }
    }

    private void discard(PendingHalfMessages.Pending entry, StoredMessage half) {
        if (!pending.decide(entry.queueOffset())) {
            return;
        }
        AppendStatus recorded = store.appendOp(entry.queueOffset(), TransactionStore.DISCARD);
        LOG.warn("half message {} of producer group {} for topic {} discarded after {} unanswered checks (op record: {})",
                LogText.escape(half.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX)),
                LogText.escape(half.property(MessageConst.PROPERTY_PRODUCER_GROUP)),
                LogText.escape(half.property(MessageConst.PROPERTY_REAL_TOPIC)), entry.checks(), recorded);
    }

    /** A live connection of the half message's producer group, or null when none is connected. */
    private Connection producerOf(StoredMessage half) {
        String group = half.property(MessageConst.PROPERTY_PRODUCER_GROUP);
        Connection producer = group == null ? null : producers.apply(group).stream()
                .filter(Connection::isActive).findFirst().orElse(null);
        if (producer == null) {
            LOG.debug("no producer of group {} is connected to check half message {}; it waits for one",
                    LogText.escape(group), LogText.escape(half.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX)));
        }
        return producer;
    }

    private void check(Connection producer, StoredMessage half) {
        String group = half.property(MessageConst.PROPERTY_PRODUCER_GROUP);
        String uniqueKey = half.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        RemotingCommand request = new CheckTransactionStateRequestHeader(HalfMessages.HALF_TOPIC, half.queueOffset(),
                half.physicalOffset(), uniqueKey, uniqueKey, half.offsetMessageId(), brokerName)
                .applyTo(RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)).markOneway()
                .body(StoredMessageCodec.encode(asDelivered(half)));
        try {
            producer.invokeOneway(request, SEND_TIMEOUT_MILLIS);
        } catch (RemotingException e) {
            LOG.info("cannot send a transaction check to {} of group {}: {}", producer, LogText.escape(group), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The half message with its real topic and queue, as the producer's check listener expects it. */
    private static StoredMessage asDelivered(StoredMessage half) {
        String topic = half.property(MessageConst.PROPERTY_REAL_TOPIC);
        String queue = half.property(MessageConst.PROPERTY_REAL_QUEUE_ID);
        int queueId;
        try {
            queueId = queue == null ? half.queueId() : Integer.parseInt(queue);
        } catch (NumberFormatException e) {
            queueId = half.queueId();
        }
        return new StoredMessage(half.magic(), half.bodyCrc(), queueId, half.flag(), half.queueOffset(),
                half.physicalOffset(), half.sysFlag(), half.bornTimestamp(), half.bornHost(), half.storeTimestamp(),
                half.storeHost(), half.reconsumeTimes(), half.preparedTransactionOffset(), half.body(),
                topic == null ? half.topic() : topic, half.properties());
    }
}
