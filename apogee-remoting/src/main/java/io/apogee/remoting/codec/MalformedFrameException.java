package io.apogee.remoting.codec;

/**
 * The peer sent bytes that are not a frame of the protocol, or a frame past a limit. The connection cannot be
 * resynchronised after that, so it is closed; the message is the one-line reason that goes into the log, and
 * the {@link Kind} says which counter it adds to.
 */
public final class MalformedFrameException extends RuntimeException {

    /** Why the frame was refused. */
    public enum Kind {
        /** Not a frame: bad length, serialize type or header, or past the partial-frame budget. */
        MALFORMED,
        /** A length field above the frame-size limit. */
        TOO_LARGE,
        /** A frame begun but not completed within its deadline. */
        INCOMPLETE
    }

    private final Kind kind;

    public MalformedFrameException(String reason) {
        this(Kind.MALFORMED, reason);
    }

    public MalformedFrameException(Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
