package io.apogee.security;

import java.util.Set;

/**
 * One permission a request needs: any one of {@code actions} on {@code resource}.
 *
 * <p>Thread safety: immutable.
 */
public record Need(Resource resource, Set<Action> actions) {

    public Need {
        actions = Set.copyOf(actions);
    }

    @Override
    public String toString() {
        return String.join("|", actions.stream().sorted().map(Action::wireName).toList()) + " on " + resource;
    }
}
