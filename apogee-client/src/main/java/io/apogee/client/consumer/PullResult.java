package io.apogee.client.consumer;

import io.apogee.client.message.MessageExt;

import java.util.List;

/**
 * One pull's answer: its status, where the next pull starts, the queue's offset range, and the
 * messages that matched the subscription (tags are checked again on the client, since the broker
 * filters only by tag hash).
 */
public record PullResult(PullStatus pullStatus, long nextBeginOffset, long minOffset, long maxOffset,
                         List<MessageExt> messages) {
}
