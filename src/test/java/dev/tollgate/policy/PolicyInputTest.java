package dev.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.plan.Edge;
import dev.tollgate.plan.Location;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanGenerator;
import dev.tollgate.plan.PlanReader;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Source;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy input document: its schema, region facts, machines and GPUs, cost, totals, and Pulumi normalization. */
class PolicyInputTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    static JsonSchema schema;
    static PolicyEngine engine;

    @BeforeAll
    static void setUp() throws IOException {
        try (InputStream in = PolicyInputTest.class.getResourceAsStream("/policy/input.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        // prepare() never evaluates, so no evaluator is needed here.
        engine = new PolicyEngine(PolicyBundle.load(PolicyBundleTest.POLICIES), Catalogue.bundled(), CLOCK, data -> {
            throw new AssertionError("prepare must not evaluate");
        });
    }

    static JsonNode input(Plan plan, PolicyConfig config) {
        return engine.prepare(PolicyEngine.Check.of(plan, config)).input().toJson();
    }

    static Plan generated(int resources) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PlanGenerator(7).write(resources, out);
        return PlanReader.read(new ByteArrayInputStream(out.toByteArray()), "generated/plan.json");
    }

    static void assertValid(JsonNode input) {
        Set<ValidationMessage> errors = schema.validate(input);
        assertTrue(errors.isEmpty(), () -> "input does not match its schema: " + errors.stream().limit(10).toList());
    }

    @Test
    void generatedPlanInputMatchesTheSchema() throws IOException {
        JsonNode input = input(generated(400), PolicyConfig.defaults());
        assertValid(input);
        assertEquals(PolicyInput.SCHEMA, input.get("schema").asText());
        assertEquals("2026-11-23T12:00:00Z", input.get("now").asText());
        assertEquals("generated", input.at("/stack/name").asText());
        assertEquals("file", input.at("/stack/name_basis").asText());
        assertEquals(400, input.get("resources").size());
        assertTrue(input.get("edges").size() > 0);
        assertTrue(input.at("/catalogue/regions/aws/eu-central-1/jurisdictions").toString().contains("EU"));
    }

    @Test
    void regionFactsAreJoinedOntoResources() throws IOException {
        JsonNode input = input(generated(400), PolicyConfig.defaults());
        JsonNode eu = find(input, r -> "eu-central-1".equals(r.at("/location/region").asText()));
        assertEquals("DE", eu.at("/location/country").asText());
        assertEquals(List.of("DE", "EU"), strings(eu.at("/location/jurisdictions")));
        assertEquals("aws", eu.at("/location/partition").asText());
        assertTrue(eu.at("/location/eea").asBoolean());
        assertTrue(eu.at("/location/in_catalogue").asBoolean());
        assertTrue(eu.at("/location/grid_gco2e_per_kwh").isNumber());
        JsonNode us = find(input, r -> "us-east-1".equals(r.at("/location/region").asText()));
        assertEquals(List.of("US"), strings(us.at("/location/jurisdictions")));
    }

    @Test
    void gpuNodeGroupsCarryShapeCountAndCapacity() throws IOException {
        JsonNode input = input(generated(400), PolicyConfig.defaults());
        JsonNode ng = find(input, r -> "compute.gpu_node_group".equals(r.path("kind").asText())
                && "p5.48xlarge".equals(r.at("/machine/type").asText()));
        JsonNode gpu = ng.get("gpu");
        assertEquals(8, gpu.get("per_instance").asInt());
        assertTrue(gpu.get("model").asText().contains("H100"));
        long nodes = gpu.get("instances").asLong();
        assertEquals(8 * nodes, gpu.get("count").asLong());
        assertEquals(0, new BigDecimal(730 * 8 * nodes).compareTo(gpu.get("gpu_hours_month").decimalValue()));
        boolean offered = Catalogue.bundled().pricesOf("aws", Catalogue.COMPUTE, "p5.48xlarge").stream()
                .anyMatch(p -> p.region().equals(ng.at("/location/region").asText()));
        assertEquals(offered, gpu.get("offered_in_region").asBoolean());
        JsonNode cpu = find(input, r -> "compute.node_group".equals(r.path("kind").asText()));
        assertTrue(cpu.get("gpu").isNull(), "a CPU node group brings no GPUs");
    }

    @Test
    void totalsAddUpTheResourcesByStackAndTag() throws IOException {
        PolicyEngine.Prepared p = engine.prepare(PolicyEngine.Check.of(generated(400), PolicyConfig.defaults()));
        JsonNode input = p.input().toJson();
        JsonNode stack = input.at("/totals/stacks/generated");
        BigDecimal sum = BigDecimal.ZERO;
        long gpus = 0;
        for (JsonNode r : input.get("resources")) {
            if (!r.path("action").asText().equals("delete") && r.path("mode").asText().equals("managed")) {
                sum = sum.add(r.at("/cost/monthly_usd").decimalValue());
                if (r.at("/gpu/count").isNumber()) gpus += r.at("/gpu/count").asLong();
            }
        }
        assertEquals(0, sum.compareTo(stack.get("monthly_usd").decimalValue()));
        assertEquals(0, p.estimate().totalMonthlyUsd().compareTo(sum), "same sum as the estimator's");
        assertEquals(gpus, stack.get("gpu_count").asLong());
        assertTrue(gpus > 0);
        assertTrue(input.at("/totals/teams").size() > 0, "the generator tags teams");
        assertEquals("prior_state", input.at("/baseline/source").asText());
    }

    @Test
    void configuredTagKeysNameTeamsAndProjects() {
        Resource bucket = resource("aws_s3_bucket.a", "aws_s3_bucket", "storage.object_bucket", "eu-central-1",
                "{\"bucket\": \"a\"}", Map.of("owner", "ml", "project-code", "llm"), Set.of());
        PolicyConfig config = EnforcerTest.config("tags: {team: [team, owner], project: project-code}\n");
        JsonNode input = input(plan(Source.Tool.TERRAFORM, List.of(bucket), List.of()), config);
        assertEquals("ml", input.at("/resources/0/team").asText());
        assertEquals("llm", input.at("/resources/0/project").asText());
        assertTrue(input.at("/totals/teams/ml").isObject());
        assertTrue(input.at("/totals/projects/llm").isObject());
    }

    @Test
    void pulumiValuesAndPointersAreSnakeCase() {
        Resource ng = resource("urn:pulumi:dev::p::aws:eks/nodeGroup:NodeGroup::gpu", "aws:eks/nodeGroup:NodeGroup",
                "compute.gpu_node_group", "eu-central-1",
                "{\"instanceTypes\": [\"p5.48xlarge\"], \"scalingConfig\": {\"minSize\": 1}, \"tags\": {\"costCenter\": \"x\"}}",
                Map.of("costCenter", "x"), Set.of("/scalingConfig/desiredSize", "/tags/team"));
        JsonNode input = input(plan(Source.Tool.PULUMI, List.of(ng), List.of()), PolicyConfig.defaults());
        assertValid(input);
        JsonNode r = input.at("/resources/0");
        assertTrue(r.at("/values/instance_types").isArray());
        assertEquals(1, r.at("/values/scaling_config/min_size").asInt());
        assertEquals("x", r.at("/values/tags/costCenter").asText(), "tag keys are the user's and stay as written");
        assertEquals(List.of("/scaling_config/desired_size", "/tags/team"), strings(r.get("unknown_paths")));
        assertEquals(List.of("team"), strings(r.get("tags_unknown")));
        assertEquals("p5.48xlarge", r.at("/machine/type").asText());
        assertTrue(r.at("/gpu/count").isNull(), "desired size unknown: GPU count unknown");
        assertEquals(List.of("/scaling_config/desired_size"), strings(r.at("/gpu/unknown")));
    }

    @Test
    void unknownMachineTypeIsMarkedWithItsPointer() {
        Resource inst = resource("aws_instance.x", "aws_instance", "compute.instance", "eu-central-1", "{}", Map.of(),
                Set.of("/instance_type"));
        JsonNode r = input(plan(Source.Tool.TERRAFORM, List.of(inst), List.of()), PolicyConfig.defaults()).at("/resources/0");
        assertTrue(r.at("/machine/unknown").asBoolean());
        assertEquals("/instance_type", r.at("/machine/attribute").asText());
        assertFalse(r.at("/cost/priced").asBoolean());
        assertEquals(List.of("/instance_type"), strings(r.at("/cost/unknown")));
    }

    @Test
    void unknownRegionStaysUnknownWithItsReason() {
        Resource bucket = new Resource("aws_s3_bucket.a", "a", Resource.Mode.MANAGED, Resource.Provider.AWS, "aws_s3_bucket",
                "storage.object_bucket", Resource.Action.CREATE, Location.unknown("region from data.aws_region.current"),
                null, TestJson.parse("{}"), Set.of(), Set.of(), Map.of(), "", "aws");
        JsonNode loc = input(plan(Source.Tool.TERRAFORM, List.of(bucket), List.of()), PolicyConfig.defaults()).at("/resources/0/location");
        assertFalse(loc.get("known").asBoolean());
        assertEquals("unknown", loc.get("basis").asText());
        assertEquals("region from data.aws_region.current", loc.get("detail").asText());
        assertEquals(0, loc.get("jurisdictions").size());
    }

    @Test
    void environmentComesFromConfigElseAnAgreeingTag() {
        Resource a = resource("aws_s3_bucket.a", "aws_s3_bucket", "storage.object_bucket", "eu-central-1", "{}", Map.of("environment", "prod"), Set.of());
        Resource b = resource("aws_s3_bucket.b", "aws_s3_bucket", "storage.object_bucket", "eu-central-1", "{}", Map.of("environment", "dev"), Set.of());
        assertEquals("prod", input(plan(Source.Tool.TERRAFORM, List.of(a), List.of()), PolicyConfig.defaults()).at("/stack/environment").asText());
        assertTrue(input(plan(Source.Tool.TERRAFORM, List.of(a, b), List.of()), PolicyConfig.defaults()).at("/stack/environment").isNull());
        assertEquals("staging", input(plan(Source.Tool.TERRAFORM, List.of(a, b), List.of()),
                EnforcerTest.config("environment: staging\n")).at("/stack/environment").asText());
    }

    // ---------------------------------------------------------------- helpers

    static Resource resource(String address, String type, String kind, String region, String values, Map<String, String> tags, Set<String> unknown) {
        return new Resource(address, address.substring(address.lastIndexOf(':') + 1), Resource.Mode.MANAGED,
                Resource.Provider.AWS, type, kind, Resource.Action.CREATE,
                new Location(region, null, Location.Basis.PROVIDER_CONFIG, "provider aws"), null, TestJson.parse(values),
                unknown, Set.of(), tags, "", "aws");
    }

    static Plan plan(Source.Tool tool, List<Resource> resources, List<Edge> edges) {
        Source.Format format = tool == Source.Tool.PULUMI ? Source.Format.PULUMI_PREVIEW : Source.Format.TERRAFORM_PLAN;
        return new Plan(new Source(tool, format, null, "1", "stacks/demo/plan.json"), null, resources, edges,
                Map.of(), Map.of(), List.of(), List.of());
    }

    static JsonNode find(JsonNode input, java.util.function.Predicate<JsonNode> test) {
        return StreamSupport.stream(input.get("resources").spliterator(), false).filter(test).findFirst()
                .orElseThrow(() -> new AssertionError("no such resource in the input"));
    }

    static List<String> strings(JsonNode array) {
        assertNotNull(array);
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static final class TestJson {
        static JsonNode parse(String s) {
            try {
                return JSON.readTree(s);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
