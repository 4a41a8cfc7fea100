package io.apogee.security;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.processor.RequestGuard;

/**
 * The guard a server installs when authentication is on: every request must be signed by an enabled user
 * ({@link Authenticator}) and, when authorization is on too, that user must hold what the request code needs
 * ({@link RequiredAccess}, {@link Authorizer}). With authentication off no guard is installed at all, so the
 * request path pays nothing.
 *
 * <p>Thread safety: stateless apart from the store; called concurrently from processor threads.
 */
public final class AccessGuard implements RequestGuard {

    private final Authenticator authenticator;
    private final Authorizer authorizer;

    /** @param authorize whether to check permissions after authentication ({@code authorizationEnabled}) */
    public AccessGuard(SecurityStore store, boolean authorize) {
        this.authenticator = new Authenticator(store);
        this.authorizer = authorize ? new Authorizer(store) : null;
    }

    @Override
    public void check(String remoteAddress, RemotingCommand request) {
        User user = authenticator.authenticate(request);
        if (authorizer != null && !user.isSuper()) {
            authorizer.authorize(user, RequiredAccess.needs(request), request.code(), remoteAddress);
        }
    }
}
