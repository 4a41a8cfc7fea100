package io.apogee.it;

import org.apache.rocketmq.common.message.MessageExt;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What a consumer of delayed or timed messages saw, by body: when each first arrived, when the
 * broker stored it in its real topic, and how often it came. Use it as the consumer's per-message
 * callback; thread-safe.
 */
final class ArrivalLog implements Consumer<MessageExt> {

    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final Map<String, Long> stored = new ConcurrentHashMap<>();
    private final Map<String, Integer> times = new ConcurrentHashMap<>();

    @Override
    public void accept(MessageExt message) {
        long now = System.currentTimeMillis();
        String body = OfficialClients.body(message);
        received.putIfAbsent(body, now);
        stored.putIfAbsent(body, message.getStoreTimestamp());
        times.merge(body, 1, Integer::sum);
    }

    boolean arrived(String body) {
        return received.containsKey(body);
    }

    boolean allArrived(Collection<String> bodies) {
        return received.keySet().containsAll(bodies);
    }

    /** When {@code body} first arrived, in epoch milliseconds. */
    long receivedAt(String body) {
        return received.get(body);
    }

    /** When the broker stored {@code body} in its real topic, in epoch milliseconds. */
    long storedAt(String body) {
        return stored.get(body);
    }

    /** How often each body arrived. */
    Map<String, Integer> times() {
        return times;
    }
}
