package io.apogee.protocol;

/**
 * Bytes or fields that do not follow the wire protocol: a bad frame, an unparsable header, a
 * missing or malformed header field. The message names what was wrong so that it can go to the
 * peer as a remark and into a log line as it is.
 */
public class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
