package io.apogee.client.instance;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.message.MessageConst;
import io.apogee.protocol.message.StoredMessage;
import io.apogee.protocol.message.StoredMessageCodec;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Serves the requests brokers send to a client: NOTIFY_CONSUMER_IDS_CHANGED wakes the rebalance
 * service; CHECK_TRANSACTION_STATE goes to the producer of the half message's group. Both are
 * oneway, so nothing is answered.
 *
 * <p>Thread safety: runs on the transport's processor executors; stateless.
 */
final class ServerRequestHandler implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRequestHandler.class);

    private final Map<String, ProducerMember> producers;
    private final RebalanceService rebalanceService;

    ServerRequestHandler(Map<String, ProducerMember> producers, RebalanceService rebalanceService) {
        this.producers = producers;
        this.rebalanceService = rebalanceService;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        if (request.code() == RequestCode.NOTIFY_CONSUMER_IDS_CHANGED) {
            rebalanceService.wakeup();
        } else if (request.code() == RequestCode.CHECK_TRANSACTION_STATE && request.body() != null) {
            StoredMessage half = StoredMessageCodec.decode(ByteBuffer.wrap(request.body()));
            String group = half.property(MessageConst.PROPERTY_PRODUCER_GROUP);
            ProducerMember producer = group == null ? null : producers.get(group);
            if (producer == null) {
                LOG.warn("transaction check for unknown producer group {} from {}", group, context.remoteAddress());
            } else {
                producer.checkTransactionState(context.remoteAddress(), request);
            }
        }
        return null;
    }
}
