package io.apogee.client.instance;

import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.ResetOffsetBody;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.ResetOffsetRequestHeader;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.protocol.message.StoredMessageView;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the requests brokers send to a client: NOTIFY_CONSUMER_IDS_CHANGED wakes the rebalance
 * service; CHECK_TRANSACTION_STATE goes to the producer of the half message's group;
 * RESET_CONSUMER_CLIENT_OFFSET goes to the consumer of the group whose offsets were reset. All are
 * oneway, so nothing is answered.
 *
 * <p>Thread safety: runs on the transport's processor executors; stateless.
 */
final class ServerRequestHandler implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRequestHandler.class);

    private final Map<String, ProducerMember> producers;
    private final Map<String, ConsumerMember> consumers;
    private final RebalanceService rebalanceService;

    ServerRequestHandler(Map<String, ProducerMember> producers, Map<String, ConsumerMember> consumers,
                         RebalanceService rebalanceService) {
        this.producers = producers;
        this.consumers = consumers;
        this.rebalanceService = rebalanceService;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        if (request.code() == RequestCode.NOTIFY_CONSUMER_IDS_CHANGED) {
            rebalanceService.wakeup();
        } else if (request.code() == RequestCode.CHECK_TRANSACTION_STATE && request.body() != null) {
            String group = producerGroup(request.body());
            ProducerMember producer = group == null ? null : producers.get(group);
            if (producer == null) {
                LOG.warn("transaction check for unknown producer group {} from {}", group, context.remoteAddress());
            } else {
                producer.checkTransactionState(context.remoteAddress(), request);
            }
        } else if (request.code() == RequestCode.RESET_CONSUMER_CLIENT_OFFSET && request.body() != null) {
            ResetOffsetRequestHeader header = ResetOffsetRequestHeader.decode(request);
            ConsumerMember consumer = consumers.get(header.group());
            if (consumer != null) {
                consumer.resetOffsets(header.topic(),
                        JsonBody.decode(request.body(), ResetOffsetBody.class).offsetTable());
            }
        }
        return null;
    }

    /**
     * The producer group of the half message a transaction check carries, read from its properties alone: the
     * producer decodes the whole message for its listener, so this does not.
     */
    private static String producerGroup(byte[] halfMessage) {
        StoredMessageView view = StoredMessageCodec.requireWellFormed(
                new StoredMessageView().wrap(ByteBuffer.wrap(halfMessage), 0), halfMessage.length);
        return MessageProperties.get(new String(halfMessage, view.propertiesIndex(), view.propertiesLength(),
                StandardCharsets.UTF_8), MessageConst.PROPERTY_PRODUCER_GROUP);
    }
}
