package io.apogee.remoting.connection;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RemotingException;
import io.apogee.remoting.RemotingSendException;
import io.apogee.remoting.RemotingTimeoutException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * One request sent on a connection that waits for its response. It is its own timeout task and its
 * own write listener, so a request costs one object besides its future.
 *
 * <p>Thread safety: finished exactly once, by whoever removes it from its {@link InFlightRequests}
 * first: the I/O thread (response, close, failed write) or the timer thread (timeout).
 */
final class PendingRequest implements TimerTask, ChannelFutureListener {

    final RemotingCommand request;
    final CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
    private final Connection connection;
    private final Semaphore permits;
    private final long timeoutMillis;
    private volatile Timeout timeout;

    PendingRequest(Connection connection, RemotingCommand request, Semaphore permits, long timeoutMillis) {
        this.connection = connection;
        this.request = request;
        this.permits = permits;
        this.timeoutMillis = timeoutMillis;
    }

    int opaque() {
        return request.opaque();
    }

    void timeout(Timeout timeout) {
        this.timeout = timeout;
    }

    /** Called once, after removal from the in-flight table. */
    void succeed(RemotingCommand response) {
        release();
        try {
            connection.hooks().afterResponse(connection.remoteAddress(), request, response);
        } catch (RuntimeException e) {
            future.completeExceptionally(new RemotingSendException("hook failed on the response", e));
            return;
        }
        future.complete(response);
    }

    /** Called once, after removal from the in-flight table. */
    void fail(RemotingException cause) {
        release();
        future.completeExceptionally(cause);
    }

    private void release() {
        Timeout t = timeout;
        if (t != null) {
            t.cancel();
        }
        permits.release();
    }

    @Override
    public void run(Timeout t) {
        connection.countTimeout();
        connection.inFlight().fail(this, new RemotingTimeoutException("no response to request code "
                + request.code() + " (opaque " + request.opaque() + ") from " + connection.remoteAddress()
                + " within " + timeoutMillis + " ms"));
    }

    @Override
    public void operationComplete(ChannelFuture write) {
        if (!write.isSuccess()) {
            connection.inFlight().fail(this, new RemotingSendException("cannot send request code "
                    + request.code() + " to " + connection.remoteAddress() + ": " + write.cause(), write.cause()));
        }
    }
}
