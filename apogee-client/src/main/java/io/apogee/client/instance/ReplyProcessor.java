package io.apogee.client.instance;

import io.apogee.client.message.BodyCompression;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.MessageSysFlag;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request-reply on the requesting side: the futures of requests waiting for replies, by
 * correlation id, and the processor for PUSH_REPLY_MESSAGE_TO_CLIENT, by which a broker hands a
 * reply to the client named in the request's {@code REPLY_TO_CLIENT}.
 *
 * <p>Thread safety: a concurrent map; the processor runs on the transport's processor executor.
 */
public final class ReplyProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyProcessor.class);

    private final ConcurrentHashMap<String, CompletableFuture<MessageExt>> waiting = new ConcurrentHashMap<>();

    /** Registers a request; the future completes with its reply. Call {@link #forget} when done. */
    public CompletableFuture<MessageExt> expect(String correlationId) {
        CompletableFuture<MessageExt> future = new CompletableFuture<>();
        waiting.put(correlationId, future);
        return future;
    }

    public void forget(String correlationId) {
        waiting.remove(correlationId);
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        MessageExt reply = new MessageExt();
        reply.setTopic(request.extField("topic"));
        MessageProperties.decode(request.extField("properties")).forEach(reply::putProperty);
        int sysFlag = parseInt(request.extField("sysFlag"));
        byte[] body = request.body() == null ? new byte[0] : request.body();
        reply.setBody((sysFlag & MessageSysFlag.COMPRESSED_FLAG) != 0 ? BodyCompression.decompress(body, sysFlag) : body);
        reply.setSysFlag(sysFlag);
        reply.setQueueId(parseInt(request.extField("queueId")));
        reply.setFlag(parseInt(request.extField("flag")));
        reply.setBornHost(request.extField("bornHost"));
        reply.setStoreHost(request.extField("storeHost"));
        reply.setBornTimestamp(parseLong(request.extField("bornTimestamp")));
        reply.setStoreTimestamp(parseLong(request.extField("storeTimestamp")));
        reply.setReconsumeTimes(parseInt(request.extField("reconsumeTimes")));
        reply.putProperty(MessageConst.PROPERTY_REPLY_MESSAGE_ARRIVE_TIME, Long.toString(System.currentTimeMillis()));
        String correlationId = reply.getProperty(MessageConst.PROPERTY_CORRELATION_ID);
        CompletableFuture<MessageExt> future = correlationId == null ? null : waiting.remove(correlationId);
        if (future == null) {
            LOG.warn("reply with correlation id {} from {} matches no waiting request (timed out?)", correlationId,
                    context.remoteAddress());
        } else {
            future.complete(reply);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private static int parseInt(String value) {
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static long parseLong(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
