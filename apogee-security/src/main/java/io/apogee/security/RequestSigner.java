package io.apogee.security;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RpcHook;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;

/**
 * Signs every request a server sends to other servers (a broker's registrations with name servers) with its
 * {@code innerClientAuthenticationCredentials}, as the official client's ACL hook signs a client's.
 *
 * <p>Thread safety: immutable; called from any caller thread.
 */
public final class RequestSigner implements RpcHook {

    private final String accessKey;
    private final SecretKeySpec secret;

    public RequestSigner(Credentials credentials) {
        this.accessKey = credentials.accessKey();
        this.secret = new SecretKeySpec(credentials.secretKey().getBytes(StandardCharsets.UTF_8), SecurityStore.HMAC);
    }

    @Override
    public void beforeRequest(String remoteAddress, RemotingCommand request) {
        if (!request.isResponse()) {
            Signatures.sign(request, accessKey, secret);
        }
    }
}
