package dev.tollgate.rego.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.SpecVersion;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema checks gojsonschema makes while loading a schema, with its messages, e.g.
 * {@code has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean
 * integer number null object string]}. networknt accepts such schemas silently, so OPA's verdicts need this pass.
 * Also picks the draft: the one named by {@code $schema}, else draft 7 (gojsonschema's "hybrid" reads draft 4
 * style boolean exclusiveMinimum/Maximum too, so those select draft 4).
 */
final class SchemaCheck {
    private SchemaCheck() {}

    private static final List<String> TYPES = List.of("array", "boolean", "integer", "number", "null", "object", "string");
    private static final int HYBRID = Integer.MAX_VALUE;

    static SpecVersion.VersionFlag check(JsonNode root) throws JsonSchemas.SchemaError {
        int draft = HYBRID;
        JsonNode declared = root.get("$schema");
        if (declared != null && declared.isTextual()) {
            String s = declared.asText();
            if (s.contains("draft-04")) draft = 4;
            else if (s.contains("draft-06")) draft = 6;
            else if (s.contains("draft-07")) draft = 7;
        }
        schema(root, draft);
        if (draft == 4 || draft == HYBRID && booleanExclusive(root)) return SpecVersion.VersionFlag.V4;
        return draft == 6 ? SpecVersion.VersionFlag.V6 : SpecVersion.VersionFlag.V7;
    }

    private static boolean booleanExclusive(JsonNode n) {
        if (n.isObject()) {
            JsonNode min = n.get("exclusiveMinimum");
            JsonNode max = n.get("exclusiveMaximum");
            if (min != null && min.isBoolean() || max != null && max.isBoolean()) return true;
        }
        if (n.isContainerNode()) {
            for (JsonNode child : n) if (booleanExclusive(child)) return true;
        }
        return false;
    }

    private static JsonSchemas.SchemaError error(String message) {
        return new JsonSchemas.SchemaError(message);
    }

    /** gojsonschema's invalidType(expected, given), arguments as it passes them. */
    private static JsonSchemas.SchemaError invalidType(String expected, String given) {
        return error("Invalid type. Expected: " + expected + ", given: " + given);
    }

