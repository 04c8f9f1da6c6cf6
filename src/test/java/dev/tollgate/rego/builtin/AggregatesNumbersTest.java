package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.Value;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;

import static dev.tollgate.rego.builtin.Calls.assertCall;
import static dev.tollgate.rego.builtin.Calls.assertError;
import static dev.tollgate.rego.builtin.Calls.assertUndefined;
import static dev.tollgate.rego.builtin.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aggregates and number builtins, including OPA's big.Float rounding for non-integers. */
class AggregatesNumbersTest {

    @Test
    void countsRunesEntriesAndMembers() {
        assertCall("3", "count", "\"h\u00e9\ud83d\ude00\"");
        assertCall("2", "count", "{\"a\": 1, \"b\": 2}");
        assertCall("0", "count", "set()");
        assertError("eval_type_error", "count: operand 1 must be one of {array, object, set, string} but got number", "count", "1");
    }

    @Test
    void integerSumsAndProductsAreExact() {
        assertCall("18446744073709551618", "sum", "[18446744073709551617, 1]");
        assertCall("9223372036854775810", "sum", "{9223372036854775807, 1, 2}");
        assertCall("36893488147419103234", "product", "[18446744073709551617, 2]");
        assertCall("0", "sum", "[]");
        assertCall("1", "product", "[]");
    }

    @Test
    void fractionalSumsRoundLikeGoBigFloat() {
        // Computed independently with exact rationals rounded half-even to 64 bits (sum) and 53 bits (product).
        assertEquals(new BigDecimal("0.3"), num(call("sum", "[0.1, 0.2]")));
        assertEquals(new BigDecimal("3.3000000000000000002"), num(call("sum", "[1.1, 2.2]")));
        assertEquals(new BigDecimal("1.2100000000000002"), num(call("product", "[1.1, 1.1]")));
        assertEquals(new BigDecimal("0.30000000000000004"), num(call("product", "[0.1, 3]")));
        assertCall("4", "sum", "[1.5, 2.5]");
        assertCall("3.5", "sum", "[1, 2.5]");
        assertError("eval_type_error", "sum: operand 1 must be array of numbers but got array containing string", "sum", "[1.5, \"a\"]");
        assertError("eval_type_error", "product: operand 1 must be one of {set, array} but got object", "product", "{}");
    }

    private static BigDecimal num(Value v) {
        return ((Value.Num) v).value().stripTrailingZeros();
    }

    @Test
    void maxMinSortAllAny() {
        assertCall("3", "max", "[1, 3, 2]");
        assertCall("\"b\"", "max", "{1, \"a\", \"b\"}");
        assertUndefined("max", "[]");
        assertCall("1", "min", "[3, 1, 2]");
        assertUndefined("min", "set()");
        assertCall("[null, false, 1, \"a\", [1], {\"a\": 1}, {1}]", "sort", "[{1}, [1], \"a\", 1, false, null, {\"a\": 1}]");
        assertCall("true", "all", "[true, true]");
        assertCall("false", "all", "[true, 1]");
        assertCall("true", "all", "[]");
        assertCall("true", "any", "{false, true}");
        assertCall("false", "any", "set()");
        assertError("eval_type_error", "all: operand 1 must be one of {array, set} but got string", "all", "\"x\"");
    }

    @Test
    void roundingFunctions() {
        assertCall("10", "abs", "-10");
        assertCall("1.5", "abs", "-1.5");
        assertCall("3", "round", "2.5");
        assertCall("-3", "round", "-2.5");
        assertCall("2", "round", "2.4999");
        assertCall("2", "ceil", "1.01");
        assertCall("-1", "ceil", "-1.99999");
        assertCall("1", "floor", "1.5");
        assertCall("-2", "floor", "-1.001");
        // Beyond the int32 window OPA rounds through a 64-bit binary float, losing the low digits of huge integers.
        assertCall("123456789012345678897152", "round", "123456789012345678901234");
        assertCall("2147483647", "abs", "-2147483647");
    }

    @Test
    void ceilAndFloorKeepOpasAnswersBetweenMinusOneAndZero() {
        // Truncating -0.5 gives +0 in Go's big.Float code, so OPA answers ceil(-0.5) = 1 and floor(-0.5) = 0.
        assertCall("1", "ceil", "-0.5");
        assertCall("0", "floor", "-0.5");
    }

    @Test
    void ranges() {
        assertCall("[1, 2, 3]", "numbers.range", "1", "3");
        assertCall("[3, 2, 1]", "numbers.range", "3", "1");
        assertCall("[18446744073709551616, 18446744073709551617]", "numbers.range", "18446744073709551616", "18446744073709551617");
        assertCall("[0, 3, 6, 9]", "numbers.range_step", "0", "10", "3");
        assertCall("[10, 7, 4, 1]", "numbers.range_step", "10", "0", "3");
        assertError("eval_builtin_error", "numbers.range_step: step must be a positive integer", "numbers.range_step", "0", "10", "0");
        assertError("eval_type_error", "numbers.range: operand 1 must be integer number but got floating-point number", "numbers.range", "1.5", "3");
        assertError("eval_type_error", "numbers.range: operand 2 must be integer but got string", "numbers.range", "1", "\"3\"");
        assertError("eval_builtin_error", "numbers.range: range of 10000000001 numbers is too large", "numbers.range", "0", "10000000000");
    }

    @Test
    void randIntnIsStableWithinAQueryOnly() {
        BuiltinContext q1 = new BuiltinContext(Clock.systemUTC(), s -> { }, () -> { }, BuiltinContext.Interop.NONE);
        Value first = call(q1, "rand.intn", "\"seed\"", "1000000000");
        for (int i = 0; i < 5; i++) assertEquals(first, call(q1, "rand.intn", "\"seed\"", "1000000000"));
        assertEquals(first, call(q1, "rand.intn", "\"seed\"", "-1000000000"), "a negative bound is its absolute value");
        boolean differs = false;
        for (int i = 0; i < 5 && !differs; i++) {
            differs = !first.equals(call(BuiltinContext.standalone(), "rand.intn", "\"seed\"", "1000000000"));
        }
        assertTrue(differs, "a new query draws anew");
        long n = ((Value.Num) first).value().longValueExact();
        assertTrue(n >= 0 && n < 1_000_000_000L);
        assertCall("0", "rand.intn", "\"x\"", "0");
        assertNotEquals(null, first);
    }
}
