package io.apogee.broker.filter;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random filters, rendered to text, must select exactly what a plain reference model of SQL's
 * three-valued logic selects; and no input makes the compiler fail other than with a syntax error.
 */
class SqlFilterPropertiesTest {

    private static final List<String> NAMES = List.of("a", "b", "c");

    /** A reference expression: renders itself as SQL and evaluates to TRUE, FALSE or null (UNKNOWN). */
    sealed interface Expr {
        int precedence();

        String render(boolean minimalParentheses);

        Boolean eval(Map<String, String> properties);
    }

    record Compare(String name, String operator, long constant) implements Expr {
        public int precedence() {
            return 4;
        }

        public String render(boolean minimal) {
            return name + " " + operator + " " + constant;
        }

        public Boolean eval(Map<String, String> properties) {
            Double value = number(properties.get(name));
            if (value == null) {
                return null;
            }
            int c = Double.compare(value, constant);
            return switch (operator) {
                case "=" -> c == 0;
                case "<>" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
    }

    record Between(String name, long low, long high, boolean negated) implements Expr {
        public int precedence() {
            return 4;
        }

        public String render(boolean minimal) {
            return name + (negated ? " NOT" : "") + " BETWEEN " + low + " AND " + high;
        }

        public Boolean eval(Map<String, String> properties) {
            Double value = number(properties.get(name));
            return value == null ? null : (value >= low && value <= high) != negated;
        }
    }

    record In(String name, Set<String> values, boolean negated) implements Expr {
        public int precedence() {
            return 4;
        }

        public String render(boolean minimal) {
            return name + (negated ? " NOT" : "") + " IN (" + values.stream().map(v -> "'" + v.replace("'", "''") + "'")
                    .sorted().collect(Collectors.joining(", ")) + ")";
        }

        public Boolean eval(Map<String, String> properties) {
            String value = properties.get(name);
            return value == null ? null : values.contains(value) != negated;
        }
    }

    record IsNull(String name, boolean negated) implements Expr {
        public int precedence() {
            return 4;
        }

        public String render(boolean minimal) {
            return name + (negated ? " IS NOT NULL" : " IS NULL");
        }

        public Boolean eval(Map<String, String> properties) {
            return (properties.get(name) == null) != negated;
        }
    }

    record Not(Expr operand) implements Expr {
        public int precedence() {
            return 3;
        }

        public String render(boolean minimal) {
            return "NOT " + wrap(operand, 3, minimal);
        }

        public Boolean eval(Map<String, String> properties) {
            Boolean value = operand.eval(properties);
            return value == null ? null : !value;
        }
    }

    record And(Expr left, Expr right) implements Expr {
        public int precedence() {
            return 2;
        }

        public String render(boolean minimal) {
            return wrap(left, 2, minimal) + " AND " + wrap(right, 3, minimal);
        }

        public Boolean eval(Map<String, String> properties) {
            Boolean l = left.eval(properties);
            Boolean r = right.eval(properties);
            if (Boolean.FALSE.equals(l) || Boolean.FALSE.equals(r)) {
                return false;
            }
            return l == null || r == null ? null : true;
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        public int precedence() {
            return 1;
        }

        public String render(boolean minimal) {
            return wrap(left, 1, minimal) + " OR " + wrap(right, 2, minimal);
        }

        public Boolean eval(Map<String, String> properties) {
            Boolean l = left.eval(properties);
            Boolean r = right.eval(properties);
            if (Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r)) {
                return true;
            }
            return l == null || r == null ? null : false;
        }
    }

    private static String wrap(Expr child, int needed, boolean minimal) {
        String text = child.render(minimal);
        return !minimal || child.precedence() < needed ? "(" + text + ")" : text;
    }

    private static Double number(String text) {
        try {
            return text == null ? null : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Provide
    Arbitrary<Expr> expressions() {
        return expression(3);
    }

    private Arbitrary<Expr> expression(int depth) {
        Arbitrary<Expr> atom = atom();
        if (depth == 0) {
            return atom;
        }
        Arbitrary<Expr> inner = expression(depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, atom),
                net.jqwik.api.Tuple.of(2, Combinators.combine(inner, inner).as(And::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(inner, inner).as(Or::new)),
                net.jqwik.api.Tuple.of(1, inner.map(Not::new)));
    }

    private Arbitrary<Expr> atom() {
        Arbitrary<String> name = Arbitraries.of(NAMES);
        Arbitrary<Long> constant = Arbitraries.longs().between(-5, 5);
        Arbitrary<Expr> compare = Combinators.combine(name, Arbitraries.of("=", "<>", "<", "<=", ">", ">="), constant)
                .as(Compare::new);
        Arbitrary<Expr> between = Combinators.combine(name, constant, constant, Arbitraries.of(true, false))
                .as((n, x, y, neg) -> new Between(n, Math.min(x, y), Math.max(x, y), neg));
        Arbitrary<Expr> in = Combinators.combine(name, Arbitraries.of("-1", "0", "3", "x", "it's").set().ofMinSize(1),
                Arbitraries.of(true, false)).as(In::new);
        Arbitrary<Expr> isNull = Combinators.combine(name, Arbitraries.of(true, false)).as(IsNull::new);
        return Arbitraries.oneOf(compare, between, in, isNull);
    }

    @Provide
    Arbitrary<Map<String, String>> messages() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.longs().between(-6, 6).map(String::valueOf),
                Arbitraries.of("x", "it's", "3.0"), Arbitraries.just(null));
        return Combinators.combine(value, value, value).as((a, b, c) -> {
            Map<String, String> properties = new HashMap<>();
            properties.put("a", a);
            properties.put("b", b);
            properties.put("c", c);
            properties.values().removeIf(java.util.Objects::isNull);
            return properties;
        });
    }

    @Property(tries = 2_000)
    void aFilterSelectsExactlyWhatThreeValuedLogicSays(@ForAll("expressions") Expr expr,
                                                       @ForAll("messages") Map<String, String> message) {
        boolean expected = Boolean.TRUE.equals(expr.eval(message));
        assertThat(SqlFilter.compile(expr.render(true)).matches(message::get))
                .as("%s over %s", expr.render(true), message).isEqualTo(expected);
        assertThat(SqlFilter.compile(expr.render(false)).matches(message::get))
                .as("%s over %s", expr.render(false), message).isEqualTo(expected);
    }

    @Property(tries = 500)
    void numbersCompareByValueWhateverTheirSpelling(@ForAll long value, @ForAll @IntRange(min = 0, max = 5) int op,
                                                    @ForAll long constant) {
        String operator = List.of("=", "<>", "<", "<=", ">", ">=").get(op);
        boolean expected = switch (operator) {
            case "=" -> value == constant;
            case "<>" -> value != constant;
            case "<" -> value < constant;
            case "<=" -> value <= constant;
            case ">" -> value > constant;
            default -> value >= constant;
        };
        SqlFilter filter = SqlFilter.compile("p " + operator + " " + constant);
        assertThat(filter.matches(Map.of("p", Long.toString(value))::get)).isEqualTo(expected);
    }

    @Property(tries = 500)
    void anyStringConstantRoundTripsThroughQuoting(@ForAll String text) {
        SqlFilter filter = SqlFilter.compile("p = '" + text.replace("'", "''") + "'");
        assertThat(filter.matches(Map.of("p", text)::get)).isTrue();
        assertThat(filter.matches(Map.of("p", text + "!")::get)).isFalse();
    }

    @Property(tries = 2_000)
    void arbitraryTextEitherCompilesOrIsASyntaxError(@ForAll("sqlish") String text) {
        try {
            SqlFilter.compile(text).matches(Map.of("a", "1")::get);
        } catch (SqlSyntaxException e) {
            assertThat(e.position()).isBetween(0, text.length());
        }
    }

    @Provide
    Arbitrary<String> sqlish() {
        Arbitrary<String> pieces = Arbitraries.of("a", "b", " ", "AND", "OR", "NOT", "(", ")", "=", "<>", "<", ">=",
                "BETWEEN", "IN", "IS", "NULL", "TRUE", "'x'", "'", "1", "-", "2.5", "1e3", ",", "#", "e", ".");
        return pieces.list().ofMaxSize(12).map(list -> String.join(" ", list));
    }
}
