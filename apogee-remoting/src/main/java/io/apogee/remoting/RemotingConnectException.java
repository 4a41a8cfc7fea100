package io.apogee.remoting;

/** No connection to the address could be made in time: nothing was sent. */
public final class RemotingConnectException extends RemotingException {

    public RemotingConnectException(String address, Throwable cause) {
        super("cannot connect to " + address + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}
