package dev.tollgate.rego.builtin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * OPA's conformance cases for this share of the builtins, evaluated with {@link MiniRego}: every case whose
 * rules that small evaluator can express runs here, independently of the real interpreter. The coverage test
 * below keeps the harness honest: most cases of every directory must actually run.
 */
class BuiltinConformanceTest {
    /** The conformance directories of the builtins in this share. */
    static final List<String> DIRECTORIES = List.of(
            "aggregates", "array", "bitsand", "bitsnegate", "bitsor", "bitsshiftleft", "bitsshiftright", "bitsxor",
            "casts", "typebuiltin", "typenamebuiltin", "units", "semvercompare", "semverisvalid", "strings", "sprintf",
            "trim", "trimleft", "trimprefix", "trimright", "trimspace", "trimsuffix", "replacen", "regexfind",
            "regexfindallstringsubmatch", "regexisvalid", "regexmatch", "regexmatchtemplate", "regexreplace",
            "regexsplit", "globmatch", "globquotemeta", "globsmatch", "objectfilter", "objectfilteridempotent",
            "objectfilternonstringkey", "objectget", "objectremove", "objectremoveidempotent",
            "objectremovenonstringkey", "objectunion", "objectunionn", "subset", "union", "intersection", "sets",
            "numbersrange", "numbersrangestep", "rand", "uuid", "rendertemplate");

    record Case(String dir, String file, JsonNode node) {
        String name() { return dir + "/" + node.path("note").asText(); }
    }

    static Path suite() {
        String dir = System.getProperty("tollgate.conformance.dir",
                System.getProperty("tollgate.shared.dir", "../shared") + "/opa-conformance");
        Path p = Path.of(dir, "v1");
        assertTrue(Files.isDirectory(p), "OPA conformance cases not found at " + p.toAbsolutePath()
                + " (set -Dtollgate.conformance.dir)");
        return p;
    }

    static List<Case> cases() throws IOException {
        YAMLMapper yaml = YAMLMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
        List<Case> out = new ArrayList<>();
        for (String dir : DIRECTORIES) {
            Path d = suite().resolve(dir);
            assertTrue(Files.isDirectory(d), "missing conformance directory " + d);
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(x -> x.toString().endsWith(".yaml")).sorted().toList()) {
                    for (JsonNode c : yaml.readTree(f.toFile()).path("cases")) out.add(new Case(dir, f.getFileName().toString(), c));
                }
            }
        }
        return out;
    }

    /** Runs a case; null when MiniRego cannot express it. */
    static Runnable prepare(Case c) {
        JsonNode n = c.node;
        List<String> modules = new ArrayList<>();
        n.path("modules").forEach(m -> modules.add(m.asText()));
        Value data = n.hasNonNull("data") ? Values.fromJson(n.get("data")) : Value.Obj.EMPTY;
        Value input = n.has("input_term") ? MiniRego.term(n.get("input_term").asText())
                : n.has("input") ? Values.fromJson(n.get("input")) : null;
        boolean strict = n.path("strict_error").asBoolean(false);
        MiniRego rego = new MiniRego(modules, data, input, strict);
        String query = n.path("query").asText();
        Object outcome;
        try {
            outcome = rego.query(query);
        } catch (MiniRego.Failed f) {
            outcome = f;
        }
        Object result = outcome;
        return () -> check(c, result);
    }

    @SuppressWarnings("unchecked")
    private static void check(Case c, Object outcome) {
        JsonNode n = c.node;
        if (n.has("want_error") || n.has("want_error_code")) {
            if (!(outcome instanceof MiniRego.Failed f)) {
                fail("expected error " + n.path("want_error").asText() + " but got " + outcome);
                return;
            }
            String msg = f.error.getMessage();
            // MiniRego knows no source locations; the interpreter adds "test-0.rego:4: " in front.
            String want = n.path("want_error").asText().replaceFirst("^test-\\d+\\.rego:\\d+: ", "");
            if (n.has("want_error")) assertTrue(msg.contains(want), "error text: " + msg);
            if (n.has("want_error_code")) assertEquals(n.get("want_error_code").asText(), f.error.code(), msg);
            return;
        }
        if (outcome instanceof MiniRego.Failed f) {
            fail("unexpected error " + f.error.getMessage());
            return;
        }
        assertNotNull(n.get("want_result"), "case has no expectation");
        Set<Value> want = new HashSet<>();
        for (JsonNode row : n.get("want_result")) want.add(Values.fromJson(row));
        boolean sort = n.path("sort_bindings").asBoolean(false);
        Set<Value> got = new HashSet<>();
        for (Map<String, Value> row : (List<Map<String, Value>>) outcome) {
            Map<Value, Value> m = new java.util.HashMap<>();
            row.forEach((k, v) -> m.put(Value.str(k), normalize(v, sort)));
            got.add(Value.Obj.wrap(m));
        }
        assertEquals(want, got);
    }

    /** As OPA's runner: through JSON (sets become sorted arrays), top-level arrays sorted when asked. */
    private static Value normalize(Value v, boolean sort) {
        Value j = Values.fromJson(Values.toJson(v));
        if (sort && j instanceof Value.Arr a) {
            List<Value> xs = new ArrayList<>(a.elements());
            Collections.sort(xs);
            return Value.Arr.wrap(xs);
        }
        return j;
    }

    @TestFactory
    Stream<DynamicTest> conformance() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            Runnable r;
            try {
                r = prepare(c);
            } catch (MiniRego.Unsupported u) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(c.name() + " (" + c.file + ")", r::run));
        }
        return tests.stream();
    }

    /** Most cases must run here; the rest need the real interpreter (iteration, functions, with, ...). */
    @Test
    void coverage() throws IOException {
        Map<String, int[]> byDir = new TreeMap<>();
        for (Case c : cases()) {
            int[] counts = byDir.computeIfAbsent(c.dir, k -> new int[2]);
            counts[1]++;
            try {
                prepare(c);
                counts[0]++;
            } catch (MiniRego.Unsupported u) {
                // counted as not run
            }
        }
        int run = 0, total = 0;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, int[]> e : byDir.entrySet()) {
            run += e.getValue()[0];
            total += e.getValue()[1];
            int left = e.getValue()[1] - e.getValue()[0];
            if (left > 0) report.append(report.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(left);
        }
        System.out.println("builtin conformance: " + run + " of " + total + " cases in " + byDir.size()
                + " directories run here, one test each; left to the interpreter: " + report);
        assertTrue(run * 10 >= total * 8, "only " + run + " of " + total + " cases run:\n" + report);
    }
}
