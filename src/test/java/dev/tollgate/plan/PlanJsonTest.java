package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tollgate's own plan JSON: written per its schema, and read back into an equal plan. */
class PlanJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Path> plans() {
        Path tf = SharedFixtures.dir("fixtures/terraform-plans");
        Path pu = SharedFixtures.dir("fixtures/pulumi-json");
        return Stream.of(Examples.TRAINING_EU, Examples.INFERENCE_US_LEAK, Examples.MODULE_PROVIDERS, Examples.PULUMI_PREVIEW,
                tf.resolve("terraform-json/testdata/has_checks/plan.json"),
                tf.resolve("terraform/internal/command/testdata/show-json-state/modules/output.json"),
                tf.resolve("terraform/testing/equivalence-tests/outputs/local_provider_delete/plan.json"),
                pu.resolve("checkpoint-state/checkpoint-secrets.json"),
                pu.resolve("engine-events/display-testdata__template-body.jsonl"));
    }

    private static JsonSchema schema() throws Exception {
        try (InputStream in = PlanJson.class.getResourceAsStream("/plan/tollgate-plan.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @ParameterizedTest
    @MethodSource("plans")
    void roundTripsAndMatchesTheSchema(Path file) throws Exception {
        Plan plan = PlanReader.read(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlanJson.write(plan, out);

        Set<ValidationMessage> errors = schema().validate(MAPPER.readTree(out.toByteArray()));
        assertTrue(errors.isEmpty(), errors.toString());

        Plan back = PlanReader.read(new ByteArrayInputStream(out.toByteArray()), "roundtrip.json");
        assertEquals(plan, back);
        assertEquals(PlanJson.toJson(plan), PlanJson.toJson(back), "writing is stable");
    }

    @Test
    void theSchemaRejectsWhatTheReaderRejects() throws Exception {
        ObjectNode tree = PlanJson.toTree(PlanReader.read(Examples.TRAINING_EU));
        ((ObjectNode) tree.get("resources").get(0)).put("action", "obliterate");
        assertFalse(schema().validate(tree).isEmpty());
        PlanFormatException e = assertThrows(PlanFormatException.class, () -> read(tree));
        assertEquals("t.json: $.resources[0].action: expected one of [create, update, delete, replace, read, no-op], found \"obliterate\"",
                e.getMessage());
    }

    @Test
    void edgesMustConnectResourcesOfThePlan() {
        ObjectNode tree = PlanJson.toTree(PlanReader.read(Examples.TRAINING_EU));
        ((ObjectNode) tree.get("edges").get(2)).put("to", "aws_s3_bucket.elsewhere");
        PlanFormatException e = assertThrows(PlanFormatException.class, () -> read(tree));
        assertEquals("t.json: $.edges[2].to: no resource has address aws_s3_bucket.elsewhere", e.getMessage());
    }

    @Test
    void aKnownRegionBasisNeedsARegion() {
        ObjectNode tree = PlanJson.toTree(PlanReader.read(Examples.TRAINING_EU));
        ((ObjectNode) tree.get("resources").get(0).get("location")).putNull("region");
        PlanFormatException e = assertThrows(PlanFormatException.class, () -> read(tree));
        assertTrue(e.getMessage().startsWith("t.json: $.resources[0].location.region: missing"), e.getMessage());
    }

    @Test
    void aMinimalHandWrittenPlan() {
        String json = """
                {"tollgate_plan": "1",
                 "resources": [{"address": "gpu", "name": "gpu", "mode": "managed", "provider": "gcp",
                   "type": "google_container_node_pool", "kind": "compute.gpu_node_group", "action": "create",
                   "location": {"region": "europe-west4", "basis": "attribute", "detail": "/location"},
                   "after": {"node_config": [{"machine_type": "a3-highgpu-8g"}]}, "tags": {"team": "ml"}}]}
                """;
        Plan plan = PlanReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "hand.json");
        assertEquals(Source.Format.TOLLGATE_PLAN, plan.source().format());
        Resource r = plan.resources().get(0);
        assertEquals("europe-west4", r.location().region());
        assertEquals(Resource.Action.CREATE, r.action());
        assertEquals("ml", r.tags().get("team"));
        assertEquals("", r.module());
    }

    @Test
    void sensitiveValuesAreNotWritten() throws Exception {
        Plan plan = PlanReader.read(SharedFixtures.dir("fixtures/terraform-plans")
                .resolve("terraform/internal/command/testdata/show-json/sensitive-values/output.json"));
        String json = PlanJson.toJson(plan);
        JsonNode raw = MAPPER.readTree(SharedFixtures.dir("fixtures/terraform-plans")
                .resolve("terraform/internal/command/testdata/show-json/sensitive-values/output.json").toFile());
        String secret = raw.path("variables").path("test_var").path("value").asText();
        assertFalse(secret.isEmpty());
        assertFalse(json.contains(secret), "sensitive value " + secret + " leaked");
        Resource r = plan.resources().get(0);
        assertTrue(r.sensitivePaths().contains("/ami"), r.sensitivePaths().toString());
        assertFalse(r.after().has("ami"));
        assertTrue(plan.notes().stream().anyMatch(n -> n.message().contains("variable test_var is sensitive")));
    }

    private static Plan read(JsonNode tree) throws Exception {
        return PlanReader.read(new ByteArrayInputStream(MAPPER.writeValueAsBytes(tree)), "t.json");
    }
}
