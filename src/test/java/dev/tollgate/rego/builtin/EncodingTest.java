package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Conformance.arr;
import static dev.tollgate.rego.builtin.Conformance.assertCase;
import static dev.tollgate.rego.builtin.Conformance.assertCaseError;
import static dev.tollgate.rego.builtin.Conformance.call;
import static dev.tollgate.rego.builtin.Conformance.expected;
import static dev.tollgate.rego.builtin.Conformance.json;
import static dev.tollgate.rego.builtin.Conformance.num;
import static dev.tollgate.rego.builtin.Conformance.set;
import static dev.tollgate.rego.builtin.Conformance.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EncodingTest {

    @Test
    void base64MatchesConformanceCases() {
        assertCase("base64builtins/encode-1", "base64.encode", str("hello"));
        assertCase("base64builtins/encode-2", "base64.encode", str("there"));
        assertCase("base64builtins/decode-1", "base64.decode", str("aGVsbG8="));
        assertCase("base64builtins/decode-2", "base64.decode", str("dGhlcmU="));
        assertCase("base64builtins/encode-slash", "base64.encode", str("subjects?_d"));
        assertCase("base64builtins/decode-slash", "base64.decode", str("c3ViamVjdHM/X2Q="));
        assertCase("base64builtins/is_valid-true", "base64.is_valid", str("aGVsbG8="));
        assertCase("base64builtins/is_valid-false", "base64.is_valid", str("{'not':'base64'}"));
    }

    @Test
    void base64DecodeReportsTheByteGoReports() {
        assertEquals("eval_builtin_error: base64.decode: illegal base64 data at input byte 4",
                assertThrows(RegoError.class, () -> call("base64.decode", str("aGVs!G8="))).getMessage());
        // a missing quantum is reported where it starts; bad padding where the "=" is
        assertEquals("base64.decode: illegal base64 data at input byte 4",
                assertThrows(RegoError.class, () -> call("base64.decode", str("aGVsbG8"))).detail());
        assertEquals("base64.decode: illegal base64 data at input byte 1",
                assertThrows(RegoError.class, () -> call("base64.decode", str("a==="))).detail());
        assertEquals("base64.decode: illegal base64 data at input byte 8",
                assertThrows(RegoError.class, () -> call("base64.decode", str("aGVsbG8=x"))).detail());
        // Go skips newlines anywhere
        assertEquals(str("hello"), call("base64.decode", str("aGVs\nbG8=\r\n")));
        assertEquals(Value.FALSE, call("base64.is_valid", num(1)));
    }

    @Test
    void base64UrlMatchesConformanceCases() {
        assertCase("base64urlbuiltins/encode-1", "base64url.encode", str("hello"));
        assertCase("base64urlbuiltins/encode-2", "base64url.encode", str("there"));
        assertCase("base64urlbuiltins/decode-1 padded string", "base64url.decode", str("aGVsbG8="));
        assertCase("base64urlbuiltins/decode-2 non-padded string", "base64url.decode", str("aGVsbG8"));
        assertCase("base64urlbuiltins/encode-1 without padding", "base64url.encode_no_pad", str("hello"));
        assertCase("base64urlbuiltins/encode-2 without padding", "base64url.encode_no_pad", str("there"));
        assertEquals(str("subjects?_d"), call("base64url.decode", str("c3ViamVjdHM_X2Q")));
        assertEquals("base64url.decode: illegal base64url string: abcde",
                assertThrows(RegoError.class, () -> call("base64url.decode", str("abcde"))).detail());
    }

    @Test
    void hexMatchesConformanceCases() {
        assertCase("hexbuiltins/hex_encode with string", "hex.encode", str("lorem ipsum"));
        assertCase("hexbuiltins/hex_decode with string", "hex.decode", str("6c6f72656d20697073756d"));
        assertCaseError("hexbuiltins/hex_decode with invalid hex encoded string", "hex.decode", str("fghijkl"));
        assertEquals("hex.decode: encoding/hex: odd length hex string",
                assertThrows(RegoError.class, () -> call("hex.decode", str("abc"))).detail());
        assertEquals("hex.decode: encoding/hex: invalid byte: U+000A",
                assertThrows(RegoError.class, () -> call("hex.decode", str("a\n"))).detail());
    }

    @Test
    void urlqueryMatchesConformanceCases() {
        assertCase("urlbuiltins/encode", "urlquery.encode", str("a=b+1"));
        assertCase("urlbuiltins/encode empty", "urlquery.encode", str(""));
        assertCase("urlbuiltins/decode", "urlquery.decode", str("a%3Db%2B1"));
        assertCase("urlbuiltins/encode_object empty", "urlquery.encode_object", json("{}"));
        assertCase("urlbuiltins/encode_object escape", "urlquery.encode_object", json("{\"a\": \"c=b+1\"}"));
        assertCase("urlbuiltins/encode_object set", "urlquery.encode_object", Value.Obj.builder().put("a", set(str("b+1"))).build());
        assertCase("urlbuiltins/decode_object multiple", "urlquery.decode_object", str("a=value_a1&b=value_b&a=value_a2"));
        assertCase("urlbuiltins/decode_object empty parameter", "urlquery.decode_object", str("a=value_a1&b"));
        assertCase("urlbuiltins/decode_object empty string", "urlquery.decode_object", str(""));
    }

    @Test
    void urlqueryFollowsGoEscaping() {
        assertEquals(str("a+b%26c%2F%C3%A9~"), call("urlquery.encode", str("a b&c/é~")));
        assertEquals(str("a b&c/é"), call("urlquery.decode", str("a+b%26c%2F%C3%A9")));
        assertEquals("urlquery.decode: invalid URL escape \"%zz\"",
                assertThrows(RegoError.class, () -> call("urlquery.decode", str("a%zzb"))).detail());
        assertEquals(str("a=1&a=2&b=x+y"), call("urlquery.encode_object", json("{\"b\": \"x y\", \"a\": [\"1\", \"2\"]}")));
        RegoError e = assertThrows(RegoError.class, () -> call("urlquery.encode_object", json("{\"a\": 1}")));
        assertEquals("eval_type_error: urlquery.encode_object: operand 1 values must be string, array[string], or set[string]", e.getMessage());
        assertEquals("urlquery.decode_object: invalid semicolon separator in query",
                assertThrows(RegoError.class, () -> call("urlquery.decode_object", str("a=1;b=2"))).detail());
    }

    @Test
    void jsonMarshalMatchesConformanceCases() {
        assertCase("jsonbuiltins/marshal", "json.marshal",
                Value.Arr.of(Value.Obj.builder().put("foo", set(num(1), num(2), num(3))).build()));
        assertCase("jsonbuiltins/marshal large integers", "json.marshal",
                arr(num(1234567890), num(2000000), num(1000000000)));
        assertCase("jsonbuiltins/unmarshal", "json.unmarshal", str("[{\"foo\":[1,2,3]}]"));
        assertCaseError("jsonbuiltins/unmarshal-non-string", "json.unmarshal", num(1));
    }

    @Test
    void jsonMarshalEscapesLikeGo() {
        assertEquals(str("{\"a\":\"\\u003ctag\\u003e \\u0026 \\\"q\\\" \\n\\u0001\\u2028\"}"),
                call("json.marshal", json("{\"a\": \"<tag> & \\\"q\\\" \\n\\u0001\\u2028\"}")));
        // objects with non-string keys use the key's JSON text; keys sort by bytes
        Value obj = Value.Obj.builder().put(num(2), str("n")).put(str("B"), str("b")).put(str("a"), str("a")).build();
        assertEquals(str("{\"2\":\"n\",\"B\":\"b\",\"a\":\"a\"}"), call("json.marshal", obj));
        assertEquals(str("[1.5,-0.001,null,true]"), call("json.marshal", json("[1.50, -0.001, null, true]")));
    }

    @Test
    void jsonMarshalWithOptionsPrettyPrints() {
        Value doc = json("{\"b\": [1, {}], \"a\": []}");
        assertEquals(str("{\n\t\"a\": [],\n\t\"b\": [\n\t\t1,\n\t\t{}\n\t]\n}"),
                call("json.marshal_with_options", doc, json("{\"pretty\": true}")));
        assertEquals(str(">{\n>  \"a\": [],\n>  \"b\": [\n>    1,\n>    {}\n>  ]\n>}"),
                call("json.marshal_with_options", doc, json("{\"prefix\": \">\", \"indent\": \"  \"}")));
        assertEquals(str("{\"a\":[],\"b\":[1,{}]}"),
                call("json.marshal_with_options", doc, json("{\"indent\": \"  \", \"pretty\": false}")));
        assertEquals("eval_type_error: json.marshal_with_options: operand 2 object contained unknown key ugly",
                assertThrows(RegoError.class, () -> call("json.marshal_with_options", doc, json("{\"ugly\": true}"))).getMessage());
        assertEquals("json.marshal_with_options: operand 2 key pretty failed cast to bool",
                assertThrows(RegoError.class, () -> call("json.marshal_with_options", doc, json("{\"pretty\": 1}"))).detail());
        assertEquals("json.marshal_with_options: operand 2 key indent failed cast to string: operand 0 must be string but got number",
                assertThrows(RegoError.class, () -> call("json.marshal_with_options", doc, json("{\"indent\": 1}"))).detail());
    }

    @Test
    void jsonUnmarshalReportsGoSyntaxErrors() {
        assertEquals(json("{\"a\": [1.5, \"x\\u00e9\", null, false]}"), call("json.unmarshal", str(" {\"a\": [1.5, \"x\\u00e9\", null, false]} ")));
        assertUnmarshalError("{\"a\" 1}", "invalid character '1' after object key");
        assertUnmarshalError("[1,2", "unexpected EOF");
        assertUnmarshalError("", "EOF");
        assertUnmarshalError("[1 2]", "invalid character '2' after array element");
        assertUnmarshalError("{\"a\":1 \"b\":2}", "invalid character '\"' after object key:value pair");
        assertUnmarshalError("tru", "unexpected EOF");
        assertUnmarshalError("trux", "invalid character 'x' in literal true (expecting 'e')");
        assertUnmarshalError("[-]", "invalid character ']' in numeric literal");
        assertUnmarshalError("\"a\tb\"", "invalid character '\\t' in string literal");
        assertUnmarshalError("{'a': 1}", "invalid character '\\'' looking for beginning of object key string");
        assertUnmarshalError("[1] x", "invalid character 'x' looking for beginning of value");
        assertUnmarshalError("1 2", "error(s) occurred while decoding: %!w(<nil>)");
        assertUnmarshalError("é", "invalid character 'Ã' looking for beginning of value");
    }

    private static void assertUnmarshalError(String input, String message) {
        RegoError e = assertThrows(RegoError.class, () -> call("json.unmarshal", str(input)), input);
        assertEquals("json.unmarshal: " + message, e.detail(), input);
        assertEquals(RegoError.EVAL_BUILTIN, e.code());
    }

    @Test
    void jsonIsValidMatchesConformanceCases() {
        Value want = expected("jsonbuiltins/json is_valid");
        assertEquals(want, arr(call("json.is_valid", str("plainstring")), call("json.is_valid", str("{")),
                call("json.is_valid", str("{\"json\": \"ok\"}"))));
        assertCase("jsonbuiltins/json is_valid not string", "json.is_valid", num(1));
        assertEquals(Value.FALSE, call("json.is_valid", str("1 2")));
        assertEquals(Value.TRUE, call("json.is_valid", str(" 1e5 ")));
    }

    @Test
    void yamlMatchesConformanceCases() {
        Value want = expected("jsonbuiltins/yaml is_valid");
        assertEquals(want, arr(
                call("yaml.is_valid", str("foo:\n   - qux: bar\n   - baz: 2")),
                call("yaml.is_valid", str("foo:\n   - qux: bar\n   - baz: {")),
                call("yaml.is_valid", str("{\"json\": \"ok\"}"))));
        assertCase("jsonbuiltins/yaml is_valid not string", "yaml.is_valid", num(1));
        Value marshalled = call("yaml.marshal", Value.Arr.of(Value.Obj.builder().put("foo", set(num(1), num(2), num(3))).build()));
        assertCase("jsonbuiltins/yaml round-trip", "yaml.unmarshal", marshalled);
        assertCaseError("jsonbuiltins/yaml unmarshal error", "yaml.unmarshal", str("[1,2,3"));
    }
}
