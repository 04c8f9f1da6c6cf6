package dev.tollgate.rego.builtin;

import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Calls.assertCall;
import static dev.tollgate.rego.builtin.Calls.assertError;
import static dev.tollgate.rego.builtin.Calls.assertText;
import static dev.tollgate.rego.builtin.Calls.q;

/** String builtins: code point indexing, Go's case mapping, whitespace, splitting and replacement rules. */
class StringsTest {

    @Test
    void concatJoinsArraysAndSortedSets() {
        assertText("a,b", "concat", q(","), "[\"a\", \"b\"]");
        assertText("a-b-c", "concat", q("-"), "{\"c\", \"a\", \"b\"}");
        assertText("", "concat", q(","), "[]");
        assertError("eval_type_error", "concat: operand 2 must be array of strings but got array containing number", "concat", q(","), "[\"a\", 1]");
        assertError("eval_type_error", "concat: operand 2 must be one of {set, array} but got string", "concat", q(","), q("a"));
    }

    @Test
    void indexesCountCodePoints() {
        assertCall("2", "indexof", q("\ud83d\ude00\u00e9abc"), q("a"));
        assertCall("-1", "indexof", q("abc"), q("z"));
        // Overlapping occurrences all count.
        assertCall("[0, 2, 4]", "indexof_n", q("abababa"), q("aba"));
        assertCall("[0, 1, 2, 3, 4]", "indexof_n", q("aaaaaa"), q("aa"));
        assertError("eval_builtin_error", "indexof: empty search character", "indexof", q("abc"), q(""));
    }

    @Test
    void caseMappingIsPerCharacterAndLocaleFree() {
        assertText("STRASSE \u00df", "upper", q("strasse \u00df"));
        assertText("i", "lower", q("\u0130"));
        assertText("\u01c4", "upper", q("\u01c5"));
    }

    @Test
    void substringByCodePoints() {
        assertText("\u00e9a", "substring", q("x\u00e9ab"), "1", "2");
        assertText("\u00e9ab", "substring", q("x\u00e9ab"), "1", "-1");
        assertText("", "substring", q("abc"), "5", "1");
        assertError("eval_builtin_error", "substring: negative offset", "substring", q("abc"), "-1", "1");
        assertError("eval_type_error", "substring: operand 2 must be integer number but got floating-point number", "substring", q("abc"), "1.5", "1");
    }

    @Test
    void splitFollowsGo() {
        assertCall("[\"a\", \"b\", \"\"]", "split", q("a,b,"), q(","));
        assertCall("[\"a\", \"\u00e9\", \"\ud83d\ude00\"]", "split", q("a\u00e9\ud83d\ude00"), q(""));
        assertCall("[]", "split", q(""), q(""));
        assertCall("[\"\"]", "split", q(""), q(","));
        assertCall("[\"a\", \"b\"]", "strings.split_n", q("a,b,c,d"), q(","), "2");
        assertCall("[\"c\", \"d\"]", "strings.split_n", q("a,b,c,d"), q(","), "-2");
        assertCall("[]", "strings.split_n", q("a,b"), q(","), "0");
        assertCall("[\"a\", \"b\"]", "strings.split_n", q("a,b"), q(","), "10");
    }

    @Test
    void replacementIsOnePassWithEarliestPairWinning() {
        assertText("xbxb", "replace", q("abab"), q("a"), q("x"));
        assertText("-a-b-", "replace", q("ab"), q(""), q("-"));
        assertText("-\ud83d\ude00-", "replace", q("\ud83d\ude00"), q(""), q("-"));
        // Keys in sorted order: "a" comes before "ab", so "a" wins at a position where both match.
        assertText("1b", "strings.replace_n", "{\"a\": \"1\", \"ab\": \"2\"}", q("ab"));
        // One pass: replacements are not rescanned.
        assertText("ba", "strings.replace_n", "{\"a\": \"b\", \"b\": \"a\"}", q("ab"));
        assertError("eval_type_error", "strings.replace_n: operand 1 non-string value found in pattern object",
                "strings.replace_n", "{\"a\": 1}", q("a"));
    }

    @Test
    void trimming() {
        assertText("foo", "trim", q("xxfooyx"), q("xy"));
        assertText("fooyx", "trim_left", q("xxfooyx"), q("x"));
        assertText("xxfoo", "trim_right", q("xxfooyx"), q("xy"));
        assertText("foo", "trim_prefix", q("barfoo"), q("bar"));
        assertText("bar", "trim_suffix", q("barfoo"), q("foo"));
        // Go's unicode.IsSpace: NBSP and the Unicode space separators count, ZERO WIDTH SPACE does not.
        assertText("foo", "trim_space", q("\u00a0\u2003 \t\nfoo\u3000\r\n"));
        assertText("\u200bfoo", "trim_space", q(" \u200bfoo "));
    }

    @Test
    void affixMatching() {
        assertCall("true", "strings.any_prefix_match", "[\"foo\", \"bar\"]", q("ba"));
        assertCall("true", "strings.any_suffix_match", q("foobar"), "{\"bar\", \"baz\"}");
        assertCall("false", "strings.any_prefix_match", "[]", q("a"));
        assertError("eval_type_error", "strings.any_prefix_match: operand 2 must be one of {string, set, array} but got number",
                "strings.any_prefix_match", q("a"), "1");
        assertError("eval_type_error", "strings.any_suffix_match: operand 1 must be set of strings but got set containing number",
                "strings.any_suffix_match", "{1}", q("a"));
    }

    @Test
    void countReverseFormatInt() {
        assertCall("3", "strings.count", q("cheese"), q("e"));
        assertCall("1", "strings.count", q("eee"), q("ee"));
        assertCall("4", "strings.count", q("\u00e9t\u00e9"), q(""));
        assertText("\u20e3\ufe0f2", "strings.reverse", q("2\ufe0f\u20e3"));
        assertText("ff", "format_int", "255", "16");
        assertText("-f", "format_int", "-15.9", "16");
        assertText("10000000000000000000000000000000000000000000000000000000000000001", "format_int", "18446744073709551617", "2");
        assertError("eval_type_error", "format_int: operand 2 must be one of {2, 8, 10, 16}", "format_int", "10", "3");
        assertError("eval_type_error", "format_int: operand 2 must be one of {2, 8, 10, 16}", "format_int", "10", "10.0");
    }

    @Test
    void containsStartsEnds() {
        assertCall("true", "contains", q("abc"), q("b"));
        assertCall("true", "startswith", q("abc"), q("ab"));
        assertCall("false", "endswith", q("abc"), q("b"));
        assertError("eval_type_error", "startswith: operand 2 must be string but got number", "startswith", q("a"), "1");
    }
}
