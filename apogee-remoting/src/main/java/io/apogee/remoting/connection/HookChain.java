package io.apogee.remoting.connection;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RpcHook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link RpcHook}s of one endpoint, called in registration order. With no hooks, each call is a
 * read of an empty array, so the hot path pays nothing for the seam.
 *
 * <p>Thread safety: hooks may be added at any time from any thread; calls are lock-free.
 */
public final class HookChain {

    private final List<RpcHook> hooks = new CopyOnWriteArrayList<>();

    public void add(RpcHook hook) {
        hooks.add(hook);
    }

    /** Runs every hook's {@code beforeRequest}; an exception from a hook propagates to the caller. */
    public void beforeRequest(String remoteAddress, RemotingCommand request) {
        for (RpcHook hook : hooks) {
            hook.beforeRequest(remoteAddress, request);
        }
    }

    /** Runs every hook's {@code afterResponse}; an exception from a hook propagates to the caller. */
    public void afterResponse(String remoteAddress, RemotingCommand request, RemotingCommand response) {
        for (RpcHook hook : hooks) {
            hook.afterResponse(remoteAddress, request, response);
        }
    }
}
