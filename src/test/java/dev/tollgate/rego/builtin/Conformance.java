package dev.tollgate.rego.builtin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test support: calls builtins directly and reads expectations from OPA's conformance cases in
 * {@code ../shared/opa-conformance} (system property {@code tollgate.shared.dir}). The calls are transcribed from
 * the cases' modules; the expected results and error texts come from the YAML, so they cannot drift.
 * A missing shared folder fails the tests rather than skipping them.
 */
final class Conformance {
    private Conformance() {}

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private static Map<String, List<JsonNode>> byNote;

    static Path casesDir() {
        Path shared = Paths.get(System.getProperty("tollgate.shared.dir", "../shared"));
        Path dir = shared.resolve("opa-conformance/v1");
        assertTrue(Files.isDirectory(dir), "OPA conformance cases not found at " + dir.toAbsolutePath()
                + " (set -Dtollgate.shared.dir)");
        return dir;
    }

    /** The case with this note; notes that occur more than once need {@link #cases(String)}. */
    static JsonNode testCase(String note) {
        List<JsonNode> found = cases(note);
        assertEquals(1, found.size(), "expected exactly one conformance case noted " + note);
        return found.get(0);
    }

    static synchronized List<JsonNode> cases(String note) {
        if (byNote == null) {
            byNote = new HashMap<>();
            try (Stream<Path> files = Files.walk(casesDir())) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".yaml"))::iterator) {
                    for (JsonNode c : YAML.readTree(f.toFile()).path("cases")) {
                        byNote.computeIfAbsent(c.path("note").asText(), k -> new ArrayList<>()).add(c);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<JsonNode> found = byNote.getOrDefault(note, List.of());
        if (found.isEmpty()) fail("no conformance case noted " + note);
        return found;
    }

    /** The value a case expects for its single binding (x unless named otherwise). */
    static Value expected(String note) {
        return expected(testCase(note), "x");
    }

    static Value expected(JsonNode c, String binding) {
        JsonNode rows = c.get("want_result");
        assertNotNull(rows, "case has no want_result: " + c.path("note").asText());
        assertEquals(1, rows.size(), "expected one result row in " + c.path("note").asText());
        Value v = Values.fromJson(rows.get(0).get(binding));
        if (c.path("sort_bindings").asBoolean(false) && v instanceof Value.Arr a) {
            List<Value> sorted = new ArrayList<>(a.elements());
            sorted.sort(null);
            v = Value.Arr.wrap(sorted);
        }
        return v;
    }

    /** A case that expects no result (want_result: []). */
    static void expectUndefined(String note) {
        JsonNode rows = testCase(note).get("want_result");
        assertNotNull(rows);
        assertEquals(0, rows.size(), note + " expects a result");
    }

    static Value call(String name, Value... args) {
        BuiltinRegistry.Entry e = BuiltinRegistry.standard().lookup(name);
        assertNotNull(e, "builtin not registered: " + name);
        assertEquals(e.arity(), args.length, "arity of " + name);
        return e.fn().call(BuiltinContext.standalone(), args);
    }

    /** Asserts the call returns what the case expects, comparing as OPA's runner does (sets as sorted arrays). */
    static void assertCase(String note, String name, Value... args) {
        assertResult(expected(note), call(name, args), note);
    }

    static void assertResult(Value expected, Value actual, String message) {
        assertNotNull(actual, message + ": undefined");
        assertEquals(expected, Values.fromJson(Values.toJson(actual)), message);
    }

    /** Asserts the call fails with the case's error code and (substring) message. */
    static RegoError assertCaseError(String note, String name, Value... args) {
        JsonNode c = testCase(note);
        RegoError e = assertThrows(RegoError.class, () -> call(name, args), note);
        if (c.has("want_error_code")) assertEquals(c.get("want_error_code").asText(), e.code(), note);
        String want = c.path("want_error").asText("");
        assertTrue(e.getMessage().contains(want), note + ": '" + e.getMessage() + "' does not contain '" + want + "'");
        return e;
    }

    // ---------------------------------------------------------------- values

    static Value json(String text) {
        try {
            return Values.fromJson(JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Value str(String s) {
        return Value.str(s);
    }

    static Value num(long n) {
        return Value.num(n);
    }

    static Value set(Value... elements) {
        return Value.SetV.of(elements);
    }

    static Value arr(Value... elements) {
        return Value.Arr.of(elements);
    }

    static Value strs(String... s) {
        List<Value> out = new ArrayList<>();
        for (String x : s) out.add(Value.str(x));
        return Value.Arr.wrap(out);
    }

    static Value strSet(String... s) {
        List<Value> out = new ArrayList<>();
        for (String x : s) out.add(Value.str(x));
        return Value.SetV.copyOf(out);
    }
}
