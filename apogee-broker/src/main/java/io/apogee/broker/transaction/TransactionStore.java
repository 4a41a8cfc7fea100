package io.apogee.broker.transaction;

import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.MessageSysFlag;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.protocol.message.StoredMessageView;
import io.apogee.store.AppendRequest;
import io.apogee.store.AppendStatus;
import io.apogee.store.GetMessageResult;
import io.apogee.store.GetMessageStatus;
import io.apogee.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The transaction machinery's reads and writes through the message store: half messages by
 * commit-log or queue offset, the committed copy of a half message in its real topic, and the
 * decision records in the op topic, which recovery reads back to rebuild the pending half messages.
 *
 * <p>An op record is a message in {@link HalfMessages#OP_TOPIC} queue 0 whose body is the half
 * message's queue offset in decimal and whose tag says what happened: {@link #COMMIT},
 * {@link #ROLLBACK} or {@link #DISCARD} end it; {@link #CHECK} counts one check of it, so the
 * number of checks also holds across a restart.
 *
 * <p>Thread safety: safe from any thread; every write uses its own {@link AppendRequest}.
 */
public final class TransactionStore {

    /** Op record tag: the half message was committed. */
    public static final String COMMIT = "commit";
    /** Op record tag: the half message was rolled back. */
    public static final String ROLLBACK = "rollback";
    /** Op record tag: the half message was given up after its last check. */
    public static final String DISCARD = "discard";
    /** Op record tag: the producer was asked about the half message once more. */
    public static final String CHECK = "check";

    private static final Logger LOG = LoggerFactory.getLogger(TransactionStore.class);
    private static final int SCAN_BATCH = 64;
    private static final int SCAN_BYTES = 4 * 1024 * 1024;

    private final MessageStore store;

    public TransactionStore(MessageStore store) {
        this.store = store;
    }

    /** The half message stored at a commit-log offset, or null when there is none there. */
    public StoredMessage halfAtCommitLogOffset(long commitLogOffset) {
        ByteBuffer record = store.getMessageByOffset(commitLogOffset);
        if (record == null || !new StoredMessageView().wrap(record, record.position()).isWellFormed(record.limit())) {
            return null;
        }
        StoredMessage message = StoredMessageCodec.decode(record.duplicate());
        return HalfMessages.HALF_TOPIC.equals(message.topic()) ? message : null;
    }

    /** The half message at a queue offset of the half topic, or null when it is gone. */
    public StoredMessage halfAtQueueOffset(long queueOffset) {
        try (GetMessageResult result = store.getMessage(HalfMessages.HALF_TOPIC, 0, queueOffset, 1, SCAN_BYTES,
                null)) {
            if (result.status() != GetMessageStatus.FOUND || result.messages().isEmpty()) {
                return null;
            }
            return StoredMessageCodec.decode(result.messages().get(0).duplicate());
        }
    }

    /** Appends the committed copy of {@code half} to its real topic and queue. */
    public AppendStatus appendCommitted(StoredMessage half) {
        String realTopic = half.property(MessageConst.PROPERTY_REAL_TOPIC);
        String realQueue = half.property(MessageConst.PROPERTY_REAL_QUEUE_ID);
        if (realTopic == null || realQueue == null) {
            return AppendStatus.MESSAGE_ILLEGAL;
        }
        AppendRequest append = new AppendRequest();
        append.topic = realTopic;
        append.queueId = Integer.parseInt(realQueue);
        append.flag = half.flag();
        append.sysFlag = MessageSysFlag.withTransactionType(half.sysFlag(), MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        append.bornTimestamp = half.bornTimestamp();
        append.bornHostIp = half.bornHost().ip();
        append.bornPort = half.bornHost().port();
        append.reconsumeTimes = half.reconsumeTimes();
        append.preparedTransactionOffset = half.physicalOffset();
        append.body = ByteBuffer.wrap(half.body());
        append.properties = ByteBuffer.wrap(HalfMessages.committedProperties(half.properties())
                .getBytes(StandardCharsets.UTF_8));
        return store.append(append);
    }

    /** Appends an op record about the half message at {@code halfQueueOffset}; {@code kind} is one of the tags above. */
    public AppendStatus appendOp(long halfQueueOffset, String kind) {
        AppendRequest append = new AppendRequest();
        append.topic = HalfMessages.OP_TOPIC;
        append.queueId = 0;
        append.bornTimestamp = System.currentTimeMillis();
        append.body = ByteBuffer.wrap(Long.toString(halfQueueOffset).getBytes(StandardCharsets.US_ASCII));
        append.properties = ByteBuffer.wrap(MessageProperties.encodeToBytes(Map.of(MessageConst.PROPERTY_TAGS, kind)));
        return store.append(append);
    }

    /** Rebuilds {@code pending} from the half topic and the op topic, then lets live dispatches through. */
    public void recover(PendingHalfMessages pending) {
        Set<Long> decided = new HashSet<>();
        Map<Long, Integer> checks = new HashMap<>();
        scan(HalfMessages.OP_TOPIC, message -> {
            String body = new String(message.body(), StandardCharsets.US_ASCII).trim();
            long halfOffset;
            try {
                halfOffset = Long.parseLong(body);
            } catch (NumberFormatException e) {
                LOG.warn("op record at queue offset {} names no half message ('{}'); skipped", message.queueOffset(), body);
                return;
            }
            if (CHECK.equals(message.property(MessageConst.PROPERTY_TAGS))) {
                checks.merge(halfOffset, 1, Integer::sum);
            } else {
                decided.add(halfOffset);
            }
        });
        scan(HalfMessages.HALF_TOPIC, message -> pending.recovered(message.queueOffset(), message.storeTimestamp(),
                decided.contains(message.queueOffset()), checks.getOrDefault(message.queueOffset(), 0)));
        pending.recoveryDone();
    }

    private void scan(String topic, Consumer<StoredMessage> each) {
        long offset = store.minOffsetInQueue(topic, 0);
        long max = store.maxOffsetInQueue(topic, 0);
        while (offset < max) {
            long next;
            try (GetMessageResult result = store.getMessage(topic, 0, offset, SCAN_BATCH, SCAN_BYTES, null)) {
                for (ByteBuffer record : result.messages()) {
                    each.accept(StoredMessageCodec.decode(record.duplicate()));
                }
                next = result.nextBeginOffset();
            }
            if (next <= offset) {
                break;
            }
            offset = next;
        }
    }
}
