package dev.tollgate.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy library in {@code policies/} as the engine loads it. */
class PolicyBundleTest {

    static final Path POLICIES = Path.of("policies");

    @TempDir
    Path tmp;

    @Test
    void everyGuardrailOfTheIssueIsDescribed() {
        Map<String, PolicyInfo> policies = PolicyBundle.load(POLICIES).policies();
        assertEquals(Set.of(
                "cost.resource_ceiling", "cost.stack_budget", "cost.team_budget", "cost.change_delta", "cost.gpu_quota",
                "cost.training_on_demand", "cost.unpriced_cap",
                "residency.store_jurisdiction", "residency.data_flow", "residency.network_peering",
                "sovereign.placement", "sovereign.customer_managed_key", "sovereign.global_service",
                "tagging.required",
                "exposure.public_bucket", "exposure.gpu_open_ingress", "exposure.unencrypted_storage",
                "exposure.gpu_type_approved", "exposure.gpu_region_capacity",
                "carbon.stack_budget", "carbon.lower_carbon_region"), policies.keySet());
        for (PolicyInfo p : policies.values()) {
            assertTrue(p.id().startsWith(p.pkg().substring("tollgate.".length()) + "."), p.id() + " lives in its package");
            assertEquals("violation", p.rule(), p.id());
            assertFalse(p.remediation().isBlank(), p.id());
        }
        assertEquals(Enforcement.ADVISORY, policies.get("carbon.stack_budget").enforcement());
        assertEquals(Enforcement.MANDATORY, policies.get("residency.data_flow").enforcement());
    }

    @Test
    void everyPolicyIdTheRulesEmitIsDescribed() throws IOException {
        Set<String> described = PolicyBundle.load(POLICIES).policies().keySet();
        try (Stream<Path> files = Files.walk(POLICIES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".rego") && !p.toString().endsWith("_test.rego")).toList()) {
                var m = java.util.regex.Pattern.compile("lib\\.(?:violation|indeterminate)\\(\"([a-z_.]+)\"").matcher(Files.readString(f));
                while (m.find()) assertTrue(described.contains(m.group(1)), f + " emits undescribed policy " + m.group(1));
            }
        }
    }

    @Test
    void everyPackageHasTests() throws IOException {
        try (Stream<Path> dirs = Files.list(POLICIES)) {
            for (Path d : dirs.filter(Files::isDirectory).filter(d -> !d.endsWith("data") && !d.endsWith("lib")).toList()) {
                try (Stream<Path> files = Files.list(d)) {
                    assertTrue(files.anyMatch(f -> f.toString().endsWith("_test.rego")), d + " has a _test.rego");
                }
            }
        }
    }

    @Test
    void dataFilesMergeUnderParams() {
        PolicyBundle b = PolicyBundle.load(POLICIES);
        assertEquals(Set.of("cost", "residency", "sovereign", "tagging", "exposure", "carbon"),
                iterate(b.data().get("params").fieldNames()));
        assertTrue(b.data().at("/params/residency/allowed_jurisdictions/restricted").isArray());
        assertTrue(b.modules().keySet().stream().noneMatch(k -> k.endsWith("_test.rego")), "tests are not evaluated");
        assertTrue(b.revision().matches("sha256:[0-9a-f]{64}"));
    }

    @Test
    void revisionChangesWithAnyFile() throws IOException {
        Path p = copy();
        String before = PolicyBundle.load(p).revision();
        assertEquals(before, PolicyBundle.load(p).revision(), "stable");
        Files.writeString(p.resolve("data/cost.yaml"), Files.readString(p.resolve("data/cost.yaml")).replace("120000", "130000"));
        assertNotEquals(before, PolicyBundle.load(p).revision());
    }

    @Test
    void aParameterSetTwiceIsAnErrorNamingBothFiles() throws IOException {
        Path p = copy();
        Files.writeString(p.resolve("data/extra.json"), "{\"params\": {\"cost\": {\"max_monthly_increase_usd\": 1}}}");
        String msg = assertThrows(PolicyException.class, () -> PolicyBundle.load(p)).getMessage();
        assertTrue(msg.contains("extra.json: params.cost.max_monthly_increase_usd is already set by"), msg);
        assertTrue(msg.contains("cost.yaml"), msg);
    }

    @Test
    void dataDirectoriesCanReplaceTheDefaultOnes() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("prod-data"));
        Files.writeString(data.resolve("p.yaml"), "params: {cost: {max_monthly_increase_usd: 5}}\n");
        PolicyBundle b = PolicyBundle.load(POLICIES, List.of(data));
        assertEquals(5, b.data().at("/params/cost/max_monthly_increase_usd").asInt());
        assertTrue(b.data().at("/params/residency").isMissingNode());
    }

    @Test
    void malformedDataNamesFileAndLine() throws IOException {
        Path p = copy();
        Files.writeString(p.resolve("data/bad.yaml"), "params:\n  cost: [\n");
        String msg = assertThrows(PolicyException.class, () -> PolicyBundle.load(p)).getMessage();
        assertTrue(msg.contains("bad.yaml:"), msg);
        assertTrue(msg.contains("not valid YAML"), msg);
    }

    @Test
    void metadataWithoutRemediationIsRejected() {
        String rego = """
                package tollgate.x

                # METADATA
                # title: T
                # description: D
                # custom:
                #   id: x.y
                #   enforcement: mandatory
                #   severity: high
                violation contains "m" if true
                """;
        String msg = assertThrows(PolicyException.class, () -> RegoSource.parse("x/x.rego", rego)).getMessage();
        assertEquals("x/x.rego:3: custom.remediation is required for a policy with custom.id", msg);
    }

    @Test
    void conftestRulesAreFoundWithoutMetadata() {
        RegoSource s = RegoSource.parse("main.rego", """
                package main

                deny contains msg if { msg := "x" }
                warn_spot contains msg if { msg := "y" }
                helper := 1
                """);
        assertEquals("main", s.pkg());
        assertEquals(Set.of("deny", "warn_spot"), s.rules());
        assertTrue(s.policies().isEmpty());
    }

    @Test
    void missingDirectoryIsAClearError() {
        String msg = assertThrows(PolicyException.class, () -> PolicyBundle.load(tmp.resolve("nope"))).getMessage();
        assertTrue(msg.startsWith("policies directory not found: "), msg);
    }

    private Path copy() throws IOException {
        Path to = tmp.resolve("policies");
        try (Stream<Path> walk = Files.walk(POLICIES)) {
            for (Path f : walk.toList()) {
                Path t = to.resolve(POLICIES.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
        return to;
    }

    private static Set<String> iterate(java.util.Iterator<String> it) {
        Set<String> out = new java.util.TreeSet<>();
        it.forEachRemaining(out::add);
        return out.stream().collect(Collectors.toSet());
    }
}
