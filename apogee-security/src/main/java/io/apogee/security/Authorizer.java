package io.apogee.security;

import io.apogee.remoting.processor.RequestRefusedException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides whether a user may do what a request needs: a Super user may do everything; for anyone else every
 * {@link Need} must be granted by an Allow entry of the user's policies that covers the resource, one of the
 * actions and the caller's address, with no Deny entry covering the same; Custom policies are consulted before
 * Default ones, and the first type that speaks of the need decides.
 *
 * <p>Thread safety: stateless apart from the store; called concurrently from processor threads.
 */
public final class Authorizer {

    private final SecurityStore store;

    public Authorizer(SecurityStore store) {
        this.store = store;
    }

    /** Returns when {@code user} may have every one of {@code needs}; else throws {@link RequestRefusedException}. */
    public void authorize(User user, List<Need> needs, int code, String remoteAddress) {
        if (user.isSuper()) {
            return;
        }
        if (needs == null) {
            throw Authenticator.refuse("user '" + user.username() + "' may not send request code " + code
                    + ": only Super users may");
        }
        if (needs.isEmpty()) {
            return;
        }
        Acl acl = store.acl("User:" + user.username());
        Caller caller = new Caller(remoteAddress);
        for (Need need : needs) {
            Decision decision = acl == null ? null : decide(acl, need, caller);
            if (decision != Decision.ALLOW) {
                throw Authenticator.refuse("user '" + user.username() + "' has no permission for " + need + " from "
                        + host(remoteAddress) + (decision == Decision.DENY ? ": a Deny policy matches"
                        : ": no policy allows it"));
            }
        }
    }

    private static Decision decide(Acl acl, Need need, Caller caller) {
        for (String type : new String[] {Acl.CUSTOM, Acl.DEFAULT}) {
            List<PolicyEntry> entries = acl.policies().get(type);
            if (entries == null) {
                continue;
            }
            Decision decision = null;
            for (PolicyEntry entry : entries) {
                for (Action action : need.actions()) {
                    if (entry.covers(need.resource(), action, caller)) {
                        if (entry.decision() == Decision.DENY) {
                            return Decision.DENY;
                        }
                        decision = Decision.ALLOW;
                    }
                }
            }
            if (decision != null) {
                return decision;
            }
        }
        return null;
    }

    private static String host(String remoteAddress) {
        int colon = remoteAddress.lastIndexOf(':');
        return colon < 0 ? remoteAddress : remoteAddress.substring(0, colon);
    }

    /**
     * The caller of one request: its address is parsed only when an entry limited to source addresses asks,
     * so policies without such limits cost no parsing.
     */
    static final class Caller {

        private static final Pattern IPV4 = Pattern.compile("[0-9.]+");
        private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.%]*:[0-9a-fA-F:.%]*");

        private final String remoteAddress;
        private byte[] address;

        Caller(String remoteAddress) {
            this.remoteAddress = remoteAddress;
        }

        /** The address bytes from {@code host:port}; an unparsable one matches only unrestricted entries. */
        byte[] address() {
            if (address == null) {
                address = parse(host(remoteAddress));
            }
            return address;
        }

        private static byte[] parse(String host) {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            // Literals only: a name here would mean a DNS lookup on a request thread.
            if (!IPV4.matcher(h).matches() && !IPV6.matcher(h).matches()) {
                return new byte[0];
            }
            try {
                return InetAddress.getByName(h).getAddress();
            } catch (UnknownHostException e) {
                return new byte[0];
            }
        }
    }
}
