package io.apogee.client.remote;

import io.apogee.client.ClientException;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RemotingException;
import io.apogee.remoting.client.RemotingClient;
import io.apogee.remoting.connection.Connection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs one request over the transport and turns the transport's checked failures into
 * {@link ClientException}s that say which address and request failed.
 *
 * <p>Thread safety: stateless; any thread except an I/O thread for the blocking calls.
 */
final class RemoteCall {

    private RemoteCall() {
    }

    static RemotingCommand sync(RemotingClient client, String address, RemotingCommand request, long timeoutMillis) {
        if (address == null) {
            throw new ClientException("no address to send request code " + request.code() + " to");
        }
        try {
            return client.invokeSync(address, request, timeoutMillis);
        } catch (RemotingException e) {
            throw new ClientException("request code " + request.code() + " to " + address + " failed: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting for " + address, e);
        }
    }

    static CompletableFuture<RemotingCommand> async(RemotingClient client, String address, RemotingCommand request,
                                                    long timeoutMillis) {
        if (address == null) {
            return CompletableFuture.failedFuture(new ClientException("no address to send request code "
                    + request.code() + " to"));
        }
        return client.invokeAsync(address, request, timeoutMillis).handle((response, failure) -> {
            if (failure != null) {
                RemotingException cause = Connection.unwrap(failure instanceof CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure);
                throw new ClientException("request code " + request.code() + " to " + address + " failed: "
                        + cause.getMessage(), cause);
            }
            return response;
        });
    }

    static void oneway(RemotingClient client, String address, RemotingCommand request, long timeoutMillis) {
        if (address == null) {
            throw new ClientException("no address to send request code " + request.code() + " to");
        }
        try {
            client.invokeOneway(address, request.markOneway(), timeoutMillis);
        } catch (RemotingException e) {
            throw new ClientException("oneway request code " + request.code() + " to " + address + " failed: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while writing to " + address, e);
        }
    }

    /** Throws the server's error unless the response is SUCCESS. */
    static RemotingCommand expectSuccess(RemotingCommand response, String what) {
        if (response.code() != 0) {
            throw new ClientException(response.code(), what + " failed: code " + response.code() + ", "
                    + response.remark());
        }
        return response;
    }
}
