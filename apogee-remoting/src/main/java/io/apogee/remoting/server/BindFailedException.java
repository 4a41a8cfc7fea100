package io.apogee.remoting.server;

/**
 * A server could not listen where it was told: the port is taken or the address is not this machine's. An
 * operator's mistake to report in one line, not a defect.
 */
public final class BindFailedException extends IllegalStateException {

    public BindFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
