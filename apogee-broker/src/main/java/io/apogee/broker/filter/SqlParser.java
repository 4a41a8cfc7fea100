package io.apogee.broker.filter;

import io.apogee.broker.filter.SqlToken.Kind;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser for SQL92 filter expressions, the grammar RocketMQ documents for
 * {@code MessageSelector.bySql}:
 *
 * <pre>
 * filter     := or END
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | primary
 * primary    := '(' or ')' | operand tail | TRUE | FALSE
 * tail       := ('=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') operand
 *             | [NOT] BETWEEN operand AND operand
 *             | [NOT] IN '(' string (',' string)* ')'
 *             | IS [NOT] NULL
 *             | [NOT] (CONTAINS | STARTSWITH | ENDSWITH) string
 * operand    := property | string | ['+' | '-'] number | TRUE | FALSE | NULL
 * </pre>
 *
 * Types are checked where the expression makes them certain: ordering and BETWEEN take numbers,
 * IN and the text operators take string constants on a property, constants of different types
 * are never equal, NULL is tested with IS NULL, and constant BETWEEN bounds must be in order.
 *
 * <p>Thread safety: one parser per expression, on one thread.
 */
final class SqlParser {

    private final List<SqlToken> tokens;
    private int next;

    private SqlParser(List<SqlToken> tokens) {
        this.tokens = tokens;
    }

