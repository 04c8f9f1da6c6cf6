package dev.tollgate.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.plan.Location;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanReader;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waivers (applied, expired, stale) and indeterminate findings, end to end and for every policy of the library. */
class WaiversAndIndeterminateTest {

    static final String LEAK = "examples/terraform/inference-us-leak/plan.json";

    static Decision check(Plan plan, String config) {
        ExamplesTest.setUp();
        return ExamplesTest.engine.check(PolicyEngine.Check.of(plan, EnforcerTest.config(config)));
    }

    static String waivers(String expires) {
        return """
                waivers:
                  - policy: residency.*
                    resource: aws_s3_bucket.replica
                    reason: DR copy approved by the DPO until the EU replica region is ready
                    owner: dpo@example.com
                    ticket: SEC-7
                    expires: %s
                  - policy: sovereign.placement
                    resource: "*"
                    reason: sovereign move planned
                    owner: platform@example.com
                    ticket: PLAT-3
                    expires: 2027-06-30
                """.formatted(expires);
    }

    @Test
    void validWaiverAllowsAndIsRecorded() {
        Decision d = check(PlanReader.read(Path.of(LEAK)), waivers("2026-12-31"));
        assertTrue(d.allowed(), () -> DecisionJson.write(d));
        assertEquals(2, d.summary().waived());
        d.violations().stream().filter(v -> v.policy().startsWith("residency.")).forEach(v -> {
            assertEquals(Decision.Outcome.WAIVED, v.outcome());
            assertEquals("residency.*@aws_s3_bucket.replica#SEC-7", v.waiver());
        });
        Decision.WaiverStatus sec7 = d.waivers().get(0);
        assertEquals("applied", sec7.status());
        assertEquals(List.of("residency.data_flow aws_s3_bucket.replica", "residency.store_jurisdiction aws_s3_bucket.replica"),
                sec7.covers().stream().sorted().toList());
        assertEquals("stale", d.waivers().get(1).status(), "nothing is sovereign in this plan");
    }

    @Test
    void expiredWaiverDeniesAgainAndSaysSo() {
        Decision d = check(PlanReader.read(Path.of(LEAK)), waivers("2026-11-22"));
        assertFalse(d.allowed());
        assertEquals(0, d.summary().waived());
        assertEquals(1, d.summary().expiredWaivers());
        assertEquals("expired", d.waivers().get(0).status());
        assertEquals(2, d.waivers().get(0).covers().size());
        assertTrue(d.violations().stream().filter(v -> v.policy().startsWith("residency."))
                .allMatch(v -> v.outcome() == Decision.Outcome.DENY && "residency.*@aws_s3_bucket.replica#SEC-7".equals(v.waiver())));
    }

    static Plan bucketInUnknownRegion() {
        Resource bucket = new Resource("aws_s3_bucket.datasets", "datasets", Resource.Mode.MANAGED, Resource.Provider.AWS,
                "aws_s3_bucket", "storage.object_bucket", Resource.Action.CREATE,
                Location.unknown("provider aws region comes from var.region, unknown until apply"), null,
                JsonNodeFactory.instance.objectNode().put("bucket", "acme-datasets"), Set.of(), Set.of(),
                Map.of("team", "ml", "project", "p", "cost-center", "c", "environment", "prod", "data-classification", "restricted"), "", "aws");
        return new Plan(new Source(Source.Tool.TERRAFORM, Source.Format.TERRAFORM_PLAN, "1.9.8", "1.2", "unknown-region/plan.json"),
                null, List.of(bucket), List.of(), Map.of(), Map.of(), List.of(new Plan.Unknown("aws_s3_bucket.datasets", "/region")), List.of());
    }

    @Test
    void indeterminateDeniesByDefault() {
        Decision d = check(bucketInUnknownRegion(), "");
        assertFalse(d.allowed());
        Decision.Violation v = d.violations().stream().filter(x -> x.policy().equals("residency.store_jurisdiction")).findFirst().orElseThrow();
        assertTrue(v.indeterminate());
        assertEquals(Decision.Outcome.DENY, v.outcome());
        assertEquals(List.of("aws_s3_bucket.datasets:provider aws region comes from var.region, unknown until apply"), v.unknown());
    }

    @Test
    void indeterminateWarnsWhenConfigured() {
        Decision d = check(bucketInUnknownRegion(), "indeterminate: warn\n");
        Decision.Violation v = d.violations().stream().filter(x -> x.policy().equals("residency.store_jurisdiction")).findFirst().orElseThrow();
        assertEquals(Decision.Outcome.WARN, v.outcome());
        assertTrue(d.violations().stream().filter(Decision.Violation::indeterminate).allMatch(x -> x.outcome() == Decision.Outcome.WARN));
    }

    /** Every policy of the library: a valid waiver waives its violation, an expired one does not. */
    static Stream<PolicyInfo> policies() {
        return PolicyBundle.load(PolicyBundleTest.POLICIES).policies().values().stream();
    }

    @ParameterizedTest
    @MethodSource("policies")
    void everyPolicyCanBeWaivedUntilTheWaiverExpires(PolicyInfo policy) {
        Finding f = new Finding(policy.id(), "aws_eks_node_group.gpu", "found", policy.severity(), false, List.of(),
                JsonNodeFactory.instance.objectNode(), policy.pkg(), policy.rule());
        Map<String, PolicyInfo> all = Map.of(policy.id(), policy);
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        Waiver w = new Waiver(policy.id(), "aws_eks_node_group.*", null, "r", "o", "T-1", LocalDate.parse("2026-11-23"));
        PolicyConfig d = PolicyConfig.defaults();
        PolicyConfig config = new PolicyConfig(null, null, null, null, d.tags(), d.indeterminate(), Map.of(), List.of(), List.of(w), d.params());

        Decision.Violation open = new Enforcer(all, PolicyConfig.defaults(), now).apply(List.of(f), "s", "prod").violations().get(0);
        Decision.Violation waived = new Enforcer(all, config, now).apply(List.of(f), "s", "prod").violations().get(0);
        Decision.Violation expired = new Enforcer(all, config, now.plusSeconds(86_400)).apply(List.of(f), "s", "prod").violations().get(0);
        assertEquals(policy.enforcement() == Enforcement.MANDATORY ? Decision.Outcome.DENY : Decision.Outcome.WARN, open.outcome());
        assertEquals(Decision.Outcome.WAIVED, waived.outcome());
        assertEquals(open.outcome(), expired.outcome());
        assertEquals(w.id(), expired.waiver());
    }
}
