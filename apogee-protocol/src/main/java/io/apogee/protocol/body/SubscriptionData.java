package io.apogee.protocol.body;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One topic subscription of a consumer group, as sent in heartbeats. {@code tagsSet} holds the tags
 * of {@code subString} (empty for {@value #SUB_ALL}) and {@code codeSet} their
 * {@link String#hashCode()}s, which the broker compares with consume-queue tag codes.
 * Immutable apart from its sets.
 */
public record SubscriptionData(boolean classFilterMode, String topic, String subString, Set<String> tagsSet,
                               Set<Integer> codeSet, long subVersion, String expressionType) {

    /** The expression that matches every message. */
    public static final String SUB_ALL = "*";
    public static final String EXPRESSION_TAG = "TAG";
    public static final String EXPRESSION_SQL92 = "SQL92";

    public SubscriptionData {
        tagsSet = tagsSet == null ? new LinkedHashSet<>() : tagsSet;
        codeSet = codeSet == null ? new LinkedHashSet<>() : codeSet;
    }

    /** Whether this subscription takes every message regardless of tag. */
    public boolean matchesAll() {
        return SUB_ALL.equals(subString) || subString == null || subString.isEmpty();
    }
}