    static SqlCondition parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new SqlSyntaxException("the expression is empty", 0);
        }
        SqlParser parser = new SqlParser(SqlLexer.tokenize(expression));
        SqlCondition condition = parser.or();
        SqlToken end = parser.peek();
        if (end.kind() != Kind.END) {
            throw new SqlSyntaxException("expected AND, OR or the end of the expression but found " + end.describe(),
                    end.position());
        }
        return condition;
    }

    private SqlToken peek() {
        return tokens.get(next);
    }

    private SqlToken take() {
        return tokens.get(next++);
    }

    private boolean takeKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private SqlToken expect(Kind kind, String what) {
        SqlToken token = take();
        if (token.kind() != kind) {
            throw new SqlSyntaxException("expected " + what + " but found " + token.describe(), token.position());
        }
        return token;
    }

    private SqlCondition or() {
        SqlCondition left = and();
        while (takeKeyword("OR")) {
            left = new SqlCondition.Or(left, and());
        }
        return left;
    }

    private SqlCondition and() {
        SqlCondition left = not();
        while (takeKeyword("AND")) {
            left = new SqlCondition.And(left, not());
        }
        return left;
    }

    private SqlCondition not() {
        if (takeKeyword("NOT")) {
            return new SqlCondition.Not(not());
        }
        return primary();
    }

    private SqlCondition primary() {
        SqlToken start = peek();
        if (start.kind() == Kind.LEFT_PAREN) {
            next++;
            SqlCondition inner = or();
            expect(Kind.RIGHT_PAREN, "')'");
            return inner;
        }
        SqlOperand operand = operand();
        SqlCondition tail = tail(operand, start);
        if (tail != null) {
            return tail;
        }
        if (operand instanceof SqlOperand.Constant constant && constant.constant() instanceof Boolean b) {
            return new SqlCondition.Literal(Truth.of(b));
        }
        SqlToken found = peek();
        throw new SqlSyntaxException(describe(operand) + " is not a condition: expected a comparison, BETWEEN, IN or "
                + "IS NULL after it but found " + found.describe(), found.position());
    }

    /** The condition that follows {@code left}, or null when none does. */
    private SqlCondition tail(SqlOperand left, SqlToken start) {
        SqlToken token = peek();
        if (token.kind() == Kind.OPERATOR && !token.text().equals("+") && !token.text().equals("-")) {
            next++;
            SqlToken rightStart = peek();
            SqlOperand right = operand();
            return comparison(token.text(), left, right, start, rightStart);
        }
        if (token.isKeyword("IS")) {
            next++;
            boolean negated = takeKeyword("NOT");
            SqlToken nullToken = take();
            if (!nullToken.isKeyword("NULL")) {
                throw new SqlSyntaxException("expected NULL after IS" + (negated ? " NOT" : "") + " but found "
                        + nullToken.describe(), nullToken.position());
            }
            return new SqlCondition.IsNull(property(left, "IS NULL", start), negated);
        }
        boolean negated = false;
        if (token.isKeyword("NOT") && isNegatable(tokens.get(next + 1))) {
            next++;
            negated = true;
            token = peek();
        }
        if (token.isKeyword("BETWEEN")) {
            next++;
            return between(left, negated, start);
        }
        if (token.isKeyword("IN")) {
            next++;
            return in(left, negated, start);
        }
        if (token.isKeyword("CONTAINS") || token.isKeyword("STARTSWITH") || token.isKeyword("ENDSWITH")) {
            next++;
            SqlToken text = expect(Kind.STRING, "a string constant after " + token.text());
            return new SqlCondition.TextMatch(token.text(), property(left, token.text(), start), text.text(), negated);
        }
        return null;
    }

    private static boolean isNegatable(SqlToken token) {
        return token.isKeyword("BETWEEN") || token.isKeyword("IN") || token.isKeyword("CONTAINS")
                || token.isKeyword("STARTSWITH") || token.isKeyword("ENDSWITH");
    }

    private SqlCondition comparison(String operator, SqlOperand left, SqlOperand right, SqlToken leftStart,
                                    SqlToken rightStart) {
        boolean ordering = !operator.equals("=") && !operator.equals("<>");
        for (SqlOperand side : new SqlOperand[]{left, right}) {
            SqlToken at = side == left ? leftStart : rightStart;
            if (side instanceof SqlOperand.Constant constant) {
                if (constant.constant() == null) {
                    throw new SqlSyntaxException("NULL cannot be compared with " + operator + "; use IS NULL or "
                            + "IS NOT NULL", at.position());
                }
                if (ordering && !(constant.constant() instanceof Number)) {
                    throw new SqlSyntaxException(describe(side) + " is not a number, so it cannot be compared with "
                            + operator, at.position());
                }
            }
        }
        if (left instanceof SqlOperand.Constant l && right instanceof SqlOperand.Constant r
                && typeOf(l.constant()) != typeOf(r.constant())) {
            throw new SqlSyntaxException(describe(left) + " and " + describe(right) + " are of different types and "
                    + "cannot be compared", leftStart.position());
        }
        return new SqlCondition.Comparison(operator, left, right);
    }

    private SqlCondition between(SqlOperand operand, boolean negated, SqlToken start) {
        requireNotText(operand, "BETWEEN", start);
        SqlToken lowStart = peek();
        SqlOperand low = operand();
        requireNotText(low, "BETWEEN", lowStart);
        SqlToken and = take();
        if (!and.isKeyword("AND")) {
            throw new SqlSyntaxException("expected AND between the bounds of BETWEEN but found " + and.describe(),
                    and.position());
        }
        SqlToken highStart = peek();
        SqlOperand high = operand();
        requireNotText(high, "BETWEEN", highStart);
        if (low instanceof SqlOperand.Constant l && high instanceof SqlOperand.Constant h
                && SqlOperand.compare((Number) l.constant(), (Number) h.constant()) > 0) {
            throw new SqlSyntaxException("the lower bound of BETWEEN, " + describe(low)
                    + ", is greater than its upper bound, " + describe(high), lowStart.position());
        }
        return new SqlCondition.Between(operand, low, high, negated);
    }

    private SqlCondition in(SqlOperand operand, boolean negated, SqlToken start) {
        SqlOperand.Property property = property(operand, "IN", start);
        expect(Kind.LEFT_PAREN, "'(' after IN");
        Set<String> values = new LinkedHashSet<>();
        values.add(expect(Kind.STRING, "a string constant in the IN list").text());
        while (peek().kind() == Kind.COMMA) {
            next++;
            values.add(expect(Kind.STRING, "a string constant in the IN list").text());
        }
        expect(Kind.RIGHT_PAREN, "',' or ')' in the IN list");
        return new SqlCondition.In(property, Set.copyOf(values), negated);
    }

    private static void requireNotText(SqlOperand operand, String operator, SqlToken at) {
        if (operand instanceof SqlOperand.Constant constant && !(constant.constant() instanceof Number)) {
            throw new SqlSyntaxException(describe(operand) + " is not a number, so it cannot be used with " + operator,
                    at.position());
        }
    }

    private static SqlOperand.Property property(SqlOperand operand, String operator, SqlToken at) {
        if (operand instanceof SqlOperand.Property property) {
            return property;
        }
        throw new SqlSyntaxException(operator + " applies to a property, not to " + describe(operand), at.position());
    }

    private SqlOperand operand() {
        SqlToken token = take();
        switch (token.kind()) {
            case IDENTIFIER -> {
                return new SqlOperand.Property(token.text());
            }
            case STRING -> {
                return new SqlOperand.Constant(token.text());
            }
            case NUMBER -> {
                return new SqlOperand.Constant(number(token, ""));
            }
            case OPERATOR -> {
                if (token.text().equals("+") || token.text().equals("-")) {
                    SqlToken number = expect(Kind.NUMBER, "a number after '" + token.text() + "'");
                    return new SqlOperand.Constant(number(number, token.text().equals("-") ? "-" : ""));
                }
            }
            case KEYWORD -> {
                switch (token.text()) {
                    case "TRUE" -> {
                        return new SqlOperand.Constant(Boolean.TRUE);
                    }
                    case "FALSE" -> {
                        return new SqlOperand.Constant(Boolean.FALSE);
                    }
                    case "NULL" -> {
                        return new SqlOperand.Constant(null);
                    }
                    default -> {
                    }
                }
            }
            default -> {
            }
        }
        throw new SqlSyntaxException("expected a property, a constant, NOT or '(' but found " + token.describe(),
                token.position());
    }

    private static Number number(SqlToken token, String sign) {
        Number value = SqlOperand.parseNumber(sign + token.text());
        if (value instanceof Double d && d.isInfinite()) {
            throw new SqlSyntaxException("number " + sign + token.text() + " is out of range", token.position());
        }
        if (value == null) {
            throw new SqlSyntaxException("malformed number '" + token.text() + "'", token.position());
        }
        boolean integral = token.text().chars().allMatch(c -> Character.isDigit(c) || c == 'L' || c == 'l');
        if (integral && value instanceof Double) {
            throw new SqlSyntaxException("integer " + sign + token.text() + " is out of the long range", token.position());
        }
        return value;
    }

    private static int typeOf(Object constant) {
        return constant instanceof Number ? 0 : constant instanceof String ? 1 : 2;
    }

    private static String describe(SqlOperand operand) {
        if (operand instanceof SqlOperand.Property property) {
            return "property '" + property.name() + "'";
        }
        Object constant = ((SqlOperand.Constant) operand).constant();
        if (constant == null) {
            return "NULL";
        }
        return constant instanceof String text ? "'" + text + "'" : constant.toString().toUpperCase();
    }
}
