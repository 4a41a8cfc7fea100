package io.apogee.client;

import io.apogee.client.consumer.ConsumeConcurrentlyStatus;
import io.apogee.client.consumer.MessageListenerConcurrently;
import io.apogee.client.message.MessageExt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that records every message it is given, counting deliveries per body. */
public final class Collector implements MessageListenerConcurrently {

    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<MessageExt> messages = new ConcurrentLinkedQueue<>();

    @Override
    public ConsumeConcurrentlyStatus consumeMessage(List<MessageExt> batch,
                                                    io.apogee.client.consumer.ConsumeConcurrentlyContext context) {
        for (MessageExt m : batch) {
            messages.add(m);
            deliveries.computeIfAbsent(body(m), b -> new AtomicInteger()).incrementAndGet();
        }
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    }

    public static String body(MessageExt m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    /** Deliveries per distinct body. */
    public Map<String, AtomicInteger> deliveries() {
        return deliveries;
    }

    public int total() {
        return messages.size();
    }

    public List<MessageExt> messages() {
        return List.copyOf(messages);
    }
}
