package dev.tollgate.rego.builtin;

import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Calls.assertCall;
import static dev.tollgate.rego.builtin.Calls.assertError;
import static dev.tollgate.rego.builtin.Calls.assertText;
import static dev.tollgate.rego.builtin.Calls.q;

/** regex.*, glob.* and regex.globs_match: Go regexp semantics on RE2/J, gobwas glob semantics. */
class RegexGlobTest {

    @Test
    void matchingAndValidity() {
        assertCall("true", "regex.match", q("^[a-z]+-\\d+$"), q("gpu-8"));
        assertCall("true", "re_match", q("a|b"), q("xbx"));
        assertCall("true", "regex.is_valid", q("(?i)abc"));
        assertCall("false", "regex.is_valid", q("(?=x)")); // lookaround is not RE2 syntax
        assertCall("false", "regex.is_valid", "1");
        assertError("eval_builtin_error", "regex.match: error parsing regexp: missing closing ]: `[`", "regex.match", q("["), q("x"));
    }

    @Test
    void findAllSkipsEmptyMatchesRightAfterAMatch() {
        // Go: "a*" over "baaac" finds "", "aaa", "" (the empty match right after "aaa" is skipped), "".
        assertCall("[\"\", \"aaa\", \"\"]", "regex.find_n", q("a*"), q("baaac"), "-1");
        assertCall("[\"ar\"]", "regex.find_n", q("a."), q("paranormal"), "1");
        assertCall("[[\"axxb\", \"xx\"], [\"ab\", \"\"]]", "regex.find_all_string_submatch_n", q("a(x*)b"), q("-axxb-ab-"), "-1");
        assertCall("[[\"ab\", \"a\", \"\"]]", "regex.find_all_string_submatch_n", q("(a)(c)?b"), q("ab"), "-1");
    }

    @Test
    void splitFollowsGo() {
        assertCall("[\"pi\", \"a\"]", "regex.split", q("z+"), q("pizza"));
        assertCall("[\"\", \" baz\"]", "regex.split", q("^[a-z]+"), q("foobar baz"));
        assertCall("[\"foobar \", \"\"]", "regex.split", q("[a-z]+$"), q("foobar baz"));
        assertCall("[\"a\", \"b\", \"c\"]", "regex.split", q(""), q("abc"));
        assertCall("[\"\"]", "regex.split", q("x"), q(""));
    }

    @Test
    void replaceExpandsTemplatesAsGo() {
        assertText("foofoo", "regex.replace", q("foo"), q("(foo)"), q("$1$1"));
        assertText("Foo", "regex.replace", q("foo"), q("^[a-z]"), q("F"));
        assertText("-0-0-", "regex.replace", q("-wy-wxxy-"), q("w(x*)y"), q("0"));
        // "$1x" names group "1x", which does not exist: Go expands it to nothing.
        assertText("-", "regex.replace", q("ab"), q("(a)b"), q("$1x-"));
        assertText("a-", "regex.replace", q("ab"), q("(a)b"), q("${1}-"));
        assertText("k=v", "regex.replace", q("v:k"), q("(?P<val>\\w+):(?P<key>\\w+)"), q("${key}=$val"));
        assertText("$", "regex.replace", q("a"), q("a"), q("$$"));
        assertText("XbXcX", "regex.replace", q("bc"), q("x*"), q("X"));
    }

    @Test
    void templateMatch() {
        assertCall("true", "regex.template_match", q("urn:foo:{.*}"), q("urn:foo:bar:baz"), q("{"), q("}"));
        assertCall("false", "regex.template_match", q("urn:foo.bar.com:{.*}"), q("urn:foo.com:bar:baz"), q("{"), q("}"));
        assertCall("true", "regex.template_match", q("urn:foo:<[0-9]{2}>"), q("urn:foo:42"), q("<"), q(">"));
        assertError("eval_builtin_error", "regex.template_match: unbalanced braces in \"urn:{x\"", "regex.template_match", q("urn:{x"), q("x"), q("{"), q("}"));
        assertError("eval_builtin_error", "regex.template_match: start delimiter has to be exactly one character long but is 2 long",
                "regex.template_match", q("x"), q("x"), q("{{"), q("}"));
    }

    @Test
    void globsMatch() {
        assertCall("true", "regex.globs_match", q("a.a."), q(".b.b"));
        assertCall("false", "regex.globs_match", q("[a-z]+"), q("[0-9]*"));
        assertCall("true", "regex.globs_match", q("a+b*"), q("ab"));
        assertError("eval_builtin_error", "regex.globs_match: input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid",
                "regex.globs_match", q("a"), q("pqrs]"));
        assertError("eval_builtin_error", "regex.globs_match: input:*a, pos:1, flag '*' must be preceded by a non-flag: the input provided is invalid",
                "regex.globs_match", q("*a"), q("a"));
        assertError("eval_builtin_error", "regex.globs_match: input:[z-a], pos:4, range is out of order: 'a' comes before 'z' in Unicode: the input provided is invalid",
                "regex.globs_match", q("[z-a]"), q("a"));
    }

    @Test
    void globSegmentsAndClasses() {
        assertCall("true", "glob.match", q("*.github.com"), "[]", q("api.github.com"));
        assertCall("false", "glob.match", q("*.github.com"), "[]", q("api.cdn.github.com"));
        assertCall("true", "glob.match", q("**.github.com"), "[]", q("api.cdn.github.com"));
        assertCall("true", "glob.match", q("*.github.com"), "null", q("api.cdn.github.com"));
        assertCall("true", "glob.match", q("*:github:com"), "[\":\"]", q("api:github:com"));
        assertCall("true", "glob.match", q("?at"), "[]", q("cat"));
        assertCall("false", "glob.match", q("?at"), "[]", q(".at"));
        assertCall("true", "glob.match", q("[!a-c]at"), "[]", q("dat"));
        assertCall("true", "glob.match", q("[!a]at"), "[]", q(".at")); // classes may match a delimiter
        assertCall("true", "glob.match", q("{cat,bat,[fr]at}"), "[]", q("rat"));
        assertCall("true", "glob.match", q("\\*x"), "[]", q("*x"));
        assertCall("true", "glob.match", q("{a,b"), "[]", q("b")); // an unclosed group ends with the pattern
        assertCall("true", "glob.match", q("a*"), "[]", q("a\nb"));
    }

    @Test
    void globErrorsUseGobwasTexts() {
        assertError("eval_builtin_error", "glob.match: unexpected end of input", "glob.match", q("[a-"), "[]", q("a"));
        assertError("eval_builtin_error", "glob.match: could not parse range", "glob.match", q("[]"), "[]", q("a"));
        assertError("eval_builtin_error", "glob.match: expected close range character", "glob.match", q("[a-bc]"), "[]", q("a"));
        assertError("eval_builtin_error", "glob.match: hi character 'a' should be greater than lo 'z'", "glob.match", q("[z-a]"), "[]", q("a"));
        assertError("eval_type_error", "glob.match: operand 2 must be one of {array, null} but got string", "glob.match", q("a"), q("."), q("a"));
        assertError("eval_type_error", "glob.match: operand 2 must be array of runes but got array containing string", "glob.match", q("a"), "[\"ab\"]", q("a"));
        assertText("\\*\\?\\[\\]\\{\\}\\\\.,!-", "glob.quote_meta", q("*?[]{}\\.,!-"));
    }
}
