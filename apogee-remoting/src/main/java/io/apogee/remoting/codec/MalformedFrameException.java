package io.apogee.remoting.codec;

/**
 * The peer sent bytes that are not a frame of the protocol. The connection cannot be resynchronised
 * after that, so it is closed; the message is the one-line reason that goes into the log.
 */
public final class MalformedFrameException extends RuntimeException {

    public MalformedFrameException(String reason) {
        super(reason, null, false, false);
    }
}
