package io.apogee.broker.filter;

/**
 * A SQL92 filter expression that cannot be compiled: its message names the problem and the
 * position (0-based character index) where it was found, for the consumer to read.
 */
public final class SqlSyntaxException extends RuntimeException {

    private final int position;

    SqlSyntaxException(String problem, int position) {
        super(problem + " at position " + position);
        this.position = position;
    }

    /** The 0-based character index of the problem in the expression. */
    public int position() {
        return position;
    }
}
