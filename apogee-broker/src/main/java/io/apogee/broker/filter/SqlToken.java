package io.apogee.broker.filter;

/**
 * One token of a SQL92 filter expression.
 *
 * @param text     the identifier or keyword (keywords upper-cased), the string constant's value, or
 *                 the operator; the number's source text for numbers
 * @param position where the token starts in the expression
 */
record SqlToken(Kind kind, String text, int position) {

    enum Kind { IDENTIFIER, KEYWORD, STRING, NUMBER, OPERATOR, LEFT_PAREN, RIGHT_PAREN, COMMA, END }

    boolean is(Kind expected, String value) {
        return kind == expected && text.equals(value);
    }

    boolean isKeyword(String keyword) {
        return is(Kind.KEYWORD, keyword);
    }

    String describe() {
        return kind == Kind.END ? "the end of the expression" : "'" + text + "'";
    }
}
