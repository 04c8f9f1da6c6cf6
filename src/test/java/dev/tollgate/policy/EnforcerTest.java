package dev.tollgate.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.policy.Decision.Outcome;
import dev.tollgate.policy.Decision.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnforcerTest {

    static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    static final PolicyInfo CEILING = new PolicyInfo("cost.resource_ceiling", "Per-resource monthly ceiling", "d",
            Enforcement.MANDATORY, "high", "Use spot.", "tollgate.cost", "violation", "cost/cost.rego", 20);
    static final PolicyInfo CARBON = new PolicyInfo("carbon.stack_budget", "Stack carbon budget", "d",
            Enforcement.ADVISORY, "low", "Move.", "tollgate.carbon", "violation", "carbon/carbon.rego", 12);
    static final Map<String, PolicyInfo> POLICIES = Map.of(CEILING.id(), CEILING, CARBON.id(), CARBON);

    static Finding finding(String policy, String resource, boolean indeterminate) {
        return new Finding(policy, resource, policy + " on " + resource, null, indeterminate,
                indeterminate ? List.of(resource + ":/instance_types") : List.of(), JsonNodeFactory.instance.objectNode(),
                "tollgate." + policy.substring(0, policy.indexOf('.')), "violation");
    }

    static Waiver waiver(String policy, String resource, String expires) {
        return new Waiver(policy, resource, null, "accepted for the launch", "alice@example.com", "FIN-42", LocalDate.parse(expires));
    }

    public static PolicyConfig config(String yaml) {
        try {
            return PolicyConfig.parse("tollgate.yaml", "0", new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(yaml));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static PolicyConfig withWaivers(Waiver... waivers) {
        PolicyConfig d = PolicyConfig.defaults();
        return new PolicyConfig(null, null, null, null, d.tags(), d.indeterminate(), Map.of(), List.of(), List.of(waivers), d.params());
    }

    Enforcer.Result run(PolicyConfig config, Finding... findings) {
        return new Enforcer(POLICIES, config, NOW).apply(List.of(findings), "gpu-training", "prod");
    }

    @Test
    void mandatoryViolationDenies() {
        Enforcer.Result r = run(PolicyConfig.defaults(), finding("cost.resource_ceiling", "aws_eks_node_group.gpu", false));
        assertFalse(r.allowed());
        Violation v = r.violations().get(0);
        assertEquals(Outcome.DENY, v.outcome());
        assertEquals("Per-resource monthly ceiling", v.title());
        assertEquals("high", v.severity());
        assertEquals("Use spot.", v.remediation());
    }

    @Test
    void advisoryViolationOnlyWarns() {
        Enforcer.Result r = run(PolicyConfig.defaults(), finding("carbon.stack_budget", "stack:gpu-training", false));
        assertTrue(r.allowed());
        assertEquals(Outcome.WARN, r.violations().get(0).outcome());
        assertEquals(1, r.summary().warned());
    }

    @Test
    void configRaisesAndLowersLevels() {
        PolicyConfig c = config("""
                enforcement:
                  carbon.*: mandatory
                  cost.resource_ceiling: advisory
                """);
        Enforcer.Result r = run(c, finding("carbon.stack_budget", "stack:s", false), finding("cost.resource_ceiling", "a", false));
        assertEquals(Outcome.DENY, outcome(r, "carbon.stack_budget"));
        assertEquals(Outcome.WARN, outcome(r, "cost.resource_ceiling"));
    }

    @Test
    void overridesApplyOnlyToTheirEnvironmentAndLaterOnesWin() {
        PolicyConfig c = config("""
                overrides:
                  - environment: dev
                    enforcement: {cost.resource_ceiling: advisory}
                  - stack: gpu-*
                    enforcement: {cost.*: disabled}
                  - stack: gpu-training
                    enforcement: {cost.resource_ceiling: mandatory}
                """);
        Enforcer e = new Enforcer(POLICIES, c, NOW);
        Finding f = finding("cost.resource_ceiling", "a", false);
        assertEquals(Outcome.DENY, e.apply(List.of(f), "gpu-training", "dev").violations().get(0).outcome());
        assertEquals(0, e.apply(List.of(f), "gpu-inference", "prod").violations().size());
        assertEquals(1, e.apply(List.of(f), "gpu-inference", "prod").summary().disabled());
        assertEquals(Outcome.WARN, e.apply(List.of(f), "web", "dev").violations().get(0).outcome());
    }

    @Test
    void exactIdBeatsGlob() {
        PolicyConfig c = config("""
                enforcement:
                  cost.resource_ceiling: mandatory
                  cost.*: disabled
                """);
        assertEquals(Outcome.DENY, outcome(run(c, finding("cost.resource_ceiling", "a", false)), "cost.resource_ceiling"));
    }

    @Test
    void disabledPolicyDropsItsViolations() {
        PolicyConfig c = config("enforcement: {cost.resource_ceiling: disabled}");
        Enforcer.Result r = run(c, finding("cost.resource_ceiling", "a", false));
        assertTrue(r.allowed());
        assertTrue(r.violations().isEmpty());
        assertEquals(1, r.summary().disabled());
        assertEquals(Enforcement.DISABLED, r.levels().stream().filter(l -> l.id().equals("cost.resource_ceiling")).findFirst().orElseThrow().enforcement());
    }

    @Test
    void indeterminateDeniesByDefaultForMandatoryPolicies() {
        Enforcer.Result r = run(PolicyConfig.defaults(), finding("cost.resource_ceiling", "a", true));
        assertFalse(r.allowed());
        Violation v = r.violations().get(0);
        assertTrue(v.indeterminate());
        assertEquals(List.of("a:/instance_types"), v.unknown());
        assertEquals(1, r.summary().indeterminate());
    }

    @Test
    void indeterminateCanBeConfiguredToWarn() {
        PolicyConfig c = config("""
                overrides:
                  - environment: prod
                    indeterminate: warn
                """);
        Enforcer.Result r = run(c, finding("cost.resource_ceiling", "a", true), finding("cost.resource_ceiling", "b", false));
        assertEquals(Outcome.WARN, r.violations().stream().filter(Violation::indeterminate).findFirst().orElseThrow().outcome());
        assertEquals(Outcome.DENY, r.violations().stream().filter(v -> !v.indeterminate()).findFirst().orElseThrow().outcome());
    }

    @Test
    void validWaiverWaivesAndIsReportedAsApplied() {
        Enforcer.Result r = run(withWaivers(waiver("cost.resource_ceiling", "aws_eks_node_group.*", "2026-06-15")),
                finding("cost.resource_ceiling", "aws_eks_node_group.gpu", false));
        assertTrue(r.allowed());
        Violation v = r.violations().get(0);
        assertEquals(Outcome.WAIVED, v.outcome());
        assertEquals("cost.resource_ceiling@aws_eks_node_group.*#FIN-42", v.waiver());
        assertEquals("applied", r.waivers().get(0).status());
        assertEquals(List.of("cost.resource_ceiling aws_eks_node_group.gpu"), r.waivers().get(0).covers());
    }

    @Test
    void expiredWaiverFailsClosedAndIsReported() {
        Enforcer.Result r = run(withWaivers(waiver("cost.resource_ceiling", "aws_eks_node_group.gpu", "2026-06-14")),
                finding("cost.resource_ceiling", "aws_eks_node_group.gpu", false));
        assertFalse(r.allowed());
        Violation v = r.violations().get(0);
        assertEquals(Outcome.DENY, v.outcome());
        assertEquals("cost.resource_ceiling@aws_eks_node_group.gpu#FIN-42", v.waiver());
        assertEquals("expired", r.waivers().get(0).status());
        assertEquals(List.of("cost.resource_ceiling aws_eks_node_group.gpu"), r.waivers().get(0).covers());
        assertEquals(1, r.summary().expiredWaivers());
    }

    @Test
    void waiverMatchingNothingIsStale() {
        Enforcer.Result r = run(withWaivers(waiver("residency.*", "aws_s3_bucket.gone", "2027-01-01")),
                finding("cost.resource_ceiling", "aws_eks_node_group.gpu", false));
        assertEquals("stale", r.waivers().get(0).status());
        assertEquals(1, r.summary().staleWaivers());
        assertNull(r.violations().get(0).waiver());
    }

    @Test
    void waiverForAnotherStackDoesNotApply() {
        Waiver w = new Waiver("cost.*", "*", "sandbox-*", "r", "o", "T-1", LocalDate.parse("2027-01-01"));
        Enforcer.Result r = run(withWaivers(w), finding("cost.resource_ceiling", "a", false));
        assertEquals(Outcome.DENY, r.violations().get(0).outcome());
        assertEquals("stale", r.waivers().get(0).status());
    }

    @Test
    void conftestDenyWithoutMetadataIsMandatoryAndWarnIsAdvisory() {
        Finding deny = Finding.of("main", "deny", JsonNodeFactory.instance.textNode("no public buckets"));
        Finding warn = Finding.of("main", "warn", JsonNodeFactory.instance.textNode("consider spot"));
        Enforcer.Result r = run(PolicyConfig.defaults(), deny, warn);
        assertEquals(Outcome.DENY, outcome(r, "main.deny"));
        assertEquals(Outcome.WARN, outcome(r, "main.warn"));
    }

    @Test
    void violationsAreOrderedDenialsFirstThenBySeverity() {
        Enforcer.Result r = run(PolicyConfig.defaults(),
                finding("carbon.stack_budget", "stack:s", false),
                finding("cost.resource_ceiling", "b", false),
                finding("cost.resource_ceiling", "a", false));
        assertEquals(List.of("a", "b", "stack:s"), r.violations().stream().map(Violation::resource).toList());
    }

    private static Outcome outcome(Enforcer.Result r, String policy) {
        return r.violations().stream().filter(v -> v.policy().equals(policy)).findFirst().orElseThrow().outcome();
    }
}
