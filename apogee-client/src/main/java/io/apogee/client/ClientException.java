package io.apogee.client;

/**
 * Why a client call failed: a bad argument or state, a broker or name server that answered with an
 * error code, or a request that could not be carried. Unchecked, so application code handles it
 * only where it can do something about it.
 *
 * <p>{@link #responseCode()} is the wire response code when a server answered, else
 * {@link #NO_RESPONSE_CODE}. Thread safety: immutable.
 */
public class ClientException extends RuntimeException {

    /** The failure did not come from a server's answer. */
    public static final int NO_RESPONSE_CODE = -1;

    private final int responseCode;

    public ClientException(String message) {
        this(NO_RESPONSE_CODE, message, null);
    }

    public ClientException(String message, Throwable cause) {
        this(NO_RESPONSE_CODE, message, cause);
    }

    public ClientException(int responseCode, String message) {
        this(responseCode, message, null);
    }

    public ClientException(int responseCode, String message, Throwable cause) {
        super(message, cause);
        this.responseCode = responseCode;
    }

    /** The server's response code, or {@link #NO_RESPONSE_CODE}. */
    public int responseCode() {
        return responseCode;
    }
}
