package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.DecisionJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tollgate check} as users run it: exit codes, formats, config beside the plan, conftest mode. */
class CheckCommandTest {

    static final String EU = "examples/terraform/gpu-training-eu/plan.json";
    static final String LEAK = "examples/terraform/inference-us-leak/plan.json";
    static final String NOW = "--now=2026-11-23T12:00:00Z";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void allowedPlanExitsZero() {
        Run r = run("check", EU, NOW);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("ALLOW  gpu-training-eu: 0 denied, 2 warnings, 0 waived"), r.out());
        assertTrue(r.out().contains("Cost:    $"), r.out());
        assertTrue(r.out().contains("Carbon:  "), r.out());
    }

    @Test
    void deniedPlanExitsOneAndNamesTheFix() {
        Run r = run("check", LEAK, NOW);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().startsWith("DENY  inference-us-leak: 2 denied"), r.out());
        assertTrue(r.out().contains("  DENY  mandatory  residency.data_flow  aws_s3_bucket.replica\n"), r.out());
        assertTrue(r.out().contains("        fix: "), r.out());
    }

    @Test
    void severalPlansExitWithTheWorstVerdict() {
        Run r = run("check", EU, LEAK, NOW);
        assertEquals(1, r.code());
        assertTrue(r.out().contains("ALLOW  gpu-training-eu") && r.out().contains("DENY  inference-us-leak"), r.out());
    }

    @Test
    void jsonIsTheFullDecisionAndStableForTheSameInputs() {
        Run a = run("check", LEAK, NOW, "--format", "json");
        Run b = run("check", LEAK, NOW, "--format", "json");
        assertEquals(1, a.code());
        assertEquals(a.out(), b.out(), "same plan, policies and time: same decision");
        Decision d = DecisionJson.read(a.out());
        assertEquals(Decision.Verdict.DENY, d.verdict());
        assertTrue(d.id().matches("dec-[0-9a-f]{16}"));
        assertTrue(d.inputs().plan().sha256().matches("[0-9a-f]{64}"));
        assertTrue(d.inputs().plan().fileSha256().matches("[0-9a-f]{64}"));
        assertTrue(d.policies().revision().startsWith("sha256:"));
        assertFalse(d.catalogue().isEmpty(), "catalogue as-of dates");
        assertEquals(21, d.policies().levels().size());
    }

    @Test
    void samePlanFromStdinHashesTheSame() throws Exception {
        Run file = run("check", LEAK, NOW, "--format", "json");
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(Path.of(LEAK))));
            Run piped = run("check", "-", NOW, "--format", "json");
            Decision a = DecisionJson.read(file.out());
            Decision b = DecisionJson.read(piped.out());
            assertEquals(a.inputs().plan().sha256(), b.inputs().plan().sha256());
            assertEquals(a.inputs().plan().fileSha256(), b.inputs().plan().fileSha256());
            assertEquals(a.verdict(), b.verdict());
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void otherFormats() throws Exception {
        Run md = run("check", LEAK, NOW, "--format", "markdown");
        assertTrue(md.out().startsWith("<!-- tollgate:check stack=inference-us-leak -->"), md.out());
        Run sarif = run("check", LEAK, NOW, "--format", "sarif");
        JsonNode s = new ObjectMapper().readTree(sarif.out());
        assertEquals("2.1.0", s.get("version").asText());
        assertEquals(21, s.at("/runs/0/tool/driver/rules").size());
        Run junit = run("check", LEAK, NOW, "--format", "junit");
        assertTrue(junit.out().contains("<testsuite name=\"inference-us-leak\""), junit.out());
        assertEquals(1, junit.code());
    }

    @Test
    void configBesideThePlanIsUsed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("inference-us-leak"));
        Files.copy(Path.of(LEAK), dir.resolve("plan.json"));
        Files.writeString(dir.resolve("tollgate.yaml"), """
                waivers:
                  - {policy: "residency.*", resource: aws_s3_bucket.replica, reason: DR copy approved, owner: dpo@example.com, ticket: SEC-7, expires: 2026-12-31}
                """);
        Run r = run("check", dir.resolve("plan.json").toString(), NOW, "--policies", "policies");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("WAIVED mandatory  residency.data_flow"), r.out());
        assertTrue(r.out().contains("applied residency.*@aws_s3_bucket.replica#SEC-7"), r.out());
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        Run missing = run("check", "no/such/plan.json");
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("tollgate: no/such/plan.json"), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());

        Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "enforcement: {cost.stack_budget: sometimes}\n");
        Run bad = run("check", EU, "--config", config.toString());
        assertEquals(2, bad.code());
        assertEquals("tollgate: " + config + ": enforcement.cost.stack_budget: 'sometimes' is not an enforcement level (mandatory, advisory, disabled)\n", bad.err());

        assertEquals(2, run("check", EU, "--policies", tmp.resolve("none").toString()).code());
        assertEquals(2, run("check", EU, "--now", "yesterday").code());
        assertEquals(2, run("check", EU, LEAK, "--baseline", EU).code());
    }

    @Test
    void baselinePlanMeasuresTheChange() {
        Run r = run("check", LEAK, NOW, "--baseline", EU, "--format", "json");
        Decision d = DecisionJson.read(r.out());
        assertEquals(0, d.totals().deltaMonthlyUsd().compareTo(d.totals().monthlyUsd().subtract(d.totals().baselineMonthlyUsd())));
        assertEquals(EU, d.inputs().baseline().file());
    }

    @Test
    void conftestModeRunsExistingPoliciesOnTheRawPlan() throws Exception {
        Path policies = Files.createDirectories(tmp.resolve("conftest"));
        Files.copy(Path.of("src/test/resources/conftest/main.rego"), policies.resolve("main.rego"));
        Run r = run("check", "--raw", "--namespace", "main", "--policies", policies.toString(), LEAK);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("FAIL - " + LEAK + " - main - aws_s3_bucket.replica: a replica bucket needs a data-protection review\n"), r.out());
        assertTrue(r.out().contains("WARN - " + LEAK + " - main - aws_eks_node_group.gpu: consider spot capacity\n"), r.out());
        assertTrue(r.out().endsWith("3 tests, 0 passed, 2 warnings, 1 failure, 0 exceptions\n"), r.out());

        Run json = run("check", "--raw", "--policies", policies.toString(), EU, "--format", "json");
        assertEquals(0, json.code(), json.err());
        JsonNode results = new ObjectMapper().readTree(json.out());
        assertEquals("main", results.at("/0/namespace").asText());
        assertEquals(1, results.at("/0/successes").asInt());
        assertEquals(0, results.at("/0/failures").size());

        Run none = run("check", "--raw", "--namespace", "nothing", "--policies", policies.toString(), EU);
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no deny, violation or warn rules in namespace nothing"), none.err());
    }
}
