package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tollgate rego eval|test|conformance}, run in-process: output and exit codes. */
class RegoCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void evalPrintsOpaShapedJsonWithDataLaidOutByDirectory() throws IOException {
        write("policies/gpu.rego", """
                package tollgate.gpu

                deny contains msg if {
                    some r in input.resources
                    r.gpus > data.limits.max_gpus
                    msg := $"{r.id}: {r.gpus} GPUs over the limit"
                }
                """);
        write("policies/limits/data.json", "{\"max_gpus\": 8}");
        Path input = write("input.json", "{\"resources\": [{\"id\": \"a\", \"gpus\": 16}, {\"id\": \"b\", \"gpus\": 4}]}");
        Run r = run("rego", "eval", "-d", dir.resolve("policies").toString(), "-i", input.toString(), "data.tollgate.gpu.deny");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode expr = json.get("result").get(0).get("expressions").get(0);
        assertEquals("[\"a: 16 GPUs over the limit\"]", expr.get("value").toString());
        assertEquals("data.tollgate.gpu.deny", expr.get("text").asText());
        assertEquals(1, expr.get("location").get("row").asInt());
        assertEquals(1, expr.get("location").get("col").asInt());
    }

    @Test
    void evalReportsBindingsAndAnEmptyObjectWhenUndefined() throws IOException {
        write("p/x.rego", "package x\nxs := [10, 20]\n");
        Run r = run("rego", "eval", "-d", dir.resolve("p").toString(), "data.x.xs[i] = v");
        assertEquals(0, r.code(), r.err());
        JsonNode rows = new ObjectMapper().readTree(r.out()).get("result");
        assertEquals(2, rows.size());
        assertEquals("{\"i\":1,\"v\":20}", rows.get(1).get("bindings").toString());
        Run undefined = run("rego", "eval", "-d", dir.resolve("p").toString(), "data.x.nope");
        assertEquals("{}", undefined.out().trim());
    }

    @Test
    void evalPrettyPrintsASingleValue() throws IOException {
        write("p/x.rego", "package x\nn := count([1, 2, 3])\n");
        Run r = run("rego", "eval", "--format", "pretty", "-d", dir.resolve("p").toString(), "data.x.n");
        assertEquals("3", r.out().trim());
    }

    @Test
    void evalCompileErrorsExitTwoNamingTheFile() throws IOException {
        Path bad = write("bad/bad.rego", "package bad\np if {\n  x > 1\n}\n");
        Run r = run("rego", "eval", "-d", dir.resolve("bad").toString(), "data.bad.p");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(bad + ":3: rego_unsafe_var_error: var x is unsafe"), r.err());
        Run missing = run("rego", "eval", "-d", dir.resolve("nowhere").toString(), "data.x");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file or directory"), missing.err());
    }

    @Test
    void testRunsTestRulesWithMocksAndSummarises() throws IOException {
        write("t/cost.rego", "package cost\ndeny contains \"too expensive\" if input.monthly > data.budget\n");
        write("t/cost_test.rego", """
                package cost_test
                import data.cost

                test_over_budget_denies if {
                    cost.deny == {"too expensive"} with input as {"monthly": 200} with data.budget as 100
                }

                test_under_budget_allows if {
                    count(cost.deny) == 0 with input as {"monthly": 50} with data.budget as 100
                }
                """);
        Run verbose = run("rego", "test", "-v", dir.resolve("t").toString());
        assertEquals(0, verbose.code(), verbose.out() + verbose.err());
        assertTrue(verbose.out().matches("(?s).*data\\.cost_test\\.test_over_budget_denies: PASS \\(.*\\).*"), verbose.out());
        assertTrue(verbose.out().trim().endsWith("PASS: 2/2"), verbose.out());

        write("t/broken_test.rego", "package broken_test\ntest_wrong if 1 == 2\n");
        Run failing = run("rego", "test", dir.resolve("t").toString());
        assertEquals(1, failing.code());
        assertTrue(failing.out().contains("data.broken_test.test_wrong: FAIL"), failing.out());
        assertTrue(failing.out().trim().endsWith("FAIL: 1/3"), failing.out());
    }

    @Test
    void testExitsTwoWhenPoliciesDoNotCompile() throws IOException {
        write("c/x_test.rego", "package x_test\ntest_a if {\n");
        Run r = run("rego", "test", dir.resolve("c").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rego_parse_error"), r.err());
    }

    @Test
    void conformanceRunsYamlCasesAndEndsWithTheCount() throws IOException {
        write("suite/basic/cases.yaml", """
                cases:
                  - note: basic/passes
                    query: data.t.p = x
                    modules:
                      - |
                        package t
                        p := 1 + 1
                    want_result:
                      - x: 2
                  - note: basic/fails
                    query: data.t.p = x
                    modules:
                      - |
                        package t
                        p := 3
                    want_result:
                      - x: 2
                  - note: basic/error
                    query: data.t.p = x
                    strict_error: true
                    modules:
                      - |
                        package t
                        p := 1 / 0
                    want_error_code: eval_builtin_error
                    want_error: divide by zero
                """);
        Run text = run("rego", "conformance", dir.resolve("suite").toString());
        assertEquals(1, text.code());
        String[] lines = text.out().trim().split("\n");
        assertEquals("conformance: 2 passed, 1 failed, 0 skipped", lines[lines.length - 1]);
        assertTrue(text.out().contains("basic/fails"), text.out());

        Run json = run("rego", "conformance", "--format", "json", dir.resolve("suite").toString());
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals(2, root.get("passed").asInt());
        assertEquals("failed", root.get("cases").get(1).get("status").asText());
        assertEquals("basic/cases.yaml", root.get("cases").get(1).get("file").asText());
        assertTrue(root.get("cases").get(1).get("reason").asText().contains("want results"));
    }
}
