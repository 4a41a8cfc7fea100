package io.apogee.remoting;

/**
 * Too many requests of this kind (oneway or asynchronous) are already in flight from this endpoint:
 * the request was not sent. This bounds the memory a fast sender can pin in unsent requests.
 */
public final class RemotingTooManyRequestsException extends RemotingException {

    public RemotingTooManyRequestsException(String message) {
        super(message);
    }
}
