package io.apogee.remoting;

import io.apogee.protocol.command.RemotingCommand;

/**
 * Sees every request and its response on an endpoint, both the ones it sends and the ones it serves:
 * the seam for access control, tracing and auditing.
 *
 * <ul>
 *   <li>Requests this endpoint sends: {@link #beforeRequest} before the request is written,
 *       {@link #afterResponse} when its response arrives (not for oneway requests, nor on failure).</li>
 *   <li>Requests this endpoint serves: {@link #beforeRequest} on the processor's executor just before
 *       the processor runs, {@link #afterResponse} just before the response is written (with a
 *       {@code null} response for oneway requests).</li>
 * </ul>
 *
 * A hook that throws from {@link #beforeRequest} on a served request rejects it: the peer gets
 * SYSTEM_ERROR with the exception's message, and the processor does not run. On a sent request the
 * exception fails the call before anything is written.
 *
 * <p>Thread safety: called concurrently from processor threads, I/O threads and callers' threads;
 * implementations must be thread-safe and must not block.
 */
public interface RpcHook {

    default void beforeRequest(String remoteAddress, RemotingCommand request) {
    }

    default void afterResponse(String remoteAddress, RemotingCommand request, RemotingCommand response) {
    }
}
