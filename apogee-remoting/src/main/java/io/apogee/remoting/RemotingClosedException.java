package io.apogee.remoting;

/**
 * The connection closed while the request waited for its response, or was closed before it could be
 * sent. Pending requests fail with this as soon as the close is seen, not at their timeout.
 */
public final class RemotingClosedException extends RemotingException {

    public RemotingClosedException(String message) {
        super(message);
    }
}
