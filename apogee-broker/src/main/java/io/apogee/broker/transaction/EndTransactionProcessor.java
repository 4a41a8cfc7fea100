package io.apogee.broker.transaction;

import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.EndTransactionRequestHeader;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.AppendStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * END_TRANSACTION: a producer's commit or rollback of a half message, sent after its local
 * transaction or in answer to a check. A commit stores the message in its real topic, where
 * consumers see it; a rollback only records the decision. Either way the decision goes to the op
 * topic, so that it holds across a restart. An UNKNOW answer changes nothing: the half message
 * stays pending and is checked again.
 *
 * <p>The request is oneway, so problems are logged; a two-way request gets them as a remark.
 *
 * <p>Thread safety: registered on a single-threaded executor, so two decisions for the same half
 * message are never taken at once; {@link PendingHalfMessages} makes the second one a no-op.
 */
public final class EndTransactionProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EndTransactionProcessor.class);
    /** Bad input from clients: one line per interval, however many there are. */
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, 10_000);

    private final TransactionStore store;
    private final PendingHalfMessages pending;
    private final TransactionCounters counters;

    public EndTransactionProcessor(TransactionStore store, PendingHalfMessages pending, TransactionCounters counters) {
        this.store = store;
        this.pending = pending;
        this.counters = counters;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        EndTransactionRequestHeader header = EndTransactionRequestHeader.decode(request);
        int decision = header.commitOrRollback();
        if (decision == EndTransactionRequestHeader.TRANSACTION_NOT_TYPE) {
            return answer(request, ResponseCode.SUCCESS, null);
        }
        if (decision != EndTransactionRequestHeader.TRANSACTION_COMMIT_TYPE
                && decision != EndTransactionRequestHeader.TRANSACTION_ROLLBACK_TYPE) {
            return refuse(context, request, "commitOrRollback " + decision + " is neither commit (8) nor rollback (12)");
        }
        StoredMessage half = store.halfAtCommitLogOffset(header.commitLogOffset());
        if (half == null) {
            return refuse(context, request, "no half message at commit-log offset " + header.commitLogOffset());
        }
        if (half.queueOffset() != header.tranStateTableOffset()
                || !header.producerGroup().equals(half.property(MessageConst.PROPERTY_PRODUCER_GROUP))) {
            return refuse(context, request, "the half message at commit-log offset " + header.commitLogOffset()
                    + " has queue offset " + half.queueOffset() + " and producer group "
                    + half.property(MessageConst.PROPERTY_PRODUCER_GROUP) + ", not " + header.tranStateTableOffset()
                    + " and " + header.producerGroup());
        }
        if (!pending.decide(half.queueOffset())) {
            LOG.debug("half message {} of group {} was already decided; {} ignored", LogText.escape(header.msgId()),
                    LogText.escape(header.producerGroup()), name(decision));
            return answer(request, ResponseCode.SUCCESS, null);
        }
        boolean commit = decision == EndTransactionRequestHeader.TRANSACTION_COMMIT_TYPE;
        if (commit) {
            AppendStatus stored = store.appendCommitted(half);
            if (stored != AppendStatus.PUT_OK && stored != AppendStatus.FLUSH_DISK_TIMEOUT) {
                // Not delivered and not recorded: the half message stays pending and is checked again.
                pending.undecide(half.queueOffset(), half.storeTimestamp());
                LOG.error("cannot store committed transaction message {} of group {}: {}", LogText.escape(header.msgId()),
                        LogText.escape(header.producerGroup()), stored);
                return answer(request, ResponseCode.SYSTEM_ERROR, "cannot store the committed message: " + stored);
            }
        }
        if (commit) {
            counters.committed(half.property(MessageConst.PROPERTY_REAL_TOPIC));
        } else {
            counters.rolledBack(half.property(MessageConst.PROPERTY_REAL_TOPIC));
        }
        AppendStatus recorded = store.appendOp(half.queueOffset(), name(decision));
        if (recorded != AppendStatus.PUT_OK && recorded != AppendStatus.FLUSH_DISK_TIMEOUT) {
            LOG.error("cannot record the {} of transaction message {}: {}", name(decision), LogText.escape(header.msgId()),
                    recorded);
        }
        return answer(request, ResponseCode.SUCCESS, null);
    }

    private static String name(int decision) {
        return decision == EndTransactionRequestHeader.TRANSACTION_COMMIT_TYPE ? TransactionStore.COMMIT
                : TransactionStore.ROLLBACK;
    }

    private static RemotingCommand refuse(RequestContext context, RemotingCommand request, String reason) {
        BAD_INPUT.warn("END_TRANSACTION from {} refused: {}", context.remoteAddress(), LogText.escape(reason));
        return answer(request, ResponseCode.SYSTEM_ERROR, reason);
    }

    private static RemotingCommand answer(RemotingCommand request, int code, String remark) {
        return request.isOneway() ? null : RemotingCommand.responseTo(request, code, remark);
    }
}
