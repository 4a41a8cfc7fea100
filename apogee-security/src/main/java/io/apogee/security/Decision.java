package io.apogee.security;

import java.util.Locale;

/** Whether a policy entry grants or refuses; a Deny that matches beats every Allow. */
public enum Decision {
    ALLOW("Allow"), DENY("Deny");

    private final String wireName;

    Decision(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Decision parse(String text) {
        return switch (text == null ? "allow" : text.trim().toLowerCase(Locale.ROOT)) {
            case "allow" -> ALLOW;
            case "deny" -> DENY;
            default -> throw new IllegalArgumentException("unknown decision '" + text + "': use Allow or Deny");
        };
    }
}
