package io.apogee.security;

import java.util.Locale;

/** What a policy entry allows or denies on a resource, spelled on the wire as RocketMQ 5 spells it. */
public enum Action {
    PUB("Pub"), SUB("Sub"), CREATE("Create"), UPDATE("Update"), DELETE("Delete"), GET("Get"), LIST("List"),
    ALL("All");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The action named {@code text}, ignoring case. */
    public static Action parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Action action : values()) {
            if (action.wireName.toLowerCase(Locale.ROOT).equals(t)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action '" + text + "': use Pub, Sub, Create, Update, Delete, "
                + "Get, List or All");
    }
}
