package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared Pulumi fixtures: engine-event streams, checkpoints, stack exports and the saved update plan read with
 * the resource counts the files themselves state; JSON Schemas and other documents are rejected as unknown formats.
 */
class PulumiFixturesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path fixtures() {
        return SharedFixtures.dir("fixtures/pulumi-json");
    }

    @TestFactory
    List<DynamicTest> everyFixture() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : SharedFixtures.files(fixtures(), ".json", ".jsonl")) {
            tests.add(DynamicTest.dynamicTest(fixtures().relativize(file).toString(), () -> check(file)));
        }
        assertTrue(tests.size() >= 19, "expected the Pulumi fixtures, found " + tests.size());
        return tests;
    }

    private static void check(Path file) throws IOException {
        String dir = file.getParent().getFileName().toString();
        switch (dir) {
            case "engine-events" -> {
                Plan plan = PlanReader.read(file);
                assertEquals(Source.Format.PULUMI_EVENTS, plan.source().format());
                assertEquals(summaryTotal(file), plan.resources().size(), "resources = the summary event's resourceChanges total");
                TerraformFixturesTest.assertConsistent(plan);
            }
            case "checkpoint-state", "stack-export" -> {
                JsonNode raw = MAPPER.readTree(file.toFile());
                JsonNode resources = raw.has("checkpoint") ? raw.path("checkpoint").path("latest").path("resources")
                        : raw.has("deployment") ? raw.path("deployment").path("resources") : raw.path("resources");
                Plan plan = PlanReader.read(file);
                assertEquals(Source.Format.PULUMI_EXPORT, plan.source().format());
                assertEquals(resources.size(), plan.resources().size());
                assertTrue(plan.resources().stream().allMatch(r -> r.action() == Resource.Action.NO_OP));
                TerraformFixturesTest.assertConsistent(plan);
            }
            case "update-plan" -> {
                JsonNode raw = MAPPER.readTree(file.toFile());
                Plan plan = PlanReader.read(file);
                assertEquals(Source.Format.PULUMI_UPDATE_PLAN, plan.source().format());
                assertEquals(raw.path("resourcePlans").size(), plan.resources().size());
                TerraformFixturesTest.assertConsistent(plan);
            }
            default -> {
                PlanFormatException e = assertThrows(PlanFormatException.class, () -> PlanReader.read(file));
                assertTrue(e.getMessage().contains("unknown plan format"), e.getMessage());
            }
        }
    }

    private static int summaryTotal(Path file) throws IOException {
        int total = -1;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            JsonNode summary = MAPPER.readTree(line).get("summaryEvent");
            if (summary == null) continue;
            total = 0;
            for (JsonNode n : summary.path("resourceChanges")) total += n.asInt();
        }
        assertTrue(total >= 0, "no summary event in " + file);
        return total;
    }

    @Test
    void secretsAreRecordedAsSensitivePathsAndNeverKept() {
        Path file = fixtures().resolve("checkpoint-state/checkpoint-secrets.json");
        Plan plan = PlanReader.read(file);
        Resource role = plan.resources().stream()
                .filter(r -> r.address().equals("urn:pulumi:foo::countdown::aws:iam/role:Role::countDown_watcher-iamrole"))
                .findFirst().orElseThrow();
        assertTrue(role.sensitivePaths().containsAll(Set.of("/assumeRolePolicy", "/uniqueId")), role.sensitivePaths().toString());
        assertFalse(role.values().has("assumeRolePolicy"));
        String json = PlanJson.toJson(plan);
        assertFalse(json.contains("ciphertext"), "secret ciphertext leaked into the model");
        assertFalse(json.contains(PulumiValues.SIG), "secret marker leaked into the model");
    }

    @Test
    void aReplacementSeenAsThreeStepsIsOneReplacedResource() {
        Plan plan = PlanReader.read(fixtures().resolve("engine-events/display-testdata__webserver-userdata.jsonl"));
        Resource server = plan.resources().stream().filter(r -> r.name().equals("web-server-www")).findFirst().orElseThrow();
        assertEquals(Resource.Action.REPLACE, server.action());
        assertEquals(Kinds.COMPUTE_INSTANCE, server.kind());
        assertEquals("us-west-2", server.location().region());
        assertEquals(Location.Basis.STACK_CONFIG, server.location().basis());
        assertEquals("aws:ec2/instance:Instance", server.type());
    }

    @Test
    void stackExportLinksResourcesToTheirProviderResource() {
        Plan plan = PlanReader.read(fixtures().resolve("stack-export/pulumi-docs__cloud-rest-api__get-stack-state-export__v2.22.0.json"));
        Resource vpc = plan.resources().stream().filter(r -> r.kind().equals(Kinds.NETWORK_VPC)).findFirst().orElseThrow();
        assertEquals("us-west-2", vpc.location().region());
        assertEquals("dev-user1", plan.stack());
        assertEquals("v2.22.0", plan.source().toolVersion());
        PlanGraph graph = new PlanGraph(plan);
        assertTrue(graph.uses(vpc.address()).stream().anyMatch(e -> e.kind() == Edge.Kind.PROVIDER
                && e.to().equals("urn:pulumi:dev-user1::demo-aws-ts-webserver::pulumi:providers:aws::default_3_32_0")));
    }

    @Test
    void everyAddressIsUniqueAcrossEventStreams() {
        Set<String> seen = new HashSet<>();
        Plan plan = PlanReader.read(fixtures().resolve("engine-events/display-testdata__template-body.jsonl"));
        for (Resource r : plan.resources()) assertTrue(seen.add(r.address()));
        assertEquals(Resource.Action.UPDATE, plan.resources().stream()
                .filter(r -> r.name().equals("cluster-nodes")).findFirst().orElseThrow().action());
    }
}
