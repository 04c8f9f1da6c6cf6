package dev.tollgate.rego.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpression;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * json.verify_schema and json.match_schema. OPA uses gojsonschema; its answers are reproduced here with networknt
 * doing the validation and two adapters around it: {@link SchemaCheck} rejects schemas gojsonschema rejects, with
 * its messages, and {@link #translate} rewrites networknt's findings into gojsonschema's error objects
 * ({@code {"error", "type", "field", "desc"}}, e.g. {@code id: Invalid type. Expected: integer, given: string}).
 * Patterns are RE2 (RE2/J), as in OPA; remote {@code $ref}s are never fetched.
 */
final class JsonSchemas {
    private JsonSchemas() {}

    /** A schema or document that cannot be used, with gojsonschema's message. */
    static final class SchemaError extends Exception {
        SchemaError(String message) { super(message, null, false, false); }
    }

    static Value verify(Value schema) {
        try {
            compile(schema);
            return Value.Arr.of(Value.TRUE, Value.NULL);
        } catch (SchemaError e) {
            return Value.Arr.of(Value.FALSE, Value.str("jsonschema: " + e.getMessage()));
        }
    }

    static Value match(Value document, Value schema) {
        JsonNode doc;
        JsonSchema compiled;
        try {
            doc = load(document);
            compiled = compile(schema);
        } catch (SchemaError e) {
            throw RegoError.builtin("json.match_schema", e.getMessage());
        }
        List<Value> errors = translate(compiled.validate(doc));
        return Value.Arr.of(Value.bool(errors.isEmpty()), Value.Arr.wrap(errors));
    }

    /** A string must hold JSON; objects and arrays are used as they are; anything else is refused. */
    private static JsonNode load(Value v) throws SchemaError {
        if (v instanceof Value.Str s) {
            try {
                return Values.toJson(GoJson.parse(s.value()));
            } catch (GoJson.SyntaxError e) {
                throw new SchemaError("invalid JSON string");
            }
        }
        if (v instanceof Value.Obj || v instanceof Value.Arr) return Values.toJson(v);
        throw new SchemaError("wrong type, expected string or object");
    }

    // ---------------------------------------------------------------- compiling

    /** Compiled schemas by schema value; policies tend to check many documents against a few schemas. */
    private static final Map<Value, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 256;

    private static final Map<SpecVersion.VersionFlag, JsonSchemaFactory> FACTORIES = new ConcurrentHashMap<>();

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .regularExpressionFactory(JsonSchemas::re2)
            .build();

    private static JsonSchema compile(Value schema) throws SchemaError {
        JsonSchema cached = CACHE.get(schema);
        if (cached != null) return cached;
        JsonNode node = load(schema);
        SpecVersion.VersionFlag version = SchemaCheck.check(node);
        JsonSchema compiled;
        try {
            compiled = FACTORIES.computeIfAbsent(version, JsonSchemas::factory).getSchema(node, CONFIG);
            compiled.initializeValidators(); // resolves $refs now, so a bad one fails verification
        } catch (JsonSchemaException | IllegalArgumentException | IllegalStateException e) {
            throw new SchemaError(e.getMessage());
        }
        if (CACHE.size() >= CACHE_LIMIT) CACHE.clear();
        CACHE.put(schema, compiled);
        return compiled;
    }

    /** A factory that resolves only references within the schema: no network, no files, no classpath. */
    private static JsonSchemaFactory factory(SpecVersion.VersionFlag version) {
        return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(version))
                .schemaLoaders(loaders -> loaders.values(List::clear).add(iri -> {
                    throw new JsonSchemaException("remote references are not allowed: " + iri);
                }))
                .build();
    }

    /** JSON Schema "pattern" is a search, not a full match; RE2 syntax as in Go. */
    private static RegularExpression re2(String pattern) {
        com.google.re2j.Pattern p;
        try {
            p = com.google.re2j.Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new JsonSchemaException("pattern must be a valid regex");
        }
        return value -> p.matcher(value).find();
    }

    // ---------------------------------------------------------------- errors

    /** One gojsonschema result error: what OPA returns for each problem. */
    private record Problem(String type, String context, String description) {
        String field() {
            return context.startsWith("(root).") ? context.substring("(root).".length()) : context;
        }

        Value toValue() {
            return Value.Obj.builder()
                    .put("error", Value.str(field() + ": " + description))
                    .put("type", Value.str(type))
                    .put("field", Value.str(field()))
                    .put("desc", Value.str(description))
                    .build();
        }
    }

    private static List<Value> translate(java.util.Set<ValidationMessage> messages) {
        List<ValidationMessage> kept = dropShadowedByType(new ArrayList<>(messages));
        List<Problem> problems = new ArrayList<>();
        group(kept, 0, problems);
        List<Value> out = new ArrayList<>(problems.size());
        for (Problem p : problems) out.add(p.toValue());
        return out;
    }

    /**
     * gojsonschema stops at a type mismatch: the other keywords of that subschema, and everything beneath it,
     * are not reported. networknt reports them all; drop the ones gojsonschema would not have seen.
     */
    private static List<ValidationMessage> dropShadowedByType(List<ValidationMessage> all) {
        List<ValidationMessage> out = new ArrayList<>();
        for (ValidationMessage m : all) {
            boolean shadowed = false;
            for (ValidationMessage t : all) {
                if (t == m || !"type".equals(t.getType())) continue;
                JsonNodePath subschema = t.getEvaluationPath().getParent();
                if (m.getEvaluationPath().startsWith(subschema) && m.getInstanceLocation().startsWith(t.getInstanceLocation())) {
                    shadowed = true;
                    break;
                }
            }
            if (!shadowed) out.add(m);
        }
        return out;
    }

    /**
     * Messages below an anyOf/oneOf/allOf are grouped per combinator: gojsonschema reports the combinator itself
     * and, for anyOf/oneOf, only the branch that came closest (here: the one with the fewest problems).
     */
    private static void group(List<ValidationMessage> messages, int from, List<Problem> out) {
        Map<String, List<ValidationMessage>> groups = new LinkedHashMap<>();
        Map<String, Integer> keywordAt = new LinkedHashMap<>();
        for (ValidationMessage m : messages) {
            int k = combinatorIndex(m.getEvaluationPath(), from);
            if (k < 0) {
                out.add(problem(m));
                continue;
            }
            String key = prefix(m.getEvaluationPath(), k + 1);
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(m);
            keywordAt.put(key, k);
        }
        for (Map.Entry<String, List<ValidationMessage>> g : groups.entrySet()) {
            int k = keywordAt.get(g.getKey());
            List<ValidationMessage> members = g.getValue();
            ValidationMessage sample = members.get(0);
            String keyword = sample.getEvaluationPath().getName(k);
            String context = context(sample.getInstanceLocation(), instanceDepth(sample.getEvaluationPath(), k));
            Map<Object, List<ValidationMessage>> branches = new LinkedHashMap<>();
            for (ValidationMessage m : members) {
                branches.computeIfAbsent(m.getEvaluationPath().getElement(k + 1), x -> new ArrayList<>()).add(m);
            }
            if (keyword.equals("allOf")) {
                for (List<ValidationMessage> b : branches.values()) group(b, k + 2, out);
                out.add(new Problem("number_all_of", context, "Must validate all the schemas (allOf)"));
            } else {
                List<ValidationMessage> best = null;
                for (List<ValidationMessage> b : branches.values()) {
                    if (best == null || b.size() < best.size()) best = b;
                }
                out.add(keyword.equals("anyOf")
                        ? new Problem("number_any_of", context, "Must validate at least one schema (anyOf)")
                        : new Problem("number_one_of", context, "Must validate one and only one schema (oneOf)"));
                group(best, k + 2, out);
            }
        }
    }

    /** Position of the first anyOf/oneOf/allOf keyword followed by a branch index, at or after {@code from}. */
    private static int combinatorIndex(JsonNodePath path, int from) {
        for (int i = from; i < path.getNameCount() - 1; i++) {
            String name = path.getName(i);
            if ((name.equals("anyOf") || name.equals("oneOf") || name.equals("allOf")) && path.getElement(i + 1) instanceof Integer) {
                return i;
            }
        }
        return -1;
    }

    private static String prefix(JsonNodePath path, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) sb.append('/').append(path.getElement(i));
        return sb.toString();
    }

    /** How many instance steps the schema path takes before position {@code end}. */
    private static int instanceDepth(JsonNodePath evaluation, int end) {
        int depth = 0;
        for (int i = 0; i < end; i++) {
            switch (evaluation.getName(i)) {
                case "properties", "patternProperties" -> { depth++; i++; }
                case "items", "additionalItems", "additionalProperties", "contains", "propertyNames" -> {
                    depth++;
                    if (i + 1 < end && evaluation.getElement(i + 1) instanceof Integer) i++;
                }
                default -> { }
            }
        }
        return depth;
    }

    /** gojsonschema's context text: "(root)" then each step, dot separated. */
    private static String context(JsonNodePath instance, int depth) {
        StringBuilder sb = new StringBuilder("(root)");
        for (int i = 0; i < Math.min(depth, instance.getNameCount()); i++) sb.append('.').append(instance.getElement(i));
        return sb.toString();
    }

    private static Problem problem(ValidationMessage m) {
        String context = context(m.getInstanceLocation(), m.getInstanceLocation().getNameCount());
        String field = context.startsWith("(root).") ? context.substring("(root).".length()) : context;
        JsonNode schema = m.getSchemaNode();
        JsonNode instance = m.getInstanceNode();
        String s = schema == null ? "" : schema.isTextual() ? schema.asText() : schema.toString();
        return switch (m.getType()) {
            case "type" -> new Problem("invalid_type", context,
                    "Invalid type. Expected: " + expectedTypes(schema) + ", given: " + givenType(instance));
            case "required" -> new Problem("required", context, m.getProperty() + " is required");
            case "enum" -> new Problem("enum", context, field + " must be one of the following: " + allowed(schema));
            case "const" -> new Problem("const", context, field + " does not match: " + json(schema));
            case "minimum" -> instance != null && schema != null && instance.decimalValue().compareTo(schema.decimalValue()) == 0
                    ? new Problem("number_gt", context, "Must be greater than " + number(schema))
                    : new Problem("number_gte", context, "Must be greater than or equal to " + number(schema));
            case "maximum" -> instance != null && schema != null && instance.decimalValue().compareTo(schema.decimalValue()) == 0
                    ? new Problem("number_lt", context, "Must be less than " + number(schema))
                    : new Problem("number_lte", context, "Must be less than or equal to " + number(schema));
            case "exclusiveMinimum" -> new Problem("number_gt", context, "Must be greater than " + number(schema));
            case "exclusiveMaximum" -> new Problem("number_lt", context, "Must be less than " + number(schema));
            case "multipleOf" -> new Problem("multiple_of", context, "Must be a multiple of " + number(schema));
            case "minLength" -> new Problem("string_gte", context, "String length must be greater than or equal to " + s);
            case "maxLength" -> new Problem("string_lte", context, "String length must be less than or equal to " + s);
            case "pattern" -> new Problem("pattern", context, "Does not match pattern '" + s + "'");
            case "format" -> new Problem("format", context, "Does not match format '" + s + "'");
            case "minItems" -> new Problem("array_min_items", context, "Array must have at least " + s + " items");
            case "maxItems" -> new Problem("array_max_items", context, "Array must have at most " + s + " items");
            case "uniqueItems" -> new Problem("unique", context, "array items" + duplicate(instance) + " must be unique");
            case "additionalItems" -> new Problem("array_no_additional_items", context, "No additional items allowed on array");
            case "minProperties" -> new Problem("array_min_properties", context, "Must have at least " + s + " properties");
            case "maxProperties" -> new Problem("array_max_properties", context, "Must have at most " + s + " properties");
            case "additionalProperties" -> new Problem("additional_property_not_allowed", context,
                    "Additional property " + m.getProperty() + " is not allowed");
            case "propertyNames" -> new Problem("invalid_property_name", context,
                    "Property name of \"" + m.getProperty() + "\" does not match");
            case "dependencies", "dependentRequired", "dependentSchemas" -> new Problem("missing_dependency", context,
                    "Has a dependency on " + dependency(m));
            case "contains" -> new Problem("contains", context, "At least one of the items must match");
            case "not" -> new Problem("number_not", context, "Must not validate the schema (not)");
            case "oneOf" -> new Problem("number_one_of", context, "Must validate one and only one schema (oneOf)");
            case "anyOf" -> new Problem("number_any_of", context, "Must validate at least one schema (anyOf)");
            case "allOf" -> new Problem("number_all_of", context, "Must validate all the schemas (allOf)");
            case "false" -> new Problem("false", context, "False always fails validation");
            case "then" -> new Problem("condition_then", context, "Must validate \"then\" as \"if\" was valid");
            case "else" -> new Problem("condition_else", context, "Must validate \"else\" as \"if\" was not valid");
            default -> new Problem(m.getType(), context, stripLocation(m.getMessage()));
        };
    }

    private static String expectedTypes(JsonNode schema) {
        if (schema == null) return "";
        if (!schema.isArray()) return schema.asText();
        List<String> names = new ArrayList<>();
        for (JsonNode n : schema) names.add(n.asText());
        return names.size() == 1 ? names.get(0) : "[" + String.join(",", names) + "]";
    }

    /** gojsonschema names integral numbers "integer". */
    private static String givenType(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return "null";
        if (n.isBoolean()) return "boolean";
        if (n.isTextual()) return "string";
        if (n.isArray()) return "array";
        if (n.isObject()) return "object";
        if (n.isIntegralNumber()) return "integer";
        return n.decimalValue().stripTrailingZeros().scale() <= 0 ? "integer" : "number";
    }

    private static String allowed(JsonNode enumNode) {
        if (enumNode == null || !enumNode.isArray()) return json(enumNode);
        List<String> parts = new ArrayList<>();
        for (JsonNode n : enumNode) parts.add(json(n));
        return String.join(", ", parts);
    }

    private static String json(JsonNode n) {
        return n == null ? "null" : GoJson.marshal(Values.fromJson(n));
    }

    private static String number(JsonNode n) {
        return n == null ? "" : Values.formatNumber(n.decimalValue());
    }

    /** The first repeated pair, as gojsonschema reports it: {@code [i,j]}. */
    private static String duplicate(JsonNode array) {
        if (array != null && array.isArray()) {
            Map<Value, Integer> seen = new LinkedHashMap<>();
            int j = 0;
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); j++) {
                Value v = Values.fromJson(it.next());
                Integer i = seen.putIfAbsent(v, j);
                if (i != null) return "[" + i + "," + j + "]";
            }
        }
        return "";
    }

    private static String dependency(ValidationMessage m) {
        Object[] args = m.getArguments();
        return args != null && args.length > 0 ? String.valueOf(args[args.length - 1]).replaceAll("[\\[\\]]", "") : "";
    }

    private static String stripLocation(String message) {
        int colon = message.indexOf(": ");
        return colon > 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    }
}
