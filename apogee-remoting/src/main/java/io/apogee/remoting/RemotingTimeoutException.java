package io.apogee.remoting;

/** The request was sent but no response came within its timeout; the peer may still have run it. */
public final class RemotingTimeoutException extends RemotingException {

    public RemotingTimeoutException(String message) {
        super(message);
    }
}
