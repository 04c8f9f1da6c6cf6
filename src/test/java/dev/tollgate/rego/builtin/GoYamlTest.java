package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Conformance.call;
import static dev.tollgate.rego.builtin.Conformance.json;
import static dev.tollgate.rego.builtin.Conformance.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** yaml.* details that OPA inherits from go-yaml v2 and sigs.k8s.io/yaml. */
class GoYamlTest {

    private static Value unmarshal(String yaml) {
        return call("yaml.unmarshal", str(yaml));
    }

    private static String unmarshalError(String yaml) {
        return assertThrows(RegoError.class, () -> unmarshal(yaml), yaml).detail();
    }

    @Test
    void scalarsFollowYaml11AsGoYamlReadsThem() {
        assertEquals(json("{\"a\": true, \"b\": 31, \"c\": 15, \"d\": 1000, \"e\": 0.5, \"f\": \"2001-12-14\", \"g\": null,"
                        + " \"true\": false, \"1\": \"one\", \"h\": \"0x\", \"i\": -5, \"j\": 1e3}"),
                unmarshal("a: yes\nb: 0x1F\nc: 017\nd: 1_000\ne: .5\nf: 2001-12-14\ng: ~\ny: n\n1: one\nh: 0x\ni: -0b101\nj: 1e3\n"));
        assertEquals(json("{\"x\": \"12\", \"z\": 7, \"q\": \"yes\"}"), unmarshal("x: !!str 12\nz: !!int 7\nq: 'yes'"));
    }

    @Test
    void onlyTheFirstDocumentCountsAndEmptyIsNull() {
        assertEquals(json("{\"a\": 1}"), unmarshal("a: 1\n---\nb: [\n"));
        assertEquals(Value.NULL, unmarshal(""));
        assertEquals(Value.NULL, unmarshal("# just a comment\n"));
    }

    @Test
    void mergeKeysAndAnchorsWork() {
        assertEquals(json("{\"base\": {\"p\": 1, \"q\": 2}, \"d\": {\"p\": 1, \"q\": 3}, \"l\": [{\"p\": 1, \"q\": 2}]}"),
                unmarshal("base: &b {p: 1, q: 2}\nd:\n  <<: *b\n  q: 3\nl: [*b]\n"));
        assertEquals("yaml.unmarshal: yaml: map merge requires map or sequence of maps as the value", unmarshalError("a:\n  <<: 1\n"));
    }

    @Test
    void errorsAreWordedAsGoYamlWordsThem() {
        assertEquals("yaml.unmarshal: yaml: line 1: did not find expected ',' or ']'", unmarshalError("[1,2,3"));
        assertEquals("yaml.unmarshal: yaml: line 1: mapping values are not allowed in this context", unmarshalError("a: b: c"));
        assertEquals("yaml.unmarshal: yaml: unknown anchor 'x' referenced", unmarshalError("a: *x"));
        assertEquals("yaml.unmarshal: yaml: line 1: found unexpected end of stream", unmarshalError("key: \"unterminated"));
        assertEquals("yaml.unmarshal: json: unsupported value: NaN", unmarshalError("a: .nan"));
        assertTrue(unmarshalError("? [1]\n: x").startsWith("yaml.unmarshal: unsupported map key of type"));
        // valid YAML even though it cannot become JSON
        assertEquals(Value.TRUE, call("yaml.is_valid", str("? [1]\n: x")));
        assertEquals(Value.FALSE, call("yaml.is_valid", str("a: b: c")));
    }

    @Test
    void marshalWritesGoYamlBlockStyle() {
        Value doc = json("{\"b\": [1, {\"x\": \"yes\", \"y\": 2}, [2, 3], []], \"a10\": \"multi\\nline\", \"a2\": 1.5,"
                + " \"a\": \"a: b\", \"n\": null, \"e\": \"\", \"t\": \"true\", \"h\": \"#x\", \"o\": {}}");
        assertEquals(str("a: 'a: b'\na2: 1.5\na10: |-\n  multi\n  line\nb:\n- 1\n- x: \"yes\"\n  \"y\": 2\n- - 2\n  - 3\n- []\n"
                        + "e: \"\"\nh: '#x'\n\"n\": null\no: {}\nt: \"true\"\n"),
                call("yaml.marshal", doc));
        assertEquals(str("hello\n"), call("yaml.marshal", str("hello")));
        assertEquals(str("[]\n"), call("yaml.marshal", json("[]")));
        assertEquals(str("1e+21\n"), call("yaml.marshal", json("1e21")));
        assertEquals(str("1e-07\n"), call("yaml.marshal", json("0.0000001")));
    }

    @Test
    void marshalFoldsLongPlainStringsAtEightyColumns() {
        String sentence = "word ".repeat(30) + "end";
        String out = ((Value.Str) call("yaml.marshal", Value.Obj.builder().put("k", str(sentence)).build())).value();
        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].length() > 80 && lines[0].length() <= 85, out);
        assertTrue(lines[1].startsWith("  word"), out);
        assertEquals(Value.Obj.builder().put("k", str(sentence)).build(), call("yaml.unmarshal", str(out)));
    }

    @Test
    void naturalKeyOrderMatchesGoYaml() {
        assertTrue(GoYaml.naturalCompare("a2", "a10") < 0);
        assertTrue(GoYaml.naturalCompare("a10", "b") < 0);
        assertTrue(GoYaml.naturalCompare("_x", "ax") < 0); // non-letters before letters
        assertTrue(GoYaml.naturalCompare("B", "a") < 0);
    }
}
