package io.apogee.security;

import io.apogee.remoting.RemotingPeer;
import io.apogee.remoting.processor.BoundedExecutor;
import io.apogee.remoting.server.RemotingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Wires security into one server: opens its {@link SecurityStore}, creates the first Super user from
 * {@code initAuthenticationUser} when missing, imports an ACL 1.0 file when asked, serves the user and ACL codes, and, when authentication or
 * authorization is on, checks every request with an {@link AccessGuard}; signs the server's own outgoing calls
 * with {@code innerClientAuthenticationCredentials} when given.
 *
 * <p>Thread safety: called once by the server's owning thread before it serves.
 */
public final class ServerSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSecurity.class);
    private static final int ADMIN_QUEUE_CAPACITY = 1_000;

    private ServerSecurity() {
    }

    /**
     * Installs security on {@code server}, keeping users and ACLs in {@code folder}; returns the store.
     *
     * @param clients the server's own clients to other servers, whose requests get signed
     */
    public static SecurityStore install(RemotingServer server, SecurityConfig config, Path folder,
                                        RemotingPeer<?>... clients) {
        SecurityStore store = SecurityStore.open(folder);
        User initial = config.initialUser();
        if (initial != null && store.createUser(initial)) {
            LOG.info("created the initial Super user '{}' from {}", initial.username(),
                    SecurityConfig.INIT_AUTHENTICATION_USER);
        }
        Path plainAcl = config.plainAclImport();
        if (plainAcl != null) {
            PlainAclImport.run(plainAcl, store);
        }
        SecurityAdminProcessor admin = new SecurityAdminProcessor(store);
        var executor = BoundedExecutor.create("security-admin", 1, ADMIN_QUEUE_CAPACITY);
        for (int code : SecurityAdminProcessor.CODES) {
            server.registerProcessor(code, admin, executor);
        }
        if (config.guarded()) {
            server.guard(new AccessGuard(store, config.authorizationEnabled()));
            if (store.users(null).stream().noneMatch(User::isSuper)) {
                LOG.warn("authentication is on but no Super user exists: set {} to create one",
                        SecurityConfig.INIT_AUTHENTICATION_USER);
            }
        }
        Credentials inner = config.innerClientCredentials();
        if (inner != null) {
            RequestSigner signer = new RequestSigner(inner);
            for (RemotingPeer<?> client : clients) {
                client.addHook(signer);
            }
        }
        return store;
    }
}
