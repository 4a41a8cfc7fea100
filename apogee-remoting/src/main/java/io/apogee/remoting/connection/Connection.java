package io.apogee.remoting.connection;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RemotingClosedException;
import io.apogee.remoting.RemotingException;
import io.apogee.remoting.RemotingSendException;
import io.apogee.remoting.RemotingTimeoutException;
import io.apogee.remoting.RemotingTooManyRequestsException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One open TCP connection, seen the same way from both ends: either side may send requests on it
 * and each side matches the responses to its own requests. A server reaches a client through the
 * {@code Connection} the client opened (from a {@code RequestContext} or a listener event).
 *
 * <pre>
 * CompletableFuture&lt;RemotingCommand&gt; f = connection.invokeAsync(request, 3000);  // response or failure
 * RemotingCommand r = connection.invokeSync(request, 3000);                     // blocks the caller
 * connection.invokeOneway(request, 3000);                                       // no answer expected
 * </pre>
 *
 * <p>Failures are typed: {@link RemotingTimeoutException}, {@link RemotingSendException},
 * {@link RemotingClosedException} (pending requests fail with it as soon as the connection closes),
 * {@link RemotingTooManyRequestsException}.
 *
 * <p>Thread safety: every method may be called from any thread. {@code invokeAsync} and
 * {@code invokeOneway} never block an I/O thread; {@code invokeSync} blocks its caller and must not
 * be called on an I/O thread. Futures returned by {@code invokeAsync} are completed on the I/O thread
 * (response, close) or the timer thread (timeout): stages chained onto them with the non-async
 * methods run there too and must not block; use the {@code ...Async(fn, executor)} variants to hop.
 */
public final class Connection {

    /** How long past its timeout a synchronous caller waits for the timer to fail its request. */
    private static final long SYNC_WAIT_SLACK_MILLIS = 100;

    private final Channel channel;
    private final Endpoint endpoint;
    private final InFlightRequests inFlight = new InFlightRequests();
    private volatile String remoteAddress;

    Connection(Channel channel, Endpoint endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    /** The Netty channel, for attributes and diagnostics; write through this class instead. */
    public Channel channel() {
        return channel;
    }

    /** The peer as {@code host:port} (no name lookup), or {@code "unconnected"} before connecting. */
    public String remoteAddress() {
        String address = remoteAddress;
        if (address == null) {
            SocketAddress socket = channel.remoteAddress();
            if (socket == null) {
                return "unconnected";
            }
            address = socket instanceof InetSocketAddress inet
                    ? inet.getHostString() + ":" + inet.getPort()
                    : socket.toString();
            remoteAddress = address;
        }
        return address;
    }

    /**
     * The peer's address without its port (no name lookup), or {@code "unconnected"}: what refusals of a
     * misbehaving peer are counted and logged under, as it reconnects from ever new ports.
     */
    public String remoteHost() {
        return channel.remoteAddress() instanceof InetSocketAddress inet ? inet.getHostString() : remoteAddress();
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Closes the connection; pending requests fail with {@link RemotingClosedException}. */
    public ChannelFuture close() {
        return channel.close();
    }

    /** Requests sent on this connection still waiting for their response. */
    public int pendingRequests() {
        return inFlight.size();
    }

    /**
     * Sends {@code request} and returns its response asynchronously. The future fails with a
     * {@link RemotingException} subclass; it never completes with a null response.
     */
    public CompletableFuture<RemotingCommand> invokeAsync(RemotingCommand request, long timeoutMillis) {
        Semaphore permits = endpoint.asyncPermits();
        if (!permits.tryAcquire()) {
            return CompletableFuture.failedFuture(new RemotingTooManyRequestsException(
                    "too many asynchronous requests in flight; request code " + request.code() + " not sent"));
        }
        PendingRequest pending = new PendingRequest(this, request, permits, timeoutMillis);
        try {
            endpoint.hooks().beforeRequest(remoteAddress(), request);
        } catch (RuntimeException e) {
            pending.fail(new RemotingSendException("hook rejected request code " + request.code(), e));
            return pending.future;
        }
        if (!inFlight.add(pending)) {
            return pending.future;
        }
        try {
            pending.timeout(endpoint.timer().newTimeout(pending, timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (IllegalStateException e) {
            inFlight.fail(pending, new RemotingClosedException("endpoint is shut down"));
            return pending.future;
        }
        channel.writeAndFlush(request).addListener(pending);
        return pending.future;
    }

    /**
     * Sends {@code request} and waits for its response, at most {@code timeoutMillis}.
     *
     * @throws IllegalStateException if called on this connection's I/O thread, which would wait for itself
     */
    public RemotingCommand invokeSync(RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        if (channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("invokeSync on the connection's own I/O thread would never return;"
                    + " use invokeAsync");
        }
        return await(invokeAsync(request, timeoutMillis), timeoutMillis, request);
    }

    /**
     * Sends {@code request} flagged oneway: the peer does not answer. Waits up to {@code timeoutMillis}
     * for one of the endpoint's oneway permits (not at all on an I/O thread); a permit returns when
     * the write completes, which bounds the memory held by unsent oneway requests.
     */
    public void invokeOneway(RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        request.markOneway();
        Semaphore permits = endpoint.onewayPermits();
        boolean acquired = channel.eventLoop().inEventLoop()
                ? permits.tryAcquire()
                : permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
        if (!acquired) {
            throw new RemotingTooManyRequestsException("too many oneway requests in flight; request code "
                    + request.code() + " not sent within " + timeoutMillis + " ms");
        }
        try {
            endpoint.hooks().beforeRequest(remoteAddress(), request);
        } catch (RuntimeException e) {
            permits.release();
            throw new RemotingSendException("hook rejected request code " + request.code(), e);
        }
        if (!channel.isActive()) {
            permits.release();
            throw new RemotingClosedException("connection to " + remoteAddress() + " is closed");
        }
        channel.writeAndFlush(request).addListener(write -> permits.release());
    }

    /**
     * Writes a response or any other command as it is: a {@link RemotingCommand} or a
     * {@code BufferBodyCommand}, whose body this call takes over.
     */
    public ChannelFuture send(Object command) {
        return channel.writeAndFlush(command);
    }

    /**
     * Waits for an {@link #invokeAsync} future, turning its failure into the typed exception.
     * Used by synchronous callers that already hold the future.
     */
    public static RemotingCommand await(CompletableFuture<RemotingCommand> future, long timeoutMillis,
                                        RemotingCommand request) throws RemotingException, InterruptedException {
        try {
            // The timer fails the request at its deadline; the slack only guards against a stalled timer.
            return future.get(timeoutMillis + SYNC_WAIT_SLACK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (TimeoutException e) {
            throw new RemotingTimeoutException("no response to request code " + request.code()
                    + " within " + timeoutMillis + " ms");
        }
    }

    /** The {@link RemotingException} behind a failed future's cause. */
    public static RemotingException unwrap(Throwable cause) {
        Throwable c = cause;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof RemotingException remoting) {
            return remoting;
        }
        return new RemotingSendException("request failed: " + c, c);
    }

    HookChain hooks() {
        return endpoint.hooks();
    }

    void countTimeout() {
        endpoint.counters().requestTimeout();
    }

    InFlightRequests inFlight() {
        return inFlight;
    }

    void onResponse(RemotingCommand response) {
        inFlight.complete(response);
    }

    void onClosed() {
        inFlight.close(new RemotingClosedException("connection to " + remoteAddress() + " closed"));
    }

    @Override
    public String toString() {
        return "Connection[" + remoteAddress() + (channel.isActive() ? "" : ", closed") + "]";
    }
}
