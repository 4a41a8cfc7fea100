package io.apogee.broker.filter;

/**
 * A value in a SQL92 filter: a message property or a constant (Long, Double, String, Boolean, or
 * null for NULL).
 */
sealed interface SqlOperand {

    /** The operand's value for one message: a property's string (or null), or the constant. */
    Object value(PropertyLookup properties);

    record Property(String name) implements SqlOperand {
        @Override
        public Object value(PropertyLookup properties) {
            return properties.get(name);
        }
    }

    record Constant(Object constant) implements SqlOperand {
        @Override
        public Object value(PropertyLookup properties) {
            return constant;
        }
    }

    /** A number from a constant or from a property's text, or null when it is neither. */
    static Number asNumber(Object value) {
        if (value instanceof Long || value instanceof Double) {
            return (Number) value;
        }
        return value instanceof String text ? parseNumber(text.trim()) : null;
    }

    /** Parses decimal text (sign, digits, fraction, exponent) as a Long, else a Double; null when it is not one. */
    static Number parseNumber(String text) {
        if (!isDecimal(text)) {
            return null;
        }
        String digits = text.endsWith("L") || text.endsWith("l") ? text.substring(0, text.length() - 1) : text;
        try {
            return Long.valueOf(digits);
        } catch (NumberFormatException notLong) {
            return Double.valueOf(digits);
        }
    }

    private static boolean isDecimal(String text) {
        int i = 0;
        int length = text.length();
        if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < length && Character.isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < length && text.charAt(i) == '.') {
            i++;
            while (i < length && Character.isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < length && Character.isDigit(text.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        if (i < length && (text.charAt(i) == 'L' || text.charAt(i) == 'l')) {
            i++;
        }
        return i == length;
    }

    /** Compares two numbers exactly when both are longs, else as doubles. */
    static int compare(Number left, Number right) {
        if (left instanceof Long l && right instanceof Long r) {
            return Long.compare(l, r);
        }
        double l = left.doubleValue();
        double r = right.doubleValue();
        return l < r ? -1 : l > r ? 1 : 0;
    }

    /** A boolean from a constant or from a property's text "true"/"false" (any case), or null. */
    static Boolean asBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String text) {
            if (text.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (text.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        return null;
    }
}
