package io.apogee.broker.filter;

import java.util.Set;

/**
 * A node of a compiled SQL92 filter that has a truth value for a message.
 */
sealed interface SqlCondition {

    Truth evaluate(PropertyLookup properties);

    /** TRUE or FALSE written as a condition. */
    record Literal(Truth truth) implements SqlCondition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            return truth;
        }
    }

    record And(SqlCondition left, SqlCondition right) implements SqlCondition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Truth first = left.evaluate(properties);
            return first == Truth.FALSE ? Truth.FALSE : first.and(right.evaluate(properties));
        }
    }

    record Or(SqlCondition left, SqlCondition right) implements SqlCondition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Truth first = left.evaluate(properties);
            return first == Truth.TRUE ? Truth.TRUE : first.or(right.evaluate(properties));
        }
    }

    record Not(SqlCondition operand) implements SqlCondition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            return operand.evaluate(properties).not();
        }
    }

    /** {@code = <> < <= > >=}. Ordering compares numbers; equality compares numbers, booleans or strings. */
    record Comparison(String operator, SqlOperand left, SqlOperand right) implements SqlCondition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Object l = left.value(properties);
            Object r = right.value(properties);
            if (l == null || r == null) {
                return Truth.UNKNOWN;
            }
            return switch (operator) {
                case "=" -> equal(l, r);
                case "<>" -> equal(l, r).not();
                default -> order(l, r);
            };
        }

        private Truth equal(Object l, Object r) {
            if (l instanceof Boolean || r instanceof Boolean) {
                Boolean a = SqlOperand.asBoolean(l);
                Boolean b = SqlOperand.asBoolean(r);
                return a == null || b == null ? Truth.UNKNOWN : Truth.of(a.equals(b));
            }
            if (l instanceof Number || r instanceof Number) {
                Number a = SqlOperand.asNumber(l);
                Number b = SqlOperand.asNumber(r);
                return a == null || b == null ? Truth.UNKNOWN : Truth.of(SqlOperand.compare(a, b) == 0);
            }
            return Truth.of(l.equals(r));
        }

        private Truth order(Object l, Object r) {
            Number a = SqlOperand.asNumber(l);
            Number b = SqlOperand.asNumber(r);
            if (a == null || b == null) {
                return Truth.UNKNOWN;
            }
            int c = SqlOperand.compare(a, b);
            return Truth.of(switch (operator) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalStateException("not an ordering operator: " + operator);
            });
        }
    }

    /** {@code x [NOT] BETWEEN low AND high}, bounds included, on numbers. */
    record Between(SqlOperand operand, SqlOperand low, SqlOperand high, boolean negated) implements SqlCondition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Number value = SqlOperand.asNumber(operand.value(properties));
            Number from = SqlOperand.asNumber(low.value(properties));
            Number to = SqlOperand.asNumber(high.value(properties));
            if (value == null || from == null || to == null) {
                return Truth.UNKNOWN;
            }
            Truth inside = Truth.of(SqlOperand.compare(value, from) >= 0 && SqlOperand.compare(value, to) <= 0);
            return negated ? inside.not() : inside;
        }
    }

    /** {@code property [NOT] IN ('a', 'b')} on strings. */
    record In(SqlOperand.Property property, Set<String> values, boolean negated) implements SqlCondition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Object value = property.value(properties);
            if (value == null) {
                return Truth.UNKNOWN;
            }
            Truth member = Truth.of(values.contains(value));
            return negated ? member.not() : member;
        }
    }

    /** {@code property IS [NOT] NULL}: whether the message has the property. */
    record IsNull(SqlOperand.Property property, boolean negated) implements SqlCondition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            return Truth.of((property.value(properties) == null) != negated);
        }
    }

    /** {@code property [NOT] CONTAINS|STARTSWITH|ENDSWITH 'text'} on strings. */
    record TextMatch(String operator, SqlOperand.Property property, String text, boolean negated)
            implements SqlCondition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Object value = property.value(properties);
            if (!(value instanceof String string)) {
                return Truth.UNKNOWN;
            }
            boolean matches = switch (operator) {
                case "CONTAINS" -> string.contains(text);
                case "STARTSWITH" -> string.startsWith(text);
                case "ENDSWITH" -> string.endsWith(text);
                default -> throw new IllegalStateException("not a text operator: " + operator);
            };
            return Truth.of(matches != negated);
        }
    }
}
