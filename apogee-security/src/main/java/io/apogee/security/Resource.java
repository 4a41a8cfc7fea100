package io.apogee.security;

/**
 * What a request touches: the cluster, a topic or a group, by name. A retry topic ({@code %RETRY%group}) and a
 * dead-letter topic ({@code %DLQ%group}) belong to their group, so {@link #topic} names the group for them.
 *
 * <p>Thread safety: immutable.
 */
public record Resource(Kind kind, String name) {

    public enum Kind { CLUSTER("Cluster"), TOPIC("Topic"), GROUP("Group");
        private final String wireName;
        Kind(String wireName) { this.wireName = wireName; }
        public String wireName() { return wireName; }
    }

    static final String RETRY_PREFIX = "%RETRY%";
    static final String DLQ_PREFIX = "%DLQ%";

    public static Resource cluster(String name) {
        return new Resource(Kind.CLUSTER, name);
    }

    /** The topic {@code name}, or its group when it is a retry or dead-letter topic. */
    public static Resource topic(String name) {
        if (name.startsWith(RETRY_PREFIX)) {
            return group(name.substring(RETRY_PREFIX.length()));
        }
        if (name.startsWith(DLQ_PREFIX)) {
            return group(name.substring(DLQ_PREFIX.length()));
        }
        return new Resource(Kind.TOPIC, name);
    }

    public static Resource group(String name) {
        return new Resource(Kind.GROUP, name);
    }

    @Override
    public String toString() {
        return kind.wireName() + ":" + name;
    }
}
