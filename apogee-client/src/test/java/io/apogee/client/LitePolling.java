package io.apogee.client;

import io.apogee.client.consumer.LitePullConsumer;
import io.apogee.client.message.MessageExt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Polls a lite pull consumer in short rounds until enough messages came, for tests. Stateless. */
public final class LitePolling {

    private LitePolling() {
    }

    /** Everything polled until at least {@code count} messages arrived; fails after {@code wait}. */
    public static List<MessageExt> pollUntil(LitePullConsumer consumer, int count, Duration wait) {
        List<MessageExt> all = new ArrayList<>();
        await().atMost(wait).until(() -> {
            all.addAll(consumer.poll(200));
            return all.size() >= count;
        });
        return all;
    }
}
