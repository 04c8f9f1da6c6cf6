package dev.tollgate.plan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every JSON file in the shared Terraform fixtures: plans and states read with the right resource counts and
 * actions; the deliberately malformed ones fail with a line and column; everything else (provider schemas,
 * apply logs, mock data) is rejected as an unknown format rather than misread.
 */
class TerraformFixturesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> PLAN_KEYS = Set.of("planned_values", "resource_changes", "prior_state", "configuration",
            "output_changes", "resource_drift", "variables", "applyable", "complete", "errored", "checks");

    private static Path fixtures() {
        return SharedFixtures.dir("fixtures/terraform-plans");
    }

    @TestFactory
    List<DynamicTest> everyFixture() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : SharedFixtures.files(fixtures(), ".json")) {
            String name = fixtures().relativize(file).toString();
            tests.add(DynamicTest.dynamicTest(name, () -> check(file)));
        }
        assertTrue(tests.size() > 250, "expected the full fixture set, found " + tests.size() + " JSON files");
        return tests;
    }

    private static void check(Path file) throws IOException {
        JsonNode raw;
        try {
            raw = MAPPER.readTree(file.toFile());
        } catch (IOException malformed) {
            PlanFormatException e = assertThrows(PlanFormatException.class, () -> PlanReader.read(file));
            assertTrue(e.where().matches("line \\d+, column \\d+"), e.getMessage());
            assertTrue(e.getMessage().startsWith(file + ": line "), e.getMessage());
            return;
        }
        if (raw.isObject() && raw.has("format_version") && raw.properties().stream().anyMatch(en -> PLAN_KEYS.contains(en.getKey()))) {
            Plan plan = PlanReader.read(file);
            assertEquals(Source.Format.TERRAFORM_PLAN, plan.source().format());
            JsonNode changes = raw.path("resource_changes");
            assertEquals(changes.size(), plan.resources().size(), "resource count");
            assertEquals(actionCounts(changes), planActionCounts(plan), "actions");
            assertConsistent(plan);
        } else if (raw.isObject() && raw.has("format_version") && (raw.has("values") || Set.of("format_version", "terraform_version").containsAll(fieldNames(raw)))) {
            Plan plan = PlanReader.read(file);
            assertEquals(Source.Format.TERRAFORM_STATE, plan.source().format());
            assertEquals(stateResources(raw.path("values").path("root_module")), plan.resources().size(), "resource count");
            assertTrue(plan.resources().stream().allMatch(r -> r.action() == Resource.Action.NO_OP));
            assertConsistent(plan);
        } else {
            PlanFormatException e = assertThrows(PlanFormatException.class, () -> PlanReader.read(file));
            assertTrue(e.getMessage().contains("unknown plan format"), e.getMessage());
        }
    }

    @Test
    void theDeliberatelyMalformedFixturesGiveLineAndColumn() {
        Path invalid = fixtures().resolve("terraform-json/testdata/invalid/plan.json");
        PlanFormatException e = assertThrows(PlanFormatException.class, () -> PlanReader.read(invalid));
        assertEquals("line 676, column 29", e.where());
        Path state = fixtures().resolve("terraform-json/testdata/invalid/state.json");
        PlanFormatException s = assertThrows(PlanFormatException.class, () -> PlanReader.read(state));
        assertTrue(s.where().startsWith("line 12, column "), s.where());
    }

    @Test
    void driftMovesImportsAndChecksBecomeNotes() {
        Plan moved = PlanReader.read(fixtures().resolve("terraform/internal/command/testdata/show-json/moved-drift/output.json"));
        assertTrue(moved.notes().stream().anyMatch(n -> n.message().startsWith("moved from ")), moved.notes().toString());
        assertTrue(moved.notes().stream().anyMatch(n -> n.severity() == Plan.Note.Severity.WARNING
                && n.message().startsWith("changed outside Terraform")), moved.notes().toString());
        Plan imported = PlanReader.read(fixtures().resolve("terraform-json/testdata/identity/plan.json"));
        assertTrue(imported.notes().stream().anyMatch(n -> n.message().equals("imported into Terraform by this plan")));
        Plan checks = PlanReader.read(fixtures().resolve("terraform/internal/command/testdata/show-json/conditions/output-refresh-only.json"));
        assertEquals(0, checks.resources().size());
    }

    @Test
    void unknownOutputsAndSensitiveOutputs() {
        Plan plan = PlanReader.read(fixtures().resolve("terraform-json/testdata/basic/plan.json"));
        assertTrue(plan.unknowns().contains(new Plan.Unknown("output.interpolated", "")), plan.unknowns().toString());
        assertEquals("foo", plan.outputs().get("string").asText());
        assertFalse(plan.outputs().containsKey("foo"), "output foo is sensitive");
        assertTrue(plan.notes().stream().anyMatch(n -> "output.foo".equals(n.address())));
    }

    /** Raw action lists as the file says, mapped the way Tollgate documents (replace = delete+create either order). */
    private static Map<String, Integer> actionCounts(JsonNode changes) {
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode rc : changes) {
            List<String> a = new ArrayList<>();
            rc.path("change").path("actions").forEach(x -> a.add(x.asText()));
            String joined = String.join(",", a);
            String id = switch (joined) {
                case "delete,create", "create,delete" -> "replace";
                case "forget" -> "no-op";
                case "create,forget" -> "create";
                default -> joined;
            };
            out.merge(id, 1, Integer::sum);
        }
        return out;
    }

    private static Map<String, Integer> planActionCounts(Plan plan) {
        Map<String, Integer> out = new TreeMap<>();
        for (Resource r : plan.resources()) out.merge(r.action().id(), 1, Integer::sum);
        return out;
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new HashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static int stateResources(JsonNode module) {
        int n = module.path("resources").size();
        for (JsonNode child : module.path("child_modules")) n += stateResources(child);
        return n;
    }

    /** Invariants every plan keeps: unique addresses, edges between plan resources, reasons for every unknown region. */
    static void assertConsistent(Plan plan) {
        Set<String> addresses = new HashSet<>();
        for (Resource r : plan.resources()) {
            assertTrue(addresses.add(r.address()), "duplicate address " + r.address());
            assertFalse(r.kind().isEmpty());
            if (!r.location().known()) assertFalse(r.location().detail() == null || r.location().detail().isBlank(), r.address());
        }
        for (Edge e : plan.edges()) {
            assertTrue(addresses.contains(e.from()), "edge from " + e.from());
            assertTrue(addresses.contains(e.to()), "edge to " + e.to());
        }
    }
}
