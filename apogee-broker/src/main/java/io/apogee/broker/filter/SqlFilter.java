package io.apogee.broker.filter;

/**
 * A compiled SQL92 property filter, as consumers subscribe with {@code MessageSelector.bySql}: it
 * selects a message when its expression is TRUE over the message's properties (TAGS included);
 * a missing property makes the comparisons on it UNKNOWN, so they select nothing.
 *
 * <p>Property values are strings; where the expression needs a number (ordering, BETWEEN, equality
 * with a numeric constant) the value is read as a long or a double, and a value that is not a
 * number compares as UNKNOWN.
 *
 * <p>Thread safety: immutable; {@link #matches} may be called from any thread.
 */
public final class SqlFilter {

    private final String expression;
    private final SqlCondition condition;

    private SqlFilter(String expression, SqlCondition condition) {
        this.expression = expression;
        this.condition = condition;
    }

    /**
     * Compiles an expression.
     *
     * @throws SqlSyntaxException naming the problem and its position when the expression is not valid
     */
    public static SqlFilter compile(String expression) {
        return new SqlFilter(expression, SqlParser.parse(expression));
    }

    /** Whether a message with these properties is selected. */
    public boolean matches(PropertyLookup properties) {
        return condition.evaluate(properties) == Truth.TRUE;
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return "SqlFilter[" + expression + "]";
    }
}
