package io.apogee.protocol.message;

/**
 * The characters RocketMQ allows in topic and group names: {@code %|a-zA-Z0-9_-}. One rule for the client, which
 * checks a name before it sends, and the broker, which checks it again.
 *
 * <p>Thread safety: stateless.
 */
public final class ResourceNames {

    /** The allowed characters as a regular expression's class, for messages. */
    public static final String LEGAL_CHARACTERS = "[%|a-zA-Z0-9_-]";

    private ResourceNames() {
    }

    /**
     * Whether every character of {@code name} is allowed (true for an empty name: length is the caller's
     * check). A loop rather than a regular expression, since it runs for every message sent.
     */
    public static boolean hasLegalCharacters(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '%' || c == '|' || c == '_' || c == '-';
            if (!legal) {
                return false;
            }
        }
        return true;
    }
}
