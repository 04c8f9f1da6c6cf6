package dev.tollgate.rego.builtin;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.tollgate.rego.builtin.Conformance.arr;
import static dev.tollgate.rego.builtin.Conformance.assertCase;
import static dev.tollgate.rego.builtin.Conformance.assertCaseError;
import static dev.tollgate.rego.builtin.Conformance.call;
import static dev.tollgate.rego.builtin.Conformance.expectUndefined;
import static dev.tollgate.rego.builtin.Conformance.json;
import static dev.tollgate.rego.builtin.Conformance.num;
import static dev.tollgate.rego.builtin.Conformance.set;
import static dev.tollgate.rego.builtin.Conformance.str;
import static dev.tollgate.rego.builtin.Conformance.strSet;
import static dev.tollgate.rego.builtin.Conformance.strs;
import static dev.tollgate.rego.builtin.Conformance.testCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonDocsTest {

    private static final Value DOC = json("{\"a\": {\"b\": {\"c\": 7, \"d\": 8}}, \"e\": 9}");

    @Test
    void filterMatchesConformanceCases() {
        assertCase("jsonfilter/base", "json.filter", DOC, strSet("a/b/c"));
        assertCase("jsonfilter/multiple roots", "json.filter", DOC, strSet("a/b/c", "e"));
        assertCase("jsonfilter/shared roots", "json.filter", json("{\"a\": {\"b\": {\"c\": 7, \"d\": 8}, \"e\": 9}}"), strSet("a/b/c", "a/e"));
        assertCase("jsonfilter/conflict", "json.filter", json("{\"a\": {\"b\": 7}}"), strSet("a", "a/b"));
        assertCase("jsonfilter/empty list", "json.filter", json("{\"a\": 7}"), Value.SetV.EMPTY);
        assertCase("jsonfilter/arrays", "json.filter", json("{\"a\": [{\"b\": 7, \"c\": 8}, {\"d\": 9}]}"), strSet("a/0/b", "a/1"));
        assertCase("jsonfilter/object with number keys", "json.filter",
                json("{\"a\": [{\"1\": [\"b\", \"c\", \"d\"]}, {\"x\": \"y\"}]}"), strSet("a/0/1/2"));
        assertCase("jsonfilter/arrays of roots", "json.filter", DOC, set(strs("a", "b", "c"), strs("e")));
        assertCase("jsonfilter/mixed root types", "json.filter",
                json("{\"a\": {\"b\": {\"c\": 7, \"d\": 8, \"x\": 0}}, \"e\": 9}"), set(str("a/b/d"), strs("a", "b", "c")));
        Value obj = json("{\"a\": {\"b\": 2, \"c\": 3}}");
        assertEquals(json("{\"a\": {\"b\": 2}}"), call("json.filter", obj, strSet("a/b")));
        assertEquals(json("{\"a\": {\"c\": 3}}"), call("json.filter", obj, strSet("a/c")));
        assertEquals(json("{\"a\": {\"b\": 2, \"c\": 3}}"), obj); // inputs are left alone
    }

    @Test
    void removeMatchesConformanceCases() {
        assertCase("jsonremove/multiple roots", "json.remove", DOC, strSet("a/b/c", "e"));
        assertCase("jsonremove/multiple roots array", "json.remove", DOC, strs("a/b/c", "e"));
        assertCase("jsonremove/shared roots", "json.remove", json("{\"a\": {\"b\": {\"c\": 7, \"d\": 8}, \"e\": 9}}"), strSet("a/b/c", "a/e"));
        assertCase("jsonremove/conflict", "json.remove", json("{\"a\": {\"b\": 7}, \"c\": 1}"), strSet("a", "a/b"));
        assertCase("jsonremove/empty list", "json.remove", json("{\"a\": 7}"), Value.SetV.EMPTY);
        assertCase("jsonremove/empty object", "json.remove", json("{}"), strSet("a/b"));
        assertCase("jsonremove/delete all", "json.remove", json("{\"a\": {\"b\": 7}, \"c\": 1}"), strSet("a", "c"));
        assertCase("jsonremove/delete last in object", "json.remove", json("{\"a\": {\"b\": 7}, \"c\": 1}"), strSet("a/b", "c"));
        assertCase("jsonremove/arrays", "json.remove", json("{\"a\": [{\"b\": 7, \"c\": 8}, {\"d\": 9}]}"), strSet("a/0/b", "a/1"));
        assertCase("jsonremove/object with number keys", "json.remove",
                json("{\"a\": [{\"1\": [\"b\", \"c\", \"d\"]}, {\"x\": \"y\"}]}"), strSet("a/0/1/2"));
        assertCase("jsonremove/arrays of roots", "json.remove", DOC, set(strs("a", "b", "c"), strs("e")));
        assertCase("jsonremove/mixed root types", "json.remove",
                json("{\"a\": {\"b\": {\"c\": 7, \"d\": 8, \"x\": 0}}, \"e\": 9}"), set(str("a/b/d"), strs("a", "b", "c")));
    }

    @Test
    void removeErrorsMatchConformanceCases() {
        Value paths = strSet("a/b/c");
        Value target = json("{\"a\": {\"b\": {\"c\": 123}}}");
        assertCaseError("jsonremove/error invalid target type string input", "json.remove", str("foo"), paths);
        assertCaseError("jsonremove/error invalid target type number input", "json.remove", num(22), paths);
        assertCaseError("jsonremove/error invalid target type boolean input", "json.remove", Value.TRUE, paths);
        assertCaseError("jsonremove/error invalid target type array input", "json.remove", strs("a", "b", "c"), paths);
        assertCaseError("jsonremove/error invalid paths type string", "json.remove", target, str("foo"));
        assertCaseError("jsonremove/error invalid paths type number", "json.remove", target, num(22));
        assertCaseError("jsonremove/error invalid paths type boolean", "json.remove", target, Value.TRUE);
        assertCaseError("jsonremove/error invalid paths type object", "json.remove", target, json("{\"y\": 123}"));
        assertCaseError("jsonremove/error invalid paths type set with numbers", "json.remove", target, set(num(1), num(2), num(3), str("a")));
        assertCaseError("jsonremove/error invalid paths type set with objects", "json.remove", target,
                set(str("a"), json("{\"x\": 1}"), json("{\"y\": 2}")));
        assertCaseError("jsonremove/error invalid paths type array with numbers", "json.remove", target, arr(str("a"), num(1), num(2), num(3)));
        assertCaseError("jsonremove/error invalid paths type array with objects", "json.remove", target,
                arr(str("a"), json("{\"x\": 1}"), json("{\"y\": 2}")));
        assertEquals("json.filter: operand 2 must be one of {set, array} but got string",
                assertThrows(RegoError.class, () -> call("json.filter", target, str("a"))).detail());
    }

    @Test
    void patchWorksOnSetsByElement() {
        assertEquals(set(arr(num(0), num(1)), str("a")),
                call("json.patch", set(arr(num(0)), str("a")), arr(json("{\"op\": \"add\", \"path\": [[0], 1], \"value\": 1}"))));
        assertEquals(set(str("a"), str("b")), call("json.patch", strSet("a"), arr(Value.Obj.builder()
                .put("op", str("add")).put("path", arr(str("b"))).put("value", str("b")).build())));
        assertNull(call("json.patch", strSet("a"), arr(Value.Obj.builder()
                .put("op", str("add")).put("path", arr(str("b"))).put("value", str("c")).build())));
        assertEquals(Value.SetV.EMPTY, call("json.patch", strSet("a"), arr(json("{\"op\": \"remove\", \"path\": \"a\"}"))));
    }

    @Test
    void patchFailuresAreUndefined() {
        expectUndefined("jsonpatch/set-failure add-to-bad-path");
        assertNull(call("json.patch", json("[1, 2, 3]"), arr(json("{\"op\": \"add\", \"path\": \"1.2\", \"value\": \"foo\"}"))));
        assertNull(call("json.patch", json("{\"a\": 1}"), arr(json("{\"op\": \"remove\", \"path\": \"\"}"))));
        assertNull(call("json.patch", json("{\"a\": 1}"), arr(num(1))));
        assertEquals("json.patch: operand 2 must be array but got object",
                assertThrows(RegoError.class, () -> call("json.patch", json("{}"), json("{}"))).detail());
    }

    /**
     * The whole json-patch test suite OPA ships (jsonpatch/json-patch-tests.yaml), read from the case's modules:
     * each test case is a Rego object literal, which is JSON apart from trailing commas.
     */
    @Test
    void patchPassesOpasJsonPatchSuite() throws Exception {
        JsonNode c = testCase("jsonpatch/json_patch_tests");
        assertEquals(0, c.get("want_result").get(0).get("x").size(), "the case expects no failed cases");
        JsonMapper lenient = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();
        int run = 0;
        List<String> failures = new ArrayList<>();
        for (JsonNode module : c.get("modules")) {
            String text = module.asText();
            int at = text.indexOf("cases := ");
            if (at < 0) continue;
            for (JsonNode t : lenient.readTree(text.substring(at + "cases := ".length()))) {
                run++;
                if (t.path("opa_disabled").asBoolean(false)) continue;
                Value doc = Values.fromJson(t.get("doc"));
                Value patch = Values.fromJson(t.get("patch"));
                Value got = call("json.patch", doc, patch);
                String name = t.path("comment").asText(t.get("patch").toString());
                if (t.has("expected")) {
                    if (got == null || !got.equals(Values.fromJson(t.get("expected")))) failures.add(name + " => " + got);
                } else if (t.has("error")) {
                    if (got != null) failures.add(name + " should fail but gave " + got);
                } else if (got == null) {
                    failures.add(name + " should apply");
                }
            }
        }
        assertTrue(run > 90, "read " + run + " patch cases");
        assertEquals(List.of(), failures);
    }

    @Test
    void patchAppliesOperationsInOrderWithoutTouchingTheInput() {
        Value doc = json("{\"foo\": [1, 2]}");
        Value ops = json("[{\"op\": \"copy\", \"from\": \"/foo/0\", \"path\": \"/foo/-\"},"
                + " {\"op\": \"move\", \"from\": \"/foo\", \"path\": \"/bar\"},"
                + " {\"op\": \"test\", \"path\": \"/bar\", \"value\": [1, 2, 1]},"
                + " {\"op\": \"replace\", \"path\": \"\", \"value\": {\"done\": true}}]");
        assertEquals(json("{\"done\": true}"), call("json.patch", doc, ops));
        assertEquals(json("{\"foo\": [1, 2]}"), doc);
        Value partial = json("[{\"op\": \"copy\", \"from\": \"/foo/0\", \"path\": \"/foo/-\"}, {\"op\": \"test\", \"path\": \"/foo/2\", \"value\": 9}]");
        assertNull(call("json.patch", doc, partial));
        assertNotNull(call("json.patch", doc, arr()));
        assertFalse(call("json.patch", doc, arr()) instanceof Value.Null);
    }
}
