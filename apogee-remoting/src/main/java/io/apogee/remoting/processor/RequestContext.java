package io.apogee.remoting.processor;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.codec.BufferBodyCommand;
import io.apogee.remoting.connection.Connection;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One request being served: where it came from and the way to answer it, once. A processor that
 * does not answer at once keeps this object and calls {@link #respond} later from any thread.
 *
 * <p>The connection is also the way back to the peer for requests of our own: the broker keeps a
 * client's {@link #connection()} to send it NOTIFY_CONSUMER_IDS_CHANGED or CHECK_TRANSACTION_STATE.
 *
 * <p>Thread safety: {@code respond} may be called from any thread; only the first answer counts,
 * a second one is an error.
 */
public final class RequestContext {

    private static final Logger LOG = LoggerFactory.getLogger(RequestContext.class);
    private static final AtomicIntegerFieldUpdater<RequestContext> ANSWERED =
            AtomicIntegerFieldUpdater.newUpdater(RequestContext.class, "answered");

    private final Connection connection;
    private final RemotingCommand request;
    private final RequestDispatcher dispatcher;
    /** When the request was dispatched, for {@link ServedRequests}. */
    private final long arrivedNanos = System.nanoTime();
    private volatile int answered;

    RequestContext(Connection connection, RemotingCommand request, RequestDispatcher dispatcher) {
        this.connection = connection;
        this.request = request;
        this.dispatcher = dispatcher;
    }

    public Connection connection() {
        return connection;
    }

    public RemotingCommand request() {
        return request;
    }

    public String remoteAddress() {
        return connection.remoteAddress();
    }

    /** True once an answer was given (or, for a oneway request, once it was served). */
    public boolean isAnswered() {
        return answered != 0;
    }

    /**
     * Sends {@code response}, with opaque, response flag and serialize type taken from the request.
     * Ignored for oneway requests.
     *
     * @throws IllegalStateException if this request was already answered
     */
    public void respond(RemotingCommand response) {
        markAnswered(null);
        if (request.isOneway()) {
            finish(null);
            return;
        }
        shape(response);
        boolean placeHeld = true;
        try {
            countServed(response);
            afterResponseHooks(response);
            // The connection's place goes back before the answer can reach the peer, which may send its next
            // request at once. Counted done only once its write is queued: a graceful shutdown waits for none
            // in progress and then closes the connection, and a close queued before this write would drop it.
            dispatcher.releasePlace(connection);
            placeHeld = false;
            connection.send(response);
        } finally {
            dispatcher.finished(connection, placeHeld);
        }
    }

    /**
     * Sends a response whose body is a buffer held elsewhere, without copying it; see
     * {@link BufferBodyCommand} for the ownership rules. The body is released if nothing is sent.
     *
     * @throws IllegalStateException if this request was already answered (the body is released)
     */
    public void respond(BufferBodyCommand response) {
        markAnswered(response);
        if (request.isOneway()) {
            ReferenceCountUtil.release(response);
            finish(null);
            return;
        }
        shape(response.command());
        boolean placeHeld = true;
        try {
            countServed(response.command());
            afterResponseHooks(response.command());
            dispatcher.releasePlace(connection);
            placeHeld = false;
            connection.send(response);
        } finally {
            dispatcher.finished(connection, placeHeld);
        }
    }

    /** Completes a oneway request whose processor returned without an answer. */
    void finishOneway() {
        if (ANSWERED.compareAndSet(this, 0, 1)) {
            finish(null);
        }
    }

    private void markAnswered(BufferBodyCommand toReleaseOnError) {
        if (!ANSWERED.compareAndSet(this, 0, 1)) {
            if (toReleaseOnError != null) {
                ReferenceCountUtil.release(toReleaseOnError);
            }
            throw new IllegalStateException("request code " + request.code() + " (opaque " + request.opaque()
                    + ") from " + connection.remoteAddress() + " was already answered");
        }
    }

    private void shape(RemotingCommand response) {
        response.opaque(request.opaque());
        response.markResponse();
        // Apogee answers in the request's own header type; the official client decodes either.
        response.serializeType(request.serializeType());
    }

    /** Runs the hooks and counts a oneway request done: nothing is written for it. */
    private void finish(RemotingCommand response) {
        try {
            countServed(response);
            afterResponseHooks(response);
        } finally {
            dispatcher.finished(connection, true);
        }
    }

    private void countServed(RemotingCommand response) {
        dispatcher.served().served(request.code(), response == null ? ServedRequests.ONEWAY : response.code(),
                System.nanoTime() - arrivedNanos);
    }

    private void afterResponseHooks(RemotingCommand response) {
        try {
            dispatcher.hooks().afterResponse(connection.remoteAddress(), request, response);
        } catch (RuntimeException e) {
            LOG.warn("hook failed after request code {} from {}", request.code(), connection.remoteAddress(), e);
        }
    }
}
