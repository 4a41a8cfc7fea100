package io.apogee.broker.send;

import io.apogee.broker.retry.RetrySendPolicy;
import io.apogee.broker.schedule.DeliveryRouter;
import io.apogee.broker.stats.BrokerStats;
import io.apogee.broker.topic.TopicTable;
import io.apogee.broker.transaction.HalfMessages;
import io.apogee.protocol.ProtocolException;
import io.apogee.protocol.body.QueueData;
import io.apogee.protocol.body.TopicConfig;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.SendMessageRequestHeader;
import io.apogee.protocol.header.SendMessageResponseHeader;
import io.apogee.protocol.message.HostAddress;
import io.apogee.protocol.message.InnerBatch;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.OffsetMessageId;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import io.apogee.store.AppendRequest;
import io.apogee.store.AppendStatus;
import io.apogee.store.MessageStore;
import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Stores what producers send: SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE. It validates
 * the topic and queue, creates an unknown topic from the default topic when allowed (and has the
 * broker re-register, so routes know it), appends through the store and answers with the offset
 * message id(s), queue id and queue offset. A transactional half message is stored in the half
 * topic instead, out of consumers' sight until its producer commits ({@link HalfMessages}). A batch that carries
 * a client id, sent to a topic with {@code queue.type=BatchCQ}, is stored whole as one record that takes one
 * queue offset per message ({@link InnerBatch}), as RocketMQ 5 stores it; consumers unwrap it.
 *
 * <p>Under SYNC_FLUSH the answer waits for the force that covers the message, without holding a
 * send thread: the store completes the append later and the answer goes out from there.
 *
 * <p>Thread safety: called concurrently by the send executor's threads and by I/O threads (see
 * {@link SendFeature}); it must not block. Each thread reuses its own {@link AppendRequest}.
 */
public final class SendProcessor implements RequestProcessor {

    private static final String REGION = "DefaultRegion";
    /** The remark of the SYSTEM_BUSY answer to a send refused because too much waits for the disk. */
    public static final String FLUSH_BACKLOG_FULL_REMARK =
            "[FLUSH_BACKLOG_FULL] broker busy: too many sends wait for the disk, try again later";

    /** A send to a slave: refused as RocketMQ's slave refuses it (SERVICE_NOT_AVAILABLE), saying why. */
    public static final String SLAVE_REMARK =
            "service not available now: this broker is a slave, which only copies its master; send to the master";

    private final MessageStore store;
    private final TopicTable topics;
    /** Changed at run time by an admin (UPDATE_BROKER_CONFIG). */
    private volatile boolean autoCreateTopicEnable;
    /** The leading part of every offset message id this broker hands out, encoded once. */
    private final String storeHostIdPart;
    private final Runnable topicsChanged;
    private final DeliveryRouter router;
    private final RetrySendPolicy retries;
    private final BrokerStats stats;
    private final ByteBuffer brokerProperties;
    private final ThreadLocal<AppendRequest> appendRequests = ThreadLocal.withInitial(AppendRequest::new);

