package io.apogee.client.producer;

import io.apogee.client.ClientException;
import io.apogee.client.message.Message;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.message.MessageConst;

/**
 * Builds the reply to a request message (request-reply): sent to the cluster's reply topic
 * ({@code <cluster>_REPLY_TOPIC}) with the request's correlation id and requester, so the broker
 * pushes it straight to the waiting client. Send it with any producer.
 *
 * <p>Thread safety: stateless.
 */
public final class Replies {

    /** The {@code MSG_TYPE} of a reply. */
    public static final String REPLY_MESSAGE_FLAG = "reply";
    public static final String REPLY_TOPIC_POSTFIX = "REPLY_TOPIC";

    private Replies() {
    }

    public static Message createReply(MessageExt request, byte[] body) {
        String cluster = request.getProperty(MessageConst.PROPERTY_CLUSTER);
        String correlationId = request.getProperty(MessageConst.PROPERTY_CORRELATION_ID);
        String requester = request.getProperty(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT);
        if (cluster == null || correlationId == null || requester == null) {
            throw new ClientException("message " + request.getMsgId() + " is not a request: it lacks the cluster, "
                    + "correlation id or requester property");
        }
        Message reply = new Message(cluster + "_" + REPLY_TOPIC_POSTFIX, body);
        reply.putProperty(MessageConst.PROPERTY_MESSAGE_TYPE, REPLY_MESSAGE_FLAG);
        reply.putProperty(MessageConst.PROPERTY_CORRELATION_ID, correlationId);
        reply.putProperty(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, requester);
        String ttl = request.getProperty(MessageConst.PROPERTY_MESSAGE_TTL);
        if (ttl != null) {
            reply.putProperty(MessageConst.PROPERTY_MESSAGE_TTL, ttl);
        }
        return reply;
    }
}
