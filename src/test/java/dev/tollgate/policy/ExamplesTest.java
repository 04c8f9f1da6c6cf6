package dev.tollgate.policy;

import dev.tollgate.facts.Catalogue;
import dev.tollgate.plan.PlanReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example plans a newcomer runs, as Terraform plans and as Pulumi previews of the same infrastructure. */
class ExamplesTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    static PolicyEngine engine;

    @BeforeAll
    static synchronized void setUp() {
        if (engine != null) return;
        engine = PolicyEngine.embedded(PolicyBundle.load(PolicyBundleTest.POLICIES), Catalogue.bundled(), CLOCK, Duration.ofSeconds(60));
    }

    static Decision check(String file) {
        return engine.check(PolicyEngine.Check.of(PlanReader.read(Path.of(file)), PolicyConfig.defaults()));
    }

    /** A violation as both tools name it: the resource by its logical name (Terraform name, Pulumi URN name). */
    static Set<String> comparable(Decision d) {
        return d.violations().stream()
                .map(v -> String.join(" ", v.policy(), logicalName(v.resource()), v.outcome().id(), v.severity(), String.valueOf(v.indeterminate())))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    static String logicalName(String address) {
        if (address.startsWith("urn:pulumi:")) return address.substring(address.lastIndexOf("::") + 2);
        if (address.startsWith("stack:") || address.startsWith("team:")) return address;
        String name = address.substring(address.lastIndexOf('.') + 1);
        return name.replaceAll("\\[\"?([^\"\\]]+)\"?]$", "-$1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu-training-eu", "inference-us-leak"})
    void terraformPlanAndPulumiPreviewGetTheSameDecision(String example) {
        Decision terraform = check("examples/terraform/" + example + "/plan.json");
        Decision pulumi = check("examples/pulumi/" + example + "/preview.json");
        assertEquals(terraform.verdict(), pulumi.verdict());
        assertEquals(comparable(terraform), comparable(pulumi));
        assertFalse(terraform.violations().isEmpty(), "the examples show something");
        assertEquals(0, terraform.totals().monthlyUsd().compareTo(pulumi.totals().monthlyUsd()), "same cost");
        assertEquals(0, terraform.totals().carbonKgMonth().compareTo(pulumi.totals().carbonKgMonth()), "same carbon");
        assertEquals(terraform.totals().gpuCount(), pulumi.totals().gpuCount());
        assertEquals(terraform.stack().name(), pulumi.stack().name());
        assertEquals("terraform", terraform.stack().tool());
        assertEquals("pulumi", pulumi.stack().tool());
    }

    @Test
    void gpuTrainingInTheEuIsAllowedWithWarnings() {
        Decision d = check("examples/terraform/gpu-training-eu/plan.json");
        assertTrue(d.allowed());
        assertEquals(Set.of("cost.unpriced_cap", "exposure.gpu_region_capacity"),
                d.violations().stream().map(Decision.Violation::policy).collect(Collectors.toSet()));
        assertEquals(16, d.totals().gpuCount(), "2 nodes of 8 H100");
    }

    @Test
    void replicatingRestrictedDataToTheUsIsDenied() {
        Decision d = check("examples/terraform/inference-us-leak/plan.json");
        assertFalse(d.allowed());
        Decision.Violation flow = d.violations().stream().filter(v -> v.policy().equals("residency.data_flow")).findFirst().orElseThrow();
        assertEquals("aws_s3_bucket.replica", flow.resource());
        assertEquals(Decision.Outcome.DENY, flow.outcome());
        assertEquals(List.of("aws_s3_bucket.datasets", "aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket.replica"),
                PolicyInputTest.strings(flow.data().get("path")));
        assertTrue(flow.message().endsWith("aws_s3_bucket.datasets -> aws_s3_bucket_replication_configuration.datasets -> aws_s3_bucket.replica"));
        assertTrue(d.violations().stream().anyMatch(v -> v.policy().equals("residency.store_jurisdiction") && v.resource().equals("aws_s3_bucket.replica")));
    }
}
