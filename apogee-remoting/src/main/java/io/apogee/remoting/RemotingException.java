package io.apogee.remoting;

/**
 * Why a request could not be carried to its peer or answered by it. The subclasses say which step
 * failed, so a caller can decide whether a retry on another address makes sense: a connect failure
 * or a closed connection usually does, a timeout may have reached the peer and run there.
 *
 * <p>Checked on purpose: every remote call can fail this way and the caller must decide what to do.
 */
public abstract class RemotingException extends Exception {

    protected RemotingException(String message) {
        super(message);
    }

    protected RemotingException(String message, Throwable cause) {
        super(message, cause);
    }
}
