package io.apogee.remoting.connection;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RemotingClosedException;
import io.apogee.remoting.RemotingException;
import io.apogee.remoting.RemotingSendException;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests one side has sent on one connection and not yet seen answered, keyed by opaque. Only
 * responses (flag bit 0) are matched here, so the peer's own requests, whose opaques come from the
 * peer's counter and may collide with ours, never disturb it.
 *
 * <p>Closing fails every pending request at once. A request added concurrently with the close is
 * failed by one side or the other: {@link #add} re-checks the closed flag after inserting, and
 * {@link #close} sets it before draining, and each pending request is finished only by whoever
 * removes it from the map.
 *
 * <p>Thread safety: lock-free; any thread may add, complete, fail or close.
 */
final class InFlightRequests {

    private final ConcurrentHashMap<Integer, PendingRequest> pending = new ConcurrentHashMap<>();
    private volatile RemotingException closedCause;

    /**
     * Registers {@code request}; returns false (and fails it) if the connection is already closed or
     * a request with the same opaque is still waiting (a command object sent twice).
     */
    boolean add(PendingRequest request) {
        if (pending.putIfAbsent(request.opaque(), request) != null) {
            request.fail(new RemotingSendException("a request with opaque " + request.opaque()
                    + " is already waiting on this connection; send a new command instead of resending one", null));
            return false;
        }
        RemotingException cause = closedCause;
        if (cause != null) {
            fail(request, cause);
            return false;
        }
        return true;
    }

    /** Finishes the request {@code response} answers; returns false if none waits for it (late or unknown). */
    boolean complete(RemotingCommand response) {
        PendingRequest request = pending.remove(response.opaque());
        if (request == null) {
            return false;
        }
        request.succeed(response);
        return true;
    }

    void fail(PendingRequest request, RemotingException cause) {
        if (pending.remove(request.opaque(), request)) {
            request.fail(cause);
        }
    }

    /** Fails every pending request with {@code cause}, and every one added from now on. */
    void close(RemotingClosedException cause) {
        closedCause = cause;
        for (PendingRequest request : pending.values()) {
            fail(request, cause);
        }
    }

    int size() {
        return pending.size();
    }
}
