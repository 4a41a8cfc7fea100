package io.apogee.security;

import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.processor.RequestRefusedException;


/**
 * Checks that a request is signed by an enabled user: its {@code AccessKey} names the user, its
 * {@code Signature} is the one {@link Signatures} computes under the user's password, compared in constant
 * time. Each failure has its own remark, answered with NO_PERMISSION as RocketMQ 5.3.3 answers it.
 *
 * <p>Thread safety: stateless apart from the store; called concurrently from processor threads.
 */
public final class Authenticator {

    private final SecurityStore store;

    public Authenticator(SecurityStore store) {
        this.store = store;
    }

    /** The user who signed {@code request}; throws {@link RequestRefusedException} when it is not properly signed. */
    public User authenticate(RemotingCommand request) {
        String accessKey = request.extField(Signatures.ACCESS_KEY);
        if (accessKey == null || accessKey.isEmpty()) {
            throw refuse("authentication required: the request carries no AccessKey; sign requests with the "
                    + "ACL client hook and a user's credentials");
        }
        SecurityStore.Account account = store.account(accessKey);
        if (account == null) {
            throw refuse("authentication failed: no user '" + accessKey + "' exists");
        }
        if (!account.user().enabled()) {
            throw refuse("authentication failed: user '" + accessKey + "' is disabled");
        }
        String signature = request.extField(Signatures.SIGNATURE);
        if (signature == null || signature.isEmpty()) {
            throw refuse("authentication failed: the request of user '" + accessKey + "' carries no Signature");
        }
        if (!Signatures.matches(account.key(), request, signature)) {
            throw refuse("authentication failed: the signature of user '" + accessKey + "' does not match; check the "
                    + "secret key, and that nothing changed the request after it was signed");
        }
        return account.user();
    }

    static RequestRefusedException refuse(String remark) {
        return new RequestRefusedException(ResponseCode.NO_PERMISSION, remark);
    }
}
