package dev.tollgate.rego.builtin;

import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Calls.assertError;
import static dev.tollgate.rego.builtin.Calls.assertText;
import static dev.tollgate.rego.builtin.Calls.q;

/** sprintf against Go's fmt: verbs, flags, widths, precisions, argument indexes and Go's in-band error text. */
class SprintfTest {

    private static void fmt(String expected, String format, String args) {
        assertText(expected, "sprintf", q(format), args);
    }

    @Test
    void integers() {
        fmt("5", "%d", "[5]");
        fmt("    5|5    |", "%5d|%-5d|", "[5, 5]");
        fmt("-0042", "%05d", "[-42]");
        fmt("+5 -5", "%+d %+d", "[5, -5]");
        fmt(" 5", "% d", "[5]");
        fmt("ff FF 0xff 0XFF", "%x %X %#x %#X", "[255, 255, 255, 255]");
        fmt("10 010 0o10", "%o %#o %O", "[8, 8, 8]");
        fmt("101 0b101", "%b %#b", "[5, 5]");
        fmt("007", "%.3d", "[7]");
        fmt("   ", "%3.0d", "[0]");
        fmt("A 'A' U+0041 U+0041 'A'", "%c %q %U %#U", "[65, 65, 65, 65]");
        fmt("-ff", "%x", "[-255]");
        fmt("5", "%v", "[5]");
        // %+v is Go's struct-field syntax: the plus does not reach the number.
        fmt("5", "%+v", "[5]");
    }

    @Test
    void bigIntegersFormatThemselves() {
        fmt("123456789123456789123", "%s", "[123456789123456789123]");
        fmt("123456789123456789123", "%d", "[123456789123456789123]");
        fmt("6b14e9f9b0df36a83", "%x", "[123456789123456789123]");
        fmt("+123456789123456789123", "%+d", "[123456789123456789123]");
        fmt("   123456789123456789123", "%24d", "[123456789123456789123]");
        fmt("000123456789123456789123", "%024d", "[123456789123456789123]");
        fmt("%!e(big.Int=123456789123456789123)", "%e", "[123456789123456789123]");
        fmt("*big.Int", "%T", "[123456789123456789123]");
    }

    @Test
    void floats() {
        fmt("3.141590", "%f", "[3.14159]");
        fmt("3.14", "%.2f", "[3.14159]");
        fmt("  3.14", "%6.2f", "[3.14159]");
        fmt("-003.142", "%08.3f", "[-3.14159]");
        fmt("1.234568e+03", "%e", "[1234.5678]");
        fmt("+1.2e+04", "%+.1e", "[12345.678]");
        fmt("1234.5678", "%g", "[1234.5678]");
        fmt("3.14", "%.3g", "[3.14159]");
        fmt("1E-10", "%G", "[1e-10]");
        fmt("1e-06", "%v", "[0.000001]");
        fmt("1.5", "%v", "[1.5]");
        fmt("1e+21", "%v", "[1e21]");
        // Rounding is half-to-even on the exact binary value.
        fmt("2 4", "%.0f %.0f", "[2.5, 3.5]");
        fmt("0x1.8p+00", "%x", "[1.5]");
        fmt("1.00000", "%#g", "[1.0]");
        fmt("%!d(float64=1.5)", "%d", "[1.5]");
        fmt("float64", "%T", "[1.5]");
    }

    @Test
    void numbersOutsideFloat64PassAsText() {
        fmt("hi 2e308", "hi %v", "[2e308]");
    }

    @Test
    void strings() {
        fmt("hi", "%s", "[\"hi\"]");
        fmt("        hi|hi  |", "%10s|%-4s|", "[\"hi\", \"hi\"]");
        fmt("h", "%.1s", "[\"hello\"]");
        fmt("000ab", "%05s", "[\"ab\"]");
        fmt("\"hi\\n\"", "%q", "[\"hi\\n\"]");
        fmt("\"\u00e9\" \"\\u00e9\" `abc`", "%q %+q %#q", "[\"\u00e9\", \"\u00e9\", \"abc\"]");
        fmt("\"\\x01\"", "%q", "[\"\\u0001\"]");
        fmt("6869 68 69 0x6869", "%x % x %#x", "[\"hi\", \"hi\", \"hi\"]");
        fmt("%!d(string=hello)", "%d", "[\"hello\"]");
    }

    @Test
    void otherValuesPassAsTheirRegoText() {
        fmt("hi [\"there\", 5, 3.14]", "hi %v", "[[\"there\", 5, 3.14]]");
        fmt("{\"a\": [1, {2, 3}]}", "%v", "[{\"a\": [1, {3, 2}]}]");
        fmt("set() null", "%v %v", "[set(), null]");
        // Booleans become strings, so %t does not apply to them, as in OPA.
        fmt("hi true", "hi %s", "[true]");
        fmt("%!t(string=true)", "%t", "[true]");
        fmt("string", "%T", "[true]");
    }

    @Test
    void argumentIndexesAndStars() {
        fmt("2 1", "%[2]d %[1]d", "[1, 2]");
        fmt("   42|42   |", "%*d|%-*d|", "[5, 42, 5, 42]");
        fmt("3.14", "%.*f", "[2, 3.14159]");
        fmt("%!d(BADINDEX)", "%[3]d", "[1]");
        fmt("%!(BADWIDTH)42", "%*d", "[\"x\", 42]");
    }

    @Test
    void goErrorTextInTheResult() {
        fmt("%!d(MISSING)", "%d", "[]");
        fmt("hi%!(EXTRA int64=1, string=a)", "hi", "[1, \"a\"]");
        fmt("%!(NOVERB)", "%", "[]");
        fmt("%!z(int64=1)", "%z", "[1]");
        fmt("100%", "100%%", "[]");
    }

    @Test
    void operandErrors() {
        assertError("eval_type_error", "sprintf: operand 1 must be string but got number", "sprintf", "1", "[]");
        assertError("eval_type_error", "sprintf: operand 2 must be array but got set", "sprintf", q("%d"), "{1}");
    }
}
