package io.apogee.client.consumer;

import io.apogee.client.ClientException;
import io.apogee.client.message.MessageExt;
import io.apogee.protocol.body.SubscriptionData;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Builds subscriptions from tag expressions ({@code *}, or tags joined by {@code ||}) and checks
 * messages against them.
 *
 * <p>Thread safety: stateless.
 */
public final class Subscriptions {

    private Subscriptions() {
    }

    public static SubscriptionData tags(String topic, String expression) {
        if (topic == null || topic.isBlank()) {
            throw new ClientException("a subscription needs a topic");
        }
        String sub = expression == null || expression.isBlank() ? SubscriptionData.SUB_ALL : expression.trim();
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> codes = new LinkedHashSet<>();
        if (!SubscriptionData.SUB_ALL.equals(sub)) {
            for (String tag : sub.split("\\|\\|")) {
                String t = tag.trim();
                if (!t.isEmpty()) {
                    tags.add(t);
                    codes.add(t.hashCode());
                }
            }
            if (tags.isEmpty()) {
                throw new ClientException("subscription expression \"" + expression + "\" names no tag");
            }
        }
        return new SubscriptionData(false, topic, sub, tags, codes, System.currentTimeMillis(),
                SubscriptionData.EXPRESSION_TAG);
    }

    /** Whether a message's tag is one the subscription asks for. */
    public static boolean matches(SubscriptionData subscription, MessageExt message) {
        if (subscription.matchesAll() || subscription.tagsSet().isEmpty()) {
            return true;
        }
        String tag = message.getTags();
        return tag != null && subscription.tagsSet().contains(tag);
    }
}
