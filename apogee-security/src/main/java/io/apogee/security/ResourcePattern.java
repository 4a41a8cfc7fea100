package io.apogee.security;

/**
 * The resources a policy entry speaks of, as RocketMQ 5 writes them: {@code *} (everything),
 * {@code Cluster} or {@code Cluster:NAME}, {@code Topic:NAME}, {@code Topic:PREFIX*}, {@code Topic:*}, and the
 * same for {@code Group}. Kinds are matched ignoring case.
 *
 * <p>Thread safety: immutable.
 */
public record ResourcePattern(Resource.Kind kind, String name, boolean prefix) {

    /** Matches every resource. */
    public static final ResourcePattern ANY = new ResourcePattern(null, "", true);

    public static ResourcePattern parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("*")) {
            return ANY;
        }
        int colon = t.indexOf(':');
        String kindText = colon < 0 ? t : t.substring(0, colon);
        String name = colon < 0 ? "*" : t.substring(colon + 1).trim();
        Resource.Kind kind = null;
        for (Resource.Kind k : Resource.Kind.values()) {
            if (k.wireName().equalsIgnoreCase(kindText)) {
                kind = k;
            }
        }
        if (kind == null || name.isEmpty() || (colon < 0 && kind != Resource.Kind.CLUSTER)) {
            throw new IllegalArgumentException("bad resource '" + text + "': use *, Cluster, Topic:NAME, Topic:PREFIX*,"
                    + " Topic:*, Group:NAME, Group:PREFIX* or Group:*");
        }
        boolean prefix = name.endsWith("*");
        return new ResourcePattern(kind, prefix ? name.substring(0, name.length() - 1) : name, prefix);
    }

    public boolean matches(Resource resource) {
        if (kind == null) {
            return true;
        }
        if (kind != resource.kind()) {
            return false;
        }
        return prefix ? resource.name().startsWith(name) : resource.name().equals(name);
    }

    /** As written in policies: {@code *}, {@code Topic:NAME}, {@code Topic:PREFIX*}. */
    public String text() {
        if (kind == null) {
            return "*";
        }
        return kind.wireName() + ":" + name + (prefix ? "*" : "");
    }
}
