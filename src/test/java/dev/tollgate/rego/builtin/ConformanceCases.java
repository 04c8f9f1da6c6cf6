package dev.tollgate.rego.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads OPA's conformance cases from {@code ../shared} (system property tollgate.shared.dir) so builtin tests
 * can be derived from them before the interpreter exists. Missing reference data fails the test, never skips it.
 */
final class ConformanceCases {
    private ConformanceCases() {}

    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper LENIENT_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    /** One case: its note, its modules, and what OPA expects. */
    record Case(String file, String note, String query, List<String> modules, JsonNode wantResult, String wantError,
                String wantErrorCode, JsonNode input) {
        /** The rule the query asks for: {@code data.generated.p = x} names {@code p}. */
        String rule() {
            String ref = query.substring(0, query.indexOf('=')).trim();
            return ref.substring(ref.lastIndexOf('.') + 1);
        }
    }

    static Path dir(String name) {
        Path base = Path.of(System.getProperty("tollgate.shared.dir", "../shared"), "opa-conformance", "v1", name);
        assertTrue(Files.isDirectory(base), "conformance cases missing: " + base.toAbsolutePath());
        return base;
    }

    static Stream<Case> load(String dirName) {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir(dirName))) {
            for (Path f : files.sorted().toList()) {
                JsonNode root = YAML.readTree(f.toFile());
                for (JsonNode c : root.get("cases")) {
                    List<String> modules = new ArrayList<>();
                    c.path("modules").forEach(m -> modules.add(m.asText()));
                    out.add(new Case(f.getFileName().toString(), c.get("note").asText(), c.get("query").asText(), modules,
                            c.get("want_result"), c.has("want_error") ? c.get("want_error").asText() : null,
                            c.has("want_error_code") ? c.get("want_error_code").asText() : null, c.get("input")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.stream();
    }

    static Value json(String text) {
        try {
            return Values.fromJson(LENIENT_JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Value call(String name, Value... args) {
        BuiltinRegistry.Entry e = BuiltinRegistry.standard().lookup(name);
        if (e == null) throw new AssertionError("builtin not registered: " + name);
        if (e.arity() != args.length) throw new AssertionError(name + " takes " + e.arity() + " operands, given " + args.length);
        return e.fn().call(BuiltinContext.standalone(), args);
    }
}
