package dev.tollgate.rego.builtin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OPA's conformance cases for the encoding, JSON document, time, net, graph and URI builtins, run end to end
 * through {@link MiniRego} (the straight-line evaluator of {@link BuiltinConformanceTest}) until the real
 * interpreter runs them all. Cases MiniRego cannot express are counted, not guessed.
 */
class DocsNetTimeConformanceTest {
    static final List<String> DIRECTORIES = List.of(
            "base64builtins", "base64urlbuiltins", "hexbuiltins", "jsonbuiltins", "jsonfilter", "jsonfilteridempotent",
            "jsonpatch", "jsonremove", "jsonremoveidempotent", "jsonschema", "urlbuiltins", "uribuiltins", "time",
            "netcidrcontains", "netcidrcontainsmatches", "netcidrexpand", "netcidrintersects", "netcidrisvalid",
            "netcidrmerge", "reachable");

    static List<BuiltinConformanceTest.Case> cases() throws IOException {
        YAMLMapper yaml = YAMLMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
        List<BuiltinConformanceTest.Case> out = new ArrayList<>();
        for (String dir : DIRECTORIES) {
            Path d = BuiltinConformanceTest.suite().resolve(dir);
            assertTrue(Files.isDirectory(d), "missing conformance directory " + d);
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(x -> x.toString().endsWith(".yaml")).sorted().toList()) {
                    for (JsonNode c : yaml.readTree(f.toFile()).path("cases")) {
                        out.add(new BuiltinConformanceTest.Case(dir, f.getFileName().toString(), c));
                    }
                }
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> conformance() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (BuiltinConformanceTest.Case c : cases()) {
            Runnable r;
            try {
                r = BuiltinConformanceTest.prepare(c);
            } catch (MiniRego.Unsupported u) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(c.name() + " (" + c.file() + ")", r::run));
        }
        return tests.stream();
    }

    /** Reports how many cases run here per directory; the rest are covered by the transcribed tests. */
    @Test
    void coverage() throws IOException {
        Map<String, int[]> byDir = new TreeMap<>();
        for (BuiltinConformanceTest.Case c : cases()) {
            int[] counts = byDir.computeIfAbsent(c.dir(), k -> new int[2]);
            counts[1]++;
            try {
                BuiltinConformanceTest.prepare(c);
                counts[0]++;
            } catch (MiniRego.Unsupported u) {
                // counted as not run
            }
        }
        int run = 0;
        int total = 0;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, int[]> e : byDir.entrySet()) {
            run += e.getValue()[0];
            total += e.getValue()[1];
            report.append(e.getKey()).append(' ').append(e.getValue()[0]).append('/').append(e.getValue()[1]).append('\n');
        }
        System.out.println("docs/net/time conformance cases run by MiniRego: " + run + "/" + total + "\n" + report);
        assertTrue(run * 10 >= total * 7, "only " + run + " of " + total + " cases run:\n" + report);
    }
}
