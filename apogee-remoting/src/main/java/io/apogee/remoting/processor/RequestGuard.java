package io.apogee.remoting.processor;

import io.apogee.protocol.command.RemotingCommand;

/**
 * Decides, before its processor runs, whether a request this endpoint serves may be served at all: the seam
 * for authentication and authorization. Unlike an {@code RpcHook} it sees only served requests, never the ones
 * this endpoint sends, and it refuses with the response code of its choice.
 *
 * <p>Thread safety: called concurrently from processor threads; implementations must be thread-safe and must
 * not block.
 */
public interface RequestGuard {

    /**
     * Returns normally to let {@code request} through.
     *
     * @param remoteAddress the peer, as {@code host:port}
     * @throws RequestRefusedException to answer the peer with its code and remark instead of serving it
     */
    void check(String remoteAddress, RemotingCommand request);
}
