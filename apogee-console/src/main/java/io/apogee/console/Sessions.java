package io.apogee.console;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The console's logins: a random token (the session cookie) for each user who logged in with a password, so
 * the page need not send the password again. A session ends at logout or after {@link #IDLE_MILLIS} without
 * use; at most {@link #MAX_SESSIONS} live at once, the idlest dropped first, so logins cannot fill memory.
 *
 * <p>Thread safety: safe from the console's request threads.
 */
final class Sessions {

    static final long IDLE_MILLIS = 8 * 60 * 60 * 1000L;
    static final int MAX_SESSIONS = 1_000;

    /** Who a request acts as: a logged-in user and the password the console signs with. */
    record Caller(String user, String password) {
        /** The key of this caller's clients: a changed password gets new ones. */
        String key() {
            return user + '\u0000' + password;
        }
    }

    private record Session(Caller caller, long lastUsed) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    Sessions(LongSupplier clock) {
        this.clock = clock;
    }

    /** A new session for {@code caller}; returns its token. */
    String open(Caller caller) {
        if (byToken.size() >= MAX_SESSIONS) {
            byToken.entrySet().stream().min((a, b) -> Long.compare(a.getValue().lastUsed(), b.getValue().lastUsed()))
                    .ifPresent(idlest -> byToken.remove(idlest.getKey()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byToken.put(token, new Session(caller, clock.getAsLong()));
        return token;
    }

    /** The caller of a live session, or null; using it keeps it alive. */
    Caller find(String token) {
        Session session = token == null ? null : byToken.get(token);
        if (session == null) {
            return null;
        }
        long now = clock.getAsLong();
        if (now - session.lastUsed() > IDLE_MILLIS) {
            byToken.remove(token, session);
            return null;
        }
        byToken.replace(token, session, new Session(session.caller(), now));
        return session.caller();
    }

    void close(String token) {
        if (token != null) {
            byToken.remove(token);
        }
    }
}