    /**
     * @param topicsChanged run after a topic was auto-created (re-registers with name servers)
     * @param router        sends delayed and timed messages to where they wait
     * @param retries       sends retries past their limit to the dead-letter topic
     * @param stats         counts what was stored, per topic
     */
    public SendProcessor(MessageStore store, TopicTable topics, boolean autoCreateTopicEnable, String clusterName,
                         HostAddress storeHost, Runnable topicsChanged, DeliveryRouter router,
                         RetrySendPolicy retries, BrokerStats stats) {
        this.store = store;
        this.topics = topics;
        this.autoCreateTopicEnable = autoCreateTopicEnable;
        this.storeHostIdPart = OffsetMessageId.hostPart(storeHost);
        this.topicsChanged = topicsChanged;
        this.router = router;
        this.retries = retries;
        this.stats = stats;
        this.brokerProperties = ByteBuffer.wrap(MessageProperties.encodeToBytes(Map.of(
                MessageConst.PROPERTY_CLUSTER, clusterName,
                MessageConst.PROPERTY_MSG_REGION, REGION,
                MessageConst.PROPERTY_TRACE_SWITCH, "true"))).asReadOnlyBuffer();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        SendMessageRequestHeader header = SendMessageRequestHeader.decode(request);
        String illegal = TopicTable.illegalNameReason(header.topic());
        if (illegal != null) {
            return refuse(request, ResponseCode.SYSTEM_ERROR, illegal);
        }
        TopicConfig topic = topics.get(header.topic());
        if (topic == null && autoCreateTopicEnable && header.defaultTopic() != null) {
            topic = topics.createFromDefault(header.topic(), header.defaultTopic(), header.defaultTopicQueueNums());
            if (topic != null) {
                topicsChanged.run();
            }
        }
        if (topic == null) {
            return refuse(request, ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + header.topic() + "] not exist, apply first please!");
        }
        if ((topic.perm() & QueueData.PERM_WRITE) == 0) {
            return refuse(request, ResponseCode.NO_PERMISSION, "the topic[" + header.topic() + "] sending is forbidden");
        }
        if (header.queueId() < 0 || header.queueId() >= topic.writeQueueNums()) {
            return refuse(request, ResponseCode.SYSTEM_ERROR, "queueId[" + header.queueId() + "] is illegal, topic:["
                    + header.topic() + "] writeQueueNums:[" + topic.writeQueueNums() + "]");
        }
        if (request.bodyLength() == 0) {
            return refuse(request, ResponseCode.MESSAGE_ILLEGAL, "the message body is empty");
        }

        int replyQueueId = header.queueId();
        if (HalfMessages.isHalf(header)) {
            if (request.code() == RequestCode.SEND_BATCH_MESSAGE) {
                return refuse(request, ResponseCode.MESSAGE_ILLEGAL, "batch messages cannot be transactional");
            }
            header = HalfMessages.toHalf(header);
        }
        AppendRequest append = fill(appendRequests.get().reset(), context, request, header);
        RemotingCommand refusedRetry = retries.apply(request, header, append);
        if (refusedRetry != null) {
            return request.isOneway() ? null : refusedRetry;
        }
        String notRoutable = router.route(append, header.properties());
        if (notRoutable != null) {
            return refuse(request, ResponseCode.MESSAGE_ILLEGAL, notRoutable);
        }
        String transactionId = header.properties() == null ? null
                : MessageProperties.get(header.properties(), MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        String batchUniqId = null;
        if (append.batch && transactionId != null && storesBatchesWhole(topic)) {
            String malformed = wholeBatch(append);
            if (malformed != null) {
                return refuse(request, ResponseCode.MESSAGE_ILLEGAL, malformed);
            }
            batchUniqId = transactionId;
        }
        String sentTopic = header.topic();
        int bytes = request.bodyLength();
        // On the I/O thread that read it, a send is written behind: staged with the others this wake-up reads
        // and written with them in one write, run by the event loop after those reads.
        EventLoop loop = context.connection().channel().eventLoop();
        CompletableFuture<AppendStatus> stored = store.appendAsync(append, loop.inEventLoop() ? loop : null);
        int messages = append.innerNum > 0 ? append.innerNum : Math.max(1, append.messageCount);
        // The body is staged or in the commit log now. Drop it, so that a lent body is not copied when its
        // loan ends, and a send that waits holds only what its reply needs.
        append.body = null;
        request.body(null);
        if (stored.isDone()) {
            AppendStatus status = count(stored.join(), sentTopic, messages, bytes);
            return request.isOneway() ? null : answer(request, status, msgIds(append), replyQueueId,
                    append.queueOffset, transactionId, batchUniqId);
        }
        if (request.isOneway()) {
            stored.thenAccept(status -> count(status, sentTopic, messages, bytes));
            return null;
        }
        // Waiting for a SYNC_FLUSH force or a write behind. The thread reuses its AppendRequest for its next send,
        // so the results are read now, while they are this send's. The reply is built on the connection's event
        // loop rather than on the flusher thread, which goes straight back to forcing; a write behind already
        // runs there.
        String msgIds = msgIds(append);
        long queueOffset = append.queueOffset;
        String answeredBatchUniqId = batchUniqId;
        stored.whenCompleteAsync((status, failure) -> context.respond(failure != null
                ? refuse(request, ResponseCode.SYSTEM_ERROR, "store failed: " + failure.getMessage())
                : answer(request, count(status, sentTopic, messages, bytes), msgIds, replyQueueId, queueOffset,
                        transactionId, answeredBatchUniqId)),
                task -> {
                    if (loop.inEventLoop()) {
                        task.run();
                    } else {
                        loop.execute(task);
                    }
                });
        return null;
    }

    /** Whether the topic asks for batches stored whole, as RocketMQ 5 does for {@code queue.type=BatchCQ}. */
    private static boolean storesBatchesWhole(TopicConfig topic) {
        return InnerBatch.BATCH_QUEUE_TYPE.equals(topic.attributes().get(InnerBatch.QUEUE_TYPE_ATTRIBUTE));
    }

    /**
     * Turns a batch append into one record holding the whole batch ({@link InnerBatch}); answers why not when
     * the batch body is malformed.
     */
    private String wholeBatch(AppendRequest append) {
        int count;
        try {
            count = InnerBatch.count(append.body);
        } catch (ProtocolException e) {
            return "the batch body is malformed: " + e.getMessage();
        }
        append.batch = false;
        append.sysFlag |= InnerBatch.FLAGS;
        byte[] innerNum = InnerBatch.innerNumProperty(count);
        ByteBuffer broker = brokerProperties.duplicate();
        append.extraProperties = ByteBuffer.allocate(innerNum.length + broker.remaining()).put(innerNum).put(broker)
                .flip();
        return null;
    }

    private AppendRequest fill(AppendRequest append, RequestContext context, RemotingCommand request,
                               SendMessageRequestHeader header) {
        append.topic = header.topic();
        append.queueId = header.queueId();
        append.flag = header.flag();
        append.sysFlag = header.sysFlag();
        append.bornTimestamp = header.bornTimestamp();
        if (context.connection().channel().remoteAddress() instanceof InetSocketAddress peer) {
            append.bornHostIp = peer.getAddress().getAddress();
            append.bornPort = peer.getPort();
        }
        append.reconsumeTimes = header.reconsumeTimes() == null ? 0 : header.reconsumeTimes();
        append.body = request.bodyBuffer();
        append.batch = request.code() == RequestCode.SEND_BATCH_MESSAGE;
        append.properties = header.properties() == null ? null
                : ByteBuffer.wrap(header.properties().getBytes(StandardCharsets.UTF_8));
        append.extraProperties = brokerProperties.duplicate();
        return append;
    }

    /** Counts a stored send in the broker's statistics; returns {@code status}. */
    private AppendStatus count(AppendStatus status, String topic, int messages, int bytes) {
        if (status == AppendStatus.PUT_OK || status == AppendStatus.FLUSH_DISK_TIMEOUT
                || status == AppendStatus.FLUSH_SLAVE_TIMEOUT || status == AppendStatus.SLAVE_NOT_AVAILABLE) {
            stats.putMessages(topic, messages, bytes);
        }
        return status;
    }

    /** Lets an admin allow or forbid creating topics on first send while the broker runs. */
    public void autoCreateTopicEnable(boolean enable) {
        autoCreateTopicEnable = enable;
    }

    /** Maps the store's outcome to the wire answer the official client expects. */
    private static RemotingCommand answer(RemotingCommand request, AppendStatus status, String msgIds, int queueId,
                                          long queueOffset, String transactionId, String batchUniqId) {
        return switch (status) {
            case PUT_OK, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE -> new SendMessageResponseHeader(
                    msgIds, queueId, queueOffset, transactionId, batchUniqId, null, REGION, true)
                    .applyTo(RemotingCommand.responseTo(request, storedCode(status), null));
            case SLAVE_READ_ONLY -> refuse(request, ResponseCode.SERVICE_NOT_AVAILABLE, SLAVE_REMARK);
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> refuse(request, ResponseCode.MESSAGE_ILLEGAL,
                    "the message is too large or its properties are: " + status);
            case DISK_FULL -> refuse(request, ResponseCode.SERVICE_NOT_AVAILABLE,
                    "the broker's disk is full; writes resume when space returns");
            case SERVICE_NOT_AVAILABLE -> refuse(request, ResponseCode.SERVICE_NOT_AVAILABLE, "the store is not running");
            case STORE_FAULT -> refuse(request, ResponseCode.SERVICE_NOT_AVAILABLE, "the store stopped taking writes"
                    + " after a fault in a mapped file (a file truncated underneath it, or a failed disk); the broker"
                    + " must be restarted, see its log");
            case FLUSH_BACKLOG_FULL -> refuse(request, ResponseCode.SYSTEM_BUSY, FLUSH_BACKLOG_FULL_REMARK);
            case FLUSH_FAILED, CREATE_MAPPED_FILE_FAILED -> refuse(request, ResponseCode.SYSTEM_ERROR,
                    "the store could not write: " + status);
        };
    }

    /** The code of a send stored here: SEND_OK, or which durability promise was not kept in time. */
    private static int storedCode(AppendStatus status) {
        return switch (status) {
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case FLUSH_SLAVE_TIMEOUT -> ResponseCode.FLUSH_SLAVE_TIMEOUT;
            case SLAVE_NOT_AVAILABLE -> ResponseCode.SLAVE_NOT_AVAILABLE;
            default -> ResponseCode.SUCCESS;
        };
    }

    private String msgIds(AppendRequest append) {
        if (append.messageCount <= 1) {
            return OffsetMessageId.encode(storeHostIdPart, append.physicalOffset);
        }
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < append.messageCount; i++) {
            ids.append(i == 0 ? "" : ",").append(OffsetMessageId.encode(storeHostIdPart, append.physicalOffsets[i]));
        }
        return ids.toString();
    }

    private static RemotingCommand refuse(RemotingCommand request, int code, String remark) {
        return request.isOneway() ? null : RemotingCommand.responseTo(request, code, remark);
    }
}
