package io.apogee.broker.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a SQL92 filter expression into tokens: identifiers (property names: a letter, '_' or '$',
 * then letters, digits, '_', '$' or '.'), keywords (case-insensitive), string constants in single
 * quotes (a doubled quote stands for one), numbers (digits with an optional fraction and exponent),
 * the comparison operators {@code = <> < <= > >=}, the signs {@code + -}, parentheses and commas.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class SqlLexer {

    static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN", "IS", "NULL", "TRUE", "FALSE",
            "CONTAINS", "STARTSWITH", "ENDSWITH");

    private SqlLexer() {
    }

    static List<SqlToken> tokenize(String expression) {
        List<SqlToken> tokens = new ArrayList<>();
        int i = 0;
        int length = expression.length();
        while (i < length) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isIdentifierStart(c)) {
                int start = i;
                while (i < length && isIdentifierPart(expression.charAt(i))) {
                    i++;
                }
                String word = expression.substring(start, i);
                String upper = word.toUpperCase(Locale.ROOT);
                tokens.add(KEYWORDS.contains(upper) ? new SqlToken(SqlToken.Kind.KEYWORD, upper, start)
                        : new SqlToken(SqlToken.Kind.IDENTIFIER, word, start));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < length && Character.isDigit(expression.charAt(i + 1)))) {
                i = number(expression, i, tokens);
            } else if (c == '\'') {
                i = string(expression, i, tokens);
            } else {
                i = symbol(expression, i, tokens);
            }
        }
        tokens.add(new SqlToken(SqlToken.Kind.END, "", length));
        return tokens;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
    }

    private static int number(String expression, int start, List<SqlToken> tokens) {
        int i = start;
        int length = expression.length();
        while (i < length && Character.isDigit(expression.charAt(i))) {
            i++;
        }
        if (i < length && expression.charAt(i) == '.') {
            i++;
            while (i < length && Character.isDigit(expression.charAt(i))) {
                i++;
            }
        }
        if (i < length && (expression.charAt(i) == 'e' || expression.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < length && (expression.charAt(exponent) == '+' || expression.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent >= length || !Character.isDigit(expression.charAt(exponent))) {
                throw new SqlSyntaxException("number '" + expression.substring(start, Math.min(exponent, length))
                        + "' has an exponent without digits", start);
            }
            i = exponent;
            while (i < length && Character.isDigit(expression.charAt(i))) {
                i++;
            }
        }
        if (i < length && (expression.charAt(i) == 'L' || expression.charAt(i) == 'l')) {
            i++;
        }
        if (i < length && isIdentifierPart(expression.charAt(i))) {
            throw new SqlSyntaxException("malformed number '" + expression.substring(start, i + 1) + "'", start);
        }
        tokens.add(new SqlToken(SqlToken.Kind.NUMBER, expression.substring(start, i), start));
        return i;
    }

    private static int string(String expression, int start, List<SqlToken> tokens) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        int length = expression.length();
        while (true) {
            if (i >= length) {
                throw new SqlSyntaxException("string constant is not closed with a quote", start);
            }
            char c = expression.charAt(i);
            if (c == '\'') {
                if (i + 1 < length && expression.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                tokens.add(new SqlToken(SqlToken.Kind.STRING, value.toString(), start));
                return i + 1;
            }
            value.append(c);
            i++;
        }
    }

    private static int symbol(String expression, int start, List<SqlToken> tokens) {
        char c = expression.charAt(start);
        char next = start + 1 < expression.length() ? expression.charAt(start + 1) : 0;
        switch (c) {
            case '(' -> tokens.add(new SqlToken(SqlToken.Kind.LEFT_PAREN, "(", start));
            case ')' -> tokens.add(new SqlToken(SqlToken.Kind.RIGHT_PAREN, ")", start));
            case ',' -> tokens.add(new SqlToken(SqlToken.Kind.COMMA, ",", start));
            case '=', '+', '-' -> tokens.add(new SqlToken(SqlToken.Kind.OPERATOR, String.valueOf(c), start));
            case '<' -> {
                if (next == '>' || next == '=') {
                    tokens.add(new SqlToken(SqlToken.Kind.OPERATOR, "<" + next, start));
                    return start + 2;
                }
                tokens.add(new SqlToken(SqlToken.Kind.OPERATOR, "<", start));
            }
            case '>' -> {
                if (next == '=') {
                    tokens.add(new SqlToken(SqlToken.Kind.OPERATOR, ">=", start));
                    return start + 2;
                }
                tokens.add(new SqlToken(SqlToken.Kind.OPERATOR, ">", start));
            }
            default -> throw new SqlSyntaxException("unexpected character '" + c + "'", start);
        }
        return start + 1;
    }
}
