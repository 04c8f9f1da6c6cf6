package dev.tollgate.pulumi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.plan.Location;
import dev.tollgate.policy.Enforcement;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** Tollgate's side of the analyzer, without gRPC: requests to plans, policy pack config to Tollgate config. */
class AnalyzerHandlerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static PolicyEngine engine;
    static AnalyzerHandler handler;

    @BeforeAll
    static void handler() {
        engine = PolicyEngine.embedded(PolicyBundle.load(Path.of("policies")), Catalogue.bundled(), Clock.systemUTC(), Duration.ofSeconds(30));
        handler = new AnalyzerHandler(PolicyPack.load(Path.of("examples/pulumi-policy-pack")), engine.bundle().policies(),
                (ObjectNode) engine.bundle().data().get("params"), PolicyConfig.defaults(),
                (plan, config) -> engine.check(PolicyEngine.Check.of(plan, config)));
    }

    @Test
    void aRequestBecomesAPlanWithTheProvidersRegionAndDefaultTags() throws IOException {
        var request = JSON.readTree("""
                {"scope": "stack", "stack": {"stack": "prod", "project": "p", "config": {}},
                 "resources": [{"type": "aws:ebs/volume:Volume", "name": "cache",
                   "urn": "urn:pulumi:prod::p::aws:ebs/volume:Volume::cache",
                   "properties": {"size": 100.0, "encrypted": true, "tags": {"Name": "cache"}},
                   "dependencies": [], "propertyDependencies": {},
                   "provider": {"type": "pulumi:providers:aws", "name": "eu", "urn": "urn:pulumi:prod::p::pulumi:providers:aws::eu",
                     "properties": {"region": "eu-west-1", "defaultTags": "{\\"tags\\":{\\"team\\":\\"ml\\"}}"}}}]}""");

        var plan = AnalyzerHandler.plan(request);
        var volume = plan.resources().get(0);
        assertEquals("prod", plan.stack());
        assertEquals("storage.block_volume", volume.kind());
        assertEquals(new Location("eu-west-1", null, Location.Basis.PROVIDER_CONFIG, "provider inputs: /region"), volume.location());
        assertEquals("ml", volume.tags().get("team"));
        assertEquals("cache", volume.tags().get("Name"));
        assertEquals(100, volume.after().get("size").intValue());
    }

    @Test
    void policyPackConfigSetsLevelsAndParameters() throws IOException {
        var config = handler.config(JSON.readTree("""
                {"carbon.lower_carbon_region": {"enforcementLevel": "disabled"},
                 "cost.stack_budget": {"enforcementLevel": "advisory", "properties": {"stack_monthly_usd": {"default": 1000}}}}"""));

        assertEquals(Enforcement.DISABLED, config.enforcement().get("carbon.lower_carbon_region"));
        assertEquals(Enforcement.ADVISORY, config.enforcement().get("cost.stack_budget"));
        assertEquals(1000, config.params().at("/cost/stack_monthly_usd/default").intValue());
        assertEquals(PolicyConfig.defaults(), handler.config(JSON.createObjectNode()), "no pack config: the pack's own");
    }

    @Test
    void configForAPolicyThePackDoesNotHaveIsAnError() throws IOException {
        var e = assertThrows(PulumiException.class, () -> handler.config(JSON.readTree("{\"cost.typo\": {\"enforcementLevel\": \"advisory\"}}")));
        assertTrue(e.getMessage().startsWith("policy pack config names cost.typo, which is not a policy of tollgate"), e.getMessage());
    }

    @Test
    void describesEachPolicyWithAConfigSchemaOfItsParameters() {
        var info = handler.info();
        assertEquals("tollgate", info.get("name"));
        assertEquals("0.1.0", info.get("version"));
        var cost = handler.configSchema(engine.bundle().policies().get("cost.gpu_quota"));
        assertEquals("object", cost.at("/gpu_quota/type").asText());
        assertEquals("integer", cost.at("/gpu_quota/properties/default/properties/gpus/type").asText());
        assertEquals("number", cost.at("/training/properties/max_on_demand_share/type").asText());
        assertEquals("array", cost.at("/unpriced/properties/free_kinds/type").asText());
    }

    @Test
    void aPackWithAnotherRuntimeIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("PulumiPolicy.yaml"), "runtime: nodejs\nname: p\nversion: 1.0.0\n");
        var e = assertThrows(PulumiException.class, () -> PolicyPack.load(dir));
        assertTrue(e.getMessage().endsWith("runtime is 'nodejs'; a Tollgate pack says `runtime: tollgate`"), e.getMessage());
    }
}
