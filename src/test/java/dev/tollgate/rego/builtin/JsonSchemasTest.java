package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import org.junit.jupiter.api.Test;

import static dev.tollgate.rego.builtin.Conformance.arr;
import static dev.tollgate.rego.builtin.Conformance.assertCase;
import static dev.tollgate.rego.builtin.Conformance.assertCaseError;
import static dev.tollgate.rego.builtin.Conformance.call;
import static dev.tollgate.rego.builtin.Conformance.json;
import static dev.tollgate.rego.builtin.Conformance.num;
import static dev.tollgate.rego.builtin.Conformance.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonSchemasTest {

    private static final Value ID_SCHEMA = json("{\"properties\": {\"id\": {\"type\": \"integer\"}}, \"required\": [\"id\"]}");

    @Test
    void matchSchemaMatchesConformanceCases() {
        assertCase("json_match_schema/success", "json.match_schema", json("{\"id\": 5}"), ID_SCHEMA);
        assertCase("json_match_schema/success string document", "json.match_schema", str("{\"id\": 5}"), ID_SCHEMA);
        assertCase("json_match_schema/success string schema", "json.match_schema", json("{\"id\": 5}"),
                str("{\n  \"properties\": {\n    \"id\": {\n      \"type\": \"integer\"\n    }\n  },\n  \"required\": [\"id\"]\n}"));
        assertCase("json_match_schema/invalid document", "json.match_schema", json("{\"id\": \"foo\"}"), ID_SCHEMA);
        assertCaseError("json_match_schema/invalid schema", "json.match_schema", json("{\"id\": \"foo\"}"),
                json("{\"properties\": {\"id\": {\"type\": \"unknown\"}}, \"required\": [\"id\"]}"));
    }

    @Test
    void verifySchemaMatchesConformanceCases() {
        assertCase("json_verify_schema/valid schema string", "json.verify_schema", str("{\"type\": \"boolean\"}"));
        assertCase("json_verify_schema/valid schema object", "json.verify_schema", json("{\"type\": \"boolean\"}"));
        assertCase("json_verify_schema/invalid schema string", "json.verify_schema", str("{\"type\": \"unknown_type\"}"));
        assertCase("json_verify_schema/invalid schema object", "json.verify_schema", json("{\"type\": \"unknown_type\"}"));
    }

    private static String verifyError(String schema) {
        Value result = call("json.verify_schema", json(schema));
        assertEquals(Value.FALSE, ((Value.Arr) result).get(0), schema);
        return ((Value.Str) ((Value.Arr) result).get(1)).value();
    }

    @Test
    void verifyRejectsWhatGojsonschemaRejects() {
        assertEquals("jsonschema: string type is duplicated", verifyError("{\"type\": [\"string\", \"string\"]}"));
        assertEquals("jsonschema: Invalid type. Expected: type, given: string/array of strings", verifyError("{\"type\": 1}"));
        assertEquals("jsonschema: minLength must be greater than or equal to 0", verifyError("{\"minLength\": -1}"));
        assertEquals("jsonschema: minLength cannot be greater than maxLength", verifyError("{\"minLength\": 3, \"maxLength\": 1}"));
        assertEquals("jsonschema: pattern must be a valid regex", verifyError("{\"pattern\": \"(?!x)\"}"));
        assertEquals("jsonschema: required items must be unique", verifyError("{\"required\": [\"a\", \"a\"]}"));
        assertEquals("jsonschema: properties must be of type object", verifyError("{\"properties\": []}"));
        assertEquals("jsonschema: Expected: valid schema, given: Invalid JSON", verifyError("{\"properties\": {\"a\": 1}}"));
        assertEquals("jsonschema: multipleOf must be strictly greater than 0", verifyError("{\"multipleOf\": 0}"));
        assertEquals("jsonschema: enum items must be unique", verifyError("{\"enum\": [1, 1.0]}"));
        assertEquals("jsonschema: exclusiveMinimum cannot be used without minimum", verifyError("{\"exclusiveMinimum\": true}"));
        assertEquals("jsonschema: invalid JSON string", ((Value.Str) ((Value.Arr) call("json.verify_schema", str("{"))).get(1)).value());
        assertEquals("jsonschema: wrong type, expected string or object", ((Value.Str) ((Value.Arr) call("json.verify_schema", num(1))).get(1)).value());
        assertEquals(arr(Value.TRUE, Value.NULL), call("json.verify_schema", json("{\"$schema\": \"http://json-schema.org/draft-04/schema#\","
                + " \"properties\": {\"n\": {\"minimum\": 1, \"exclusiveMinimum\": true}}, \"definitions\": {\"x\": {\"type\": \"string\"}}}")));
    }

    private static Value problems(String document, String schema) {
        Value result = call("json.match_schema", str(document), json(schema)); // documents as JSON text, so scalars are allowed
        return ((Value.Arr) result).get(1);
    }

    private static Value problem(String type, String field, String desc) {
        return Value.Obj.builder().put("error", str(field + ": " + desc)).put("type", str(type)).put("field", str(field))
                .put("desc", str(desc)).build();
    }

    @Test
    void matchReportsProblemsAsGojsonschemaDoes() {
        assertEquals(arr(problem("required", "(root)", "name is required")), problems("{}", "{\"required\": [\"name\"]}"));
        assertEquals(arr(problem("enum", "(root)", "(root) must be one of the following: \"a\", 1")), problems("2", "{\"enum\": [\"a\", 1]}"));
        assertEquals(arr(problem("number_gte", "items.0", "Must be greater than or equal to 3")),
                problems("{\"items\": [1, 5]}", "{\"properties\": {\"items\": {\"items\": {\"minimum\": 3}}}}"));
        assertEquals(arr(problem("additional_property_not_allowed", "(root)", "Additional property b is not allowed")),
                problems("{\"a\": 1, \"b\": 2}", "{\"additionalProperties\": false, \"properties\": {\"a\": {}}}"));
        assertEquals(arr(problem("invalid_type", "(root)", "Invalid type. Expected: [integer,null], given: string")),
                problems("\"x\"", "{\"type\": [\"integer\", \"null\"], \"enum\": [1]}"));
        assertEquals(arr(problem("pattern", "(root)", "Does not match pattern '^a+$'")), problems("\"bb\"", "{\"pattern\": \"^a+$\"}"));
        assertEquals(arr(problem("string_gte", "s", "String length must be greater than or equal to 3")),
                problems("{\"s\": \"bb\"}", "{\"properties\": {\"s\": {\"minLength\": 3}}}"));
        assertEquals(arr(problem("const", "a.b", "a.b does not match: 3")),
                problems("{\"a\": {\"b\": 4}}", "{\"properties\": {\"a\": {\"properties\": {\"b\": {\"const\": 3}}}}}"));
        assertEquals(arr(problem("unique", "(root)", "array items[0,2] must be unique")), problems("[1, 2, 1]", "{\"uniqueItems\": true}"));
        assertEquals(arr(problem("number_any_of", "(root)", "Must validate at least one schema (anyOf)"),
                        problem("invalid_type", "(root)", "Invalid type. Expected: string, given: number")),
                problems("1.5", "{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"integer\", \"minimum\": 2}]}"));
        assertEquals(arr(Value.TRUE, arr()), call("json.match_schema", json("[1, \"a\"]"), json("{\"items\": {\"type\": [\"integer\", \"string\"]}}")));
    }

    @Test
    void patternsAreRe2AndReferencesStayLocal() {
        assertEquals(arr(), problems("{\"a\": \"x1\"}", "{\"properties\": {\"a\": {\"pattern\": \"\\\\d\"}}}"));
        assertEquals(arr(), problems("{\"a\": {\"n\": 1}}", "{\"definitions\": {\"n\": {\"type\": \"object\"}}, \"properties\": {\"a\": {\"$ref\": \"#/definitions/n\"}}}"));
        RegoError e = assertThrows(RegoError.class, () -> call("json.match_schema", json("{}"), json("{\"$ref\": \"http://example.invalid/s.json\"}")));
        assertEquals(RegoError.EVAL_BUILTIN, e.code());
        assertEquals("json.match_schema: wrong type, expected string or object",
                assertThrows(RegoError.class, () -> call("json.match_schema", num(1), ID_SCHEMA)).detail());
        assertEquals("json.match_schema: invalid JSON string",
                assertThrows(RegoError.class, () -> call("json.match_schema", str("{"), ID_SCHEMA)).detail());
    }
}
