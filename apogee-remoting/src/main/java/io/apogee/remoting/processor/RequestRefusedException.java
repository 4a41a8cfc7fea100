package io.apogee.remoting.processor;

/**
 * Thrown by a {@link RequestGuard} to refuse a request: the peer gets {@link #responseCode()} with the message
 * as remark. No stack trace is taken, since a refusal is an answer, not a failure of the server.
 */
public final class RequestRefusedException extends RuntimeException {

    private final int responseCode;

    public RequestRefusedException(int responseCode, String remark) {
        super(remark, null, false, false);
        this.responseCode = responseCode;
    }

    public int responseCode() {
        return responseCode;
    }
}