    private static void schema(JsonNode n, int draft) throws JsonSchemas.SchemaError {
        if (draft >= 6 && n.isBoolean()) return;
        if (!n.isObject()) throw error("Expected: valid schema, given: Invalid JSON");

        string(n, draft == 4 ? "id" : "$id");
        JsonNode definitions = n.get("definitions");
        if (definitions != null) {
            if (!definitions.isObject()) throw invalidType("array of schemas", "definitions");
            for (JsonNode d : definitions) {
                if (!(d.isObject() || d.isBoolean())) throw invalidType("array of schemas", "definitions");
                schema(d, draft);
            }
        }
        string(n, "title");
        string(n, "description");
        string(n, "$ref");

        JsonNode type = n.get("type");
        if (type != null) {
            Set<String> seen = new HashSet<>();
            if (type.isTextual()) {
                addType(seen, type.asText());
            } else if (type.isArray()) {
                for (JsonNode t : type) {
                    if (!t.isTextual()) throw invalidType("type", "string/array of strings");
                    addType(seen, t.asText());
                }
            } else {
                throw invalidType("type", "string/array of strings");
            }
        }

        JsonNode properties = n.get("properties");
        if (properties != null) {
            if (!properties.isObject()) throw error("properties must be of type object");
            for (JsonNode p : properties) schema(p, draft);
        }
        JsonNode additional = n.get("additionalProperties");
        if (additional != null) {
            if (additional.isObject()) schema(additional, draft);
            else if (!additional.isBoolean()) throw invalidType("boolean/valid schema", "additionalProperties");
        }
        JsonNode patternProperties = n.get("patternProperties");
        if (patternProperties != null) {
            if (!patternProperties.isObject()) throw invalidType("valid schema", "patternProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = patternProperties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!compiles(e.getKey())) throw error("Invalid regex pattern '" + e.getKey() + "'");
                schema(e.getValue(), draft);
            }
        }
        JsonNode propertyNames = n.get("propertyNames");
        if (propertyNames != null && draft >= 6) {
            if (!(propertyNames.isObject() || propertyNames.isBoolean())) throw invalidType("valid schema", "patternProperties");
            schema(propertyNames, draft);
        }
        JsonNode dependencies = n.get("dependencies");
        if (dependencies != null) {
            if (!dependencies.isObject()) throw error("dependencies must be of type object");
            for (JsonNode d : dependencies) {
                if (d.isArray()) {
                    for (JsonNode s : d) if (!s.isTextual()) throw error("dependency must be of type schema or array of strings");
                } else if (d.isObject() || d.isBoolean()) {
                    schema(d, draft);
                } else {
                    throw error("dependency must be of type schema or array of strings");
                }
            }
        }
        JsonNode items = n.get("items");
        if (items != null) {
            if (items.isArray()) {
                for (JsonNode i : items) {
                    if (!(i.isObject() || i.isBoolean())) throw invalidType("valid schema/array of schemas", "items");
                    schema(i, draft);
                }
            } else if (items.isObject() || items.isBoolean()) {
                schema(items, draft);
            } else {
                throw invalidType("valid schema/array of schemas", "items");
            }
        }
        JsonNode additionalItems = n.get("additionalItems");
        if (additionalItems != null) {
            if (additionalItems.isObject()) schema(additionalItems, draft);
            else if (!additionalItems.isBoolean()) throw invalidType("boolean/valid schema", "additionalItems");
        }

        JsonNode multipleOf = n.get("multipleOf");
        if (multipleOf != null) {
            if (!multipleOf.isNumber()) throw invalidType("number", "multipleOf");
            if (multipleOf.decimalValue().signum() <= 0) throw error("multipleOf must be strictly greater than 0");
        }
        bound(n, "minimum", "exclusiveMinimum", draft);
        bound(n, "maximum", "exclusiveMaximum", draft);

        BigDecimal minLength = nonNegativeInteger(n, "minLength");
        BigDecimal maxLength = nonNegativeInteger(n, "maxLength");
        if (minLength != null && maxLength != null && minLength.compareTo(maxLength) > 0) {
            throw error("minLength cannot be greater than maxLength");
        }
        JsonNode pattern = n.get("pattern");
        if (pattern != null) {
            if (!pattern.isTextual()) throw invalidType("string", "pattern");
            if (!compiles(pattern.asText())) throw error("pattern must be a valid regex");
        }
        string(n, "format");

        BigDecimal minProperties = nonNegativeInteger(n, "minProperties");
        BigDecimal maxProperties = nonNegativeInteger(n, "maxProperties");
        if (minProperties != null && maxProperties != null && minProperties.compareTo(maxProperties) > 0) {
            throw error("minProperties cannot be greater than maxProperties");
        }
        JsonNode required = n.get("required");
        if (required != null) {
            if (!required.isArray()) throw error("required must be of an array");
            Set<String> seen = new HashSet<>();
            for (JsonNode r : required) {
                if (!r.isTextual()) throw invalidType("string", "required");
                if (!seen.add(r.asText())) throw error("required items must be unique");
            }
        }

        nonNegativeInteger(n, "minItems");
        nonNegativeInteger(n, "maxItems");
        JsonNode unique = n.get("uniqueItems");
        if (unique != null && !unique.isBoolean()) throw error("uniqueItems must be of a boolean");
        JsonNode contains = n.get("contains");
        if (contains != null && draft >= 6) schema(contains, draft);

        JsonNode enumNode = n.get("enum");
        if (enumNode != null) {
            if (!enumNode.isArray()) throw error("enum must be of an array");
            Set<String> seen = new HashSet<>();
            for (JsonNode e : enumNode) {
                if (!seen.add(GoJson.marshal(dev.tollgate.rego.Values.fromJson(e)))) throw error("enum items must be unique");
            }
        }
        for (String key : List.of("oneOf", "anyOf", "allOf")) {
            JsonNode list = n.get(key);
            if (list == null) continue;
            if (!list.isArray()) throw error(key + " must be of an array");
            for (JsonNode s : list) schema(s, draft);
        }
        subschema(n, "not");
        if (draft >= 7) {
            subschema(n, "if");
            subschema(n, "then");
            subschema(n, "else");
        }
    }

    private static void addType(Set<String> seen, String t) throws JsonSchemas.SchemaError {
        if (!TYPES.contains(t)) {
            throw error("has a primitive type that is NOT VALID -- given: /" + t + "/ Expected valid values are:["
                    + String.join(" ", TYPES) + "]");
        }
        if (!seen.add(t)) throw error(t + " type is duplicated");
    }

    private static void string(JsonNode n, String key) throws JsonSchemas.SchemaError {
        JsonNode v = n.get(key);
        if (v != null && !v.isTextual()) throw invalidType("string", key);
    }

    private static void subschema(JsonNode n, String key) throws JsonSchemas.SchemaError {
        JsonNode v = n.get(key);
        if (v == null) return;
        if (!(v.isObject() || v.isBoolean())) throw error(key + " must be of an object");
        schema(v, HYBRID);
    }

    private static void bound(JsonNode n, String key, String exclusiveKey, int draft) throws JsonSchemas.SchemaError {
        JsonNode v = n.get(key);
        if (v != null && !v.isNumber()) throw error(key + " must be of a number");
        JsonNode exclusive = n.get(exclusiveKey);
        if (exclusive == null) return;
        if (draft == 4 && !exclusive.isBoolean()) throw invalidType("boolean", exclusiveKey);
        if (exclusive.isBoolean()) {
            if (draft != 4 && draft != HYBRID) throw invalidType("number", exclusiveKey);
            if (v == null) throw error(exclusiveKey + " cannot be used without " + key);
        } else if (!exclusive.isNumber()) {
            throw invalidType(draft == HYBRID ? "boolean/number" : "number", exclusiveKey);
        }
    }

    private static BigDecimal nonNegativeInteger(JsonNode n, String key) throws JsonSchemas.SchemaError {
        JsonNode v = n.get(key);
        if (v == null) return null;
        if (!v.isNumber() || v.decimalValue().stripTrailingZeros().scale() > 0) throw error(key + " must be of an integer");
        if (v.decimalValue().signum() < 0) throw error(key + " must be greater than or equal to 0");
        return v.decimalValue();
    }

    private static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
