package io.apogee.remoting;

/** Writing the request to the connection failed; the peer did not receive it whole. */
public final class RemotingSendException extends RemotingException {

    public RemotingSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
