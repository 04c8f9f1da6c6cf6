package dev.tollgate.cli;

import dev.tollgate.policy.Decision;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import dev.tollgate.pulumi.StackPlansTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The point of the stacks: each dev config passes every mandatory policy, each violation config is denied for cost,
 * residency and sovereignty (and exposure), with the policy library as shipped in policies/.
 */
class StackPoliciesTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    static PolicyEngine engine;

    @BeforeAll
    static void engine() {
        engine = Policies.engine(Path.of("policies"), CLOCK);
    }

    static Decision decide(String stack, String config) {
        var dir = Path.of("stacks", stack);
        var tollgateYaml = dir.resolve("tollgate.yaml");
        var policyConfig = Files.isRegularFile(tollgateYaml) ? PolicyConfig.load(tollgateYaml) : PolicyConfig.defaults();
        return engine.check(PolicyEngine.Check.of(StackPlansTest.plan(stack, config), policyConfig));
    }

    static Set<String> denied(Decision d) {
        return d.violations().stream().filter(v -> v.outcome() == Decision.Outcome.DENY).map(Decision.Violation::policy)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static void assertAllowed(Decision d) {
        assertTrue(d.allowed(), () -> "denied: " + d.violations().stream().filter(v -> v.outcome() == Decision.Outcome.DENY)
                .map(v -> v.policy() + " " + v.resource() + ": " + v.message()).toList());
        assertEquals(Decision.Verdict.ALLOW, d.verdict());
    }

    @Test
    void gpuTrainingDevPasses() {
        var d = decide("gpu-training", "dev");
        assertAllowed(d);
        // The catalogue has no eu-central-1 prices for AWS: an advisory says so instead of a made-up figure.
        assertTrue(d.violations().stream().anyMatch(v -> v.policy().equals("cost.unpriced_cap") && v.outcome() == Decision.Outcome.WARN));
    }

    @Test
    void gpuTrainingViolationIsDenied() {
        var d = decide("gpu-training", "violation");
        assertFalse(d.allowed());
        assertEquals(Set.of("cost.change_delta", "cost.resource_ceiling", "exposure.public_bucket",
                "residency.store_jurisdiction", "sovereign.customer_managed_key", "sovereign.placement"), denied(d));
        var ceiling = d.violations().stream().filter(v -> v.policy().equals("cost.resource_ceiling")).findFirst().orElseThrow();
        assertTrue(ceiling.resource().endsWith("aws:eks/nodeGroup:NodeGroup::gpu-nodes"), ceiling.resource());
        assertTrue(ceiling.message().contains("$160717/month"), ceiling.message());
    }

    @Test
    void inferenceEuDevPassesWithItsRecordedExceptions() {
        var d = decide("inference-eu", "dev");
        assertAllowed(d);
        // GCP networks, subnetworks, Cloud NAT and key rings take no labels: waived in stacks/inference-eu/tollgate.yaml.
        var waived = d.violations().stream().filter(v -> v.outcome() == Decision.Outcome.WAIVED)
                .map(v -> v.resource().substring(v.resource().lastIndexOf('$') + 1)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("gcp:compute/network:Network::inference-vpc",
                "gcp:compute/routerNat:RouterNat::inference-nat", "gcp:compute/subnetwork:Subnetwork::inference-subnet",
                "gcp:kms/keyRing:KeyRing::inference")), waived);
    }

    @Test
    void inferenceEuViolationIsDenied() {
        var d = decide("inference-eu", "violation");
        assertFalse(d.allowed());
        assertEquals(Set.of("cost.change_delta", "cost.gpu_quota", "cost.resource_ceiling", "cost.stack_budget",
                "exposure.public_bucket", "residency.store_jurisdiction", "sovereign.customer_managed_key",
                "sovereign.placement"), denied(d));
    }

    @Test
    void sovereignDeDevPassesInTheSovereignPartition() {
        var d = decide("sovereign-de", "dev");
        assertAllowed(d);
        assertTrue(d.violations().stream().noneMatch(v -> v.policy().startsWith("sovereign.")));
    }

    @Test
    void sovereignDeViolationIsDenied() {
        var d = decide("sovereign-de", "violation");
        assertFalse(d.allowed());
        assertEquals(Set.of("cost.change_delta", "cost.team_budget", "exposure.gpu_open_ingress", "exposure.public_bucket",
                "residency.store_jurisdiction", "sovereign.customer_managed_key", "sovereign.placement"), denied(d));
    }
}
