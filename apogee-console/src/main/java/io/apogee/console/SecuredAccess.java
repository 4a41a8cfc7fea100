package io.apogee.console;

import io.apogee.remoting.RpcHook;
import io.apogee.security.Credentials;
import io.apogee.security.RequestSigner;
import io.apogee.security.SecurityStore;
import io.apogee.security.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The console of a server with authentication on: a login is one of the server's enabled users with its
 * password, and every request the console then sends to the cluster is signed as that user, so the brokers'
 * own authorization decides what the user may do; a refusal there (NO_PERMISSION) reaches the page as a 403
 * with the broker's reason. The console itself refuses nothing further.
 *
 * <p>Thread safety: stateless apart from the store, which is thread-safe; called from the console's threads.
 */
public final class SecuredAccess implements ConsoleAccess {

    private final SecurityStore store;

    public SecuredAccess(SecurityStore store) {
        this.store = store;
    }

    @Override
    public boolean authenticationEnabled() {
        return true;
    }

    @Override
    public boolean authenticate(String user, String password) {
        User known = store.user(user);
        return known != null && known.enabled() && MessageDigest.isEqual(
                known.password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String refusal(String user, Action action) {
        return null;
    }

    @Override
    public RpcHook signerFor(String user, String password) {
        return new RequestSigner(new Credentials(user, password));
    }
}
