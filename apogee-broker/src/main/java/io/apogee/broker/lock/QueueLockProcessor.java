package io.apogee.broker.lock;

import io.apogee.common.log.RateLimitedLog;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.LockBatchRequestBody;
import io.apogee.protocol.body.LockBatchResponseBody;
import io.apogee.protocol.body.MessageQueue;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.connection.Connection;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * LOCK_BATCH_MQ and UNLOCK_BATCH_MQ from orderly consumers: both carry the group, the client id and
 * the queues as JSON; a lock answer lists the queues the client now holds, leaving out those another
 * live client holds.
 *
 * <p>Thread safety: stateless apart from the thread-safe {@link QueueLockTable}.
 */
public final class QueueLockProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(QueueLockProcessor.class);
    /** Bad input from clients: one line per interval, however many there are. */
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, 10_000);

    private final QueueLockTable<Connection> locks;

    public QueueLockProcessor(QueueLockTable<Connection> locks) {
        this.locks = locks;
    }

    /** The request codes this processor serves. */
    public static int[] codes() {
        return new int[]{RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ};
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        LockBatchRequestBody body = JsonBody.decode(request.body(), LockBatchRequestBody.class);
        if (body.consumerGroup() == null || body.clientId() == null) {
            BAD_INPUT.warn("lock request code {} from {} without group or client id", request.code(), context.remoteAddress());
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "consumerGroup and clientId are required");
        }
        if (request.code() == RequestCode.UNLOCK_BATCH_MQ) {
            locks.unlock(body.consumerGroup(), body.clientId(), body.mqSet());
            // A client unlocking after its unlock delay sends the request oneway.
            return request.isOneway() ? null : RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        }
        Set<MessageQueue> granted = locks.tryLock(body.consumerGroup(), body.clientId(), context.connection(),
                body.mqSet());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(JsonBody.encode(new LockBatchResponseBody(granted)));
    }
}
