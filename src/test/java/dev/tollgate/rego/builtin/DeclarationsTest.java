package dev.tollgate.rego.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.rego.BuiltinRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each builtin of this share is registered with the arity and determinism OPA's capabilities.json declares. */
class DeclarationsTest {
    static final List<String> NAMES = List.of(
            "count", "sum", "product", "max", "min", "sort", "all", "any",
            "abs", "round", "ceil", "floor", "numbers.range", "numbers.range_step", "rand.intn",
            "concat", "contains", "endswith", "startswith", "format_int", "indexof", "indexof_n", "lower", "upper",
            "replace", "split", "sprintf", "substring", "trim", "trim_left", "trim_right", "trim_prefix", "trim_suffix",
            "trim_space", "strings.any_prefix_match", "strings.any_suffix_match", "strings.count",
            "strings.render_template", "strings.replace_n", "strings.reverse", "strings.split_n",
            "re_match", "regex.match", "regex.is_valid", "regex.split", "regex.find_n", "regex.find_all_string_submatch_n",
            "regex.replace", "regex.template_match", "regex.globs_match", "glob.match", "glob.quote_meta",
            "array.concat", "array.slice", "array.reverse", "array.flatten", "intersection", "union", "set_diff",
            "object.get", "object.keys", "object.remove", "object.union", "object.union_n", "object.filter", "object.subset",
            "is_array", "is_boolean", "is_null", "is_number", "is_object", "is_set", "is_string", "type_name", "to_number",
            "cast_array", "cast_boolean", "cast_null", "cast_object", "cast_set", "cast_string",
            "bits.and", "bits.or", "bits.xor", "bits.negate", "bits.lsh", "bits.rsh",
            "units.parse", "units.parse_bytes", "semver.is_valid", "semver.compare", "uuid.rfc4122", "uuid.parse");

    @Test
    void arityAndDeterminismMatchOpa() throws IOException {
        Path file = Path.of(System.getProperty("tollgate.shared.dir", "../shared"), "reference", "opa", "capabilities.json");
        assertTrue(Files.exists(file), "capabilities.json not found at " + file.toAbsolutePath());
        Map<String, JsonNode> declared = new HashMap<>();
        for (JsonNode b : new ObjectMapper().readTree(file.toFile()).path("builtins")) declared.put(b.path("name").asText(), b);
        for (String name : NAMES) {
            JsonNode decl = declared.get(name);
            assertNotNull(decl, name + " is not in OPA's capabilities");
            BuiltinRegistry.Entry e = BuiltinRegistry.standard().lookup(name);
            assertNotNull(e, name + " is not registered");
            assertEquals(decl.path("decl").path("args").size(), e.arity(), name);
            assertEquals(decl.path("nondeterministic").asBoolean(false), e.nondeterministic(), name);
        }
    }
}
