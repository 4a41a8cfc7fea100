package io.apogee.security;

import java.util.Locale;

/**
 * A user as RocketMQ 5 knows one: the username is the client's AccessKey and the password its SecretKey. A Super
 * user may do everything; a Normal one what its policies allow. A disabled user cannot sign in.
 *
 * <p>Thread safety: immutable.
 */
public record User(String username, String password, Type type, Status status) {

    public enum Type { SUPER("Super"), NORMAL("Normal");
        private final String wireName;
        Type(String wireName) { this.wireName = wireName; }
        public String wireName() { return wireName; }
        public static Type parse(String text) {
            return switch (text == null ? "normal" : text.trim().toLowerCase(Locale.ROOT)) {
                case "super" -> SUPER;
                case "normal", "" -> NORMAL;
                default -> throw new IllegalArgumentException("unknown user type '" + text + "': use Super or Normal");
            };
        }
    }

    public enum Status { ENABLE("enable"), DISABLE("disable");
        private final String wireName;
        Status(String wireName) { this.wireName = wireName; }
        public String wireName() { return wireName; }
        public static Status parse(String text) {
            return switch (text == null ? "enable" : text.trim().toLowerCase(Locale.ROOT)) {
                case "enable", "" -> ENABLE;
                case "disable" -> DISABLE;
                default -> throw new IllegalArgumentException("unknown user status '" + text
                        + "': use enable or disable");
            };
        }
    }

    public User {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("a user needs a username");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("user '" + username + "' needs a password");
        }
        type = type == null ? Type.NORMAL : type;
        status = status == null ? Status.ENABLE : status;
    }

    public boolean isSuper() {
        return type == Type.SUPER;
    }

    public boolean enabled() {
        return status == Status.ENABLE;
    }
}
