package io.apogee.broker.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlFilterTest {

    private static final Map<String, String> MESSAGE = Map.of("a", "5", "price", "9.5", "region", "eu-west",
            "TAGS", "TagA", "flag", "true", "word", "abc");

    private static boolean matches(String expression) {
        return SqlFilter.compile(expression).matches(MESSAGE::get);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a > 4 | true", "a > 5 | false", "a >= 5 | true", "a < 6 | true", "a <= 4 | false",
            "a = 5 | true", "a = 5.0 | true", "a <> 5 | false", "a <> 6 | true",
            "price > 9 | true", "price < 9.6 | true", "price = 9.5 | true", "a > -1 | true", "a < +6 | true",
            "region = 'eu-west' | true", "region <> 'eu-west' | false", "TAGS = 'TagA' | true",
            "a BETWEEN 5 AND 7 | true", "a BETWEEN 6 AND 7 | false", "a NOT BETWEEN 6 AND 7 | true",
            "price BETWEEN 9 AND 9.5 | true",
            "region IN ('us', 'eu-west') | true", "region IN ('us') | false", "region NOT IN ('us') | true",
            "region IS NOT NULL | true", "region IS NULL | false", "missing IS NULL | true",
            "missing IS NOT NULL | false",
            "TRUE | true", "FALSE | false", "flag = TRUE | true", "flag = FALSE | false",
            "a > 4 AND region = 'eu-west' | true", "a > 5 AND region = 'eu-west' | false",
            "a > 5 OR region = 'eu-west' | true", "NOT a > 5 | true", "NOT (a > 4 AND TRUE) | false",
            "a > 5 OR a < 5 OR a = 5 | true", "a = 1 OR a = 2 AND FALSE | false", "(a = 5 OR a = 2) AND TRUE | true",
            "word CONTAINS 'b' | true", "word STARTSWITH 'ab' | true", "word ENDSWITH 'ab' | false",
            "word NOT CONTAINS 'z' | true",
    })
    void eachOperatorSelectsWhatItShould(String expression, boolean expected) {
        assertThat(matches(expression)).as(expression).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "missing > 1", "missing = 'x'", "missing <> 'x'", "missing BETWEEN 1 AND 2",
            "missing NOT BETWEEN 1 AND 2", "missing IN ('x')", "missing NOT IN ('x')", "NOT missing > 1",
            "word > 1", "word = 1", "word <> 1", "region BETWEEN 1 AND 2",
    })
    void aMissingOrNonNumericPropertyMakesTheComparisonUnknown(String expression) {
        assertThat(matches(expression)).as(expression).isFalse();
    }

    @Test
    void unknownIsTrueOnlyWhenOrHasATrueSide() {
        assertThat(matches("missing > 1 OR a = 5")).isTrue();
        assertThat(matches("missing > 1 AND a = 5")).isFalse();
        assertThat(matches("NOT (missing > 1 AND a = 6)")).as("NOT (UNKNOWN AND FALSE)").isTrue();
    }

    @Test
    void keywordsAreCaseInsensitiveAndStringsKeepDoubledQuotes() {
        assertThat(matches("a between 1 and 9 and region in ('eu-west') and missing is null")).isTrue();
        assertThat(SqlFilter.compile("q = 'it''s'").matches(Map.of("q", "it's")::get)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'' | 0 | empty",
            "a > | 3 | expected a property",
            "a >> 1 | 3 | expected a property",
            "a = 'x | 4 | not closed",
            "a > 'x' | 4 | not a number",
            "(a > 1 | 6 | expected ')'",
            "a > 1 b | 6 | expected AND, OR",
            "a | 1 | is not a condition",
            "a and 1 = 1 | 2 | is not a condition",
            "a BETWEEN 3 AND 1 | 10 | lower bound",
            "a BETWEEN 'x' AND 2 | 10 | not a number",
            "a IN () | 6 | string constant",
            "a IN (1) | 6 | string constant",
            "5 IN ('x') | 0 | applies to a property",
            "a = NULL | 4 | IS NULL",
            "'x' = 1 | 0 | different types",
            "a IS 5 | 5 | expected NULL",
            "a # 1 | 2 | unexpected character",
            "a > 99999999999999999999 | 4 | long range",
            "a > 1e | 4 | exponent",
            "a = 1 AND | 9 | expected a property",
    })
    void anInvalidExpressionIsRefusedWithItsProblemAndPosition(String expression, int position, String problem) {
        assertThatThrownBy(() -> SqlFilter.compile(expression))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.position()).isEqualTo(position))
                .hasMessageContaining(problem);
    }
}
