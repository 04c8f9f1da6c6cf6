package dev.tollgate.rego.builtin;

import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Calls.assertCall;
import static dev.tollgate.rego.builtin.Calls.assertError;
import static dev.tollgate.rego.builtin.Calls.q;

/** array.*, set algebra, object.* and the type builtins. */
class CollectionsTypesTest {

    @Test
    void arrays() {
        assertCall("[1, 2, 3]", "array.concat", "[1]", "[2, 3]");
        assertCall("[2, 3]", "array.slice", "[1, 2, 3, 4]", "1", "3");
        assertCall("[1, 2, 3, 4]", "array.slice", "[1, 2, 3, 4]", "-5", "99");
        assertCall("[]", "array.slice", "[1, 2, 3, 4]", "3", "1");
        assertCall("[3, 2, 1]", "array.reverse", "[1, 2, 3]");
        assertCall("[1, 2, [3], {4}, \"x\"]", "array.flatten", "[[1, 2], [[3]], {4}, \"x\"]");
        assertError("eval_type_error", "array.concat: operand 2 must be array but got object", "array.concat", "[]", "{}");
    }

    @Test
    void sets() {
        assertCall("{2}", "intersection", "{{1, 2}, {2, 3}}");
        assertCall("set()", "intersection", "set()");
        assertCall("{1, 2, 3}", "union", "{{1, 2}, {2, 3}}");
        assertCall("{1}", "set_diff", "{1, 2}", "{2}");
        assertError("eval_type_error", "union: operand 1 must be set but got number", "union", "{1}");
    }

    @Test
    void objectGetWalksPaths() {
        assertCall("1", "object.get", "{\"a\": 1}", q("a"), "0");
        assertCall("0", "object.get", "{\"a\": 1}", q("b"), "0");
        assertCall("\"c\"", "object.get", "{\"a\": {\"b\": [\"x\", \"c\"]}}", "[\"a\", \"b\", 1]", "0");
        assertCall("\"s\"", "object.get", "{\"a\": {\"s\"}}", "[\"a\", \"s\"]", "0");
        assertCall("{\"a\": 1}", "object.get", "{\"a\": 1}", "[]", "0");
        assertCall("\"d\"", "object.get", "{\"a\": [1]}", "[\"a\", 5]", "\"d\"");
        assertError("eval_type_error", "object.get: operand 1 must be object but got string", "object.get", q("x"), q("a"), "0");
    }

    @Test
    void objectKeysRemoveFilter() {
        assertCall("{\"a\", 1}", "object.keys", "{\"a\": 1, 1: 2}");
        assertCall("{\"b\": 2}", "object.remove", "{\"a\": 1, \"b\": 2}", "[\"a\"]");
        assertCall("{\"b\": 2}", "object.remove", "{\"a\": 1, \"b\": 2}", "{\"a\": true}");
        assertCall("{\"a\": 1}", "object.filter", "{\"a\": 1, \"b\": 2}", "{\"a\", \"c\"}");
        assertError("eval_type_error", "object.filter: operand 2 must be one of {object, set, array} but got string", "object.filter", "{}", q("a"));
    }

    @Test
    void unionsMergeRecursively() {
        assertCall("{\"a\": {\"b\": 1, \"c\": 2}, \"d\": 3}", "object.union", "{\"a\": {\"b\": 1}, \"d\": 0}", "{\"a\": {\"c\": 2}, \"d\": 3}");
        assertCall("{\"a\": 5}", "object.union", "{\"a\": {\"b\": 1}}", "{\"a\": 5}");
        assertCall("{\"a\": {\"c\": 3}}", "object.union_n", "[{\"a\": {\"b\": 2}}, {\"a\": 4}, {\"a\": {\"c\": 3}}]");
        assertCall("{\"a\": {\"b\": 1, \"c\": {\"d\": 1, \"e\": 2}}}", "object.union_n",
                "[{\"a\": {\"b\": 1, \"c\": {\"d\": 1}}}, {\"a\": {\"c\": {\"e\": 2}}}]");
        assertError("eval_type_error", "object.union_n: operand 1 must be array of objects but got array containing string",
                "object.union_n", "[{}, \"x\"]");
    }

    @Test
    void subset() {
        assertCall("true", "object.subset", "{\"a\": {\"b\": 1, \"c\": 2}, \"d\": 3}", "{\"a\": {\"b\": 1}}");
        assertCall("true", "object.subset", "{\"a\": [1, 2, 3]}", "{\"a\": [2, 3]}");
        assertCall("false", "object.subset", "[1, 2, 3]", "[1, 3]");
        assertCall("true", "object.subset", "[1, 2, 3]", "{3, 1}");
        assertError("eval_type_error", "object.subset: both arguments object.subset must be of the same type or array and set",
                "object.subset", "{1}", "[1]");
    }

    @Test
    void types() {
        assertCall("true", "is_number", "-42.0");
        assertCall("false", "is_string", "1");
        assertCall("true", "is_set", "set()");
        assertCall("true", "is_object", "{}");
        assertCall("true", "is_null", "null");
        assertCall("\"set\"", "type_name", "{1}");
        assertCall("\"boolean\"", "type_name", "false");
        assertCall("[1, 2]", "cast_array", "{2, 1}");
        assertCall("{1, 2}", "cast_set", "[2, 1, 2]");
        assertError("eval_type_error", "cast_string: operand 1 must be string but got number", "cast_string", "1");
    }

    @Test
    void toNumberParsesGoFloatSyntax() {
        assertCall("-42.0", "to_number", q("-42.0"));
        assertCall("1", "to_number", "true");
        assertCall("0", "to_number", "null");
        assertCall("1000", "to_number", q("1e3"));
        assertCall("0.5", "to_number", q(".5"));
        assertCall("12", "to_number", q("0x1.8p3"));
        assertCall("123456789012345678901234567890", "to_number", q("123456789012345678901234567890"));
        assertError("eval_builtin_error", "to_number: strconv.ParseFloat: parsing \"foo\": invalid syntax", "to_number", q("foo"));
        assertError("eval_builtin_error", "to_number: strconv.ParseFloat: parsing \"1_000\": invalid syntax", "to_number", q("1_000"));
        assertError("eval_builtin_error", "to_number: strconv.ParseFloat: parsing \"1e400\": value out of range", "to_number", q("1e400"));
        assertError("eval_type_error", "to_number: operand 1 must be valid number string but got string", "to_number", q("-Inf"));
        assertError("eval_type_error", "to_number: operand 1 must be one of {null, boolean, number, string} but got array", "to_number", "[]");
    }
}
