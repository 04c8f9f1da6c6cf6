package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark plan generator writes valid, realistic, reproducible Terraform plans of exactly the asked size. */
class PlanGeneratorTest {

    @Test
    void exactSizeAndEveryRegionResolved() throws Exception {
        byte[] bytes = KindsTest.generated(1000);
        JsonNode raw = new ObjectMapper().readTree(bytes);
        assertEquals(1000, raw.get("resource_changes").size());
        Plan plan = PlanReader.read(new ByteArrayInputStream(bytes), "generated.json");
        assertEquals(1000, plan.resources().size());
        TerraformFixturesTest.assertConsistent(plan);
        for (Resource r : plan.resources()) {
            assertTrue(r.location().known() || r.location().basis() == Location.Basis.GLOBAL, r.address() + " " + r.location());
            if (r.location().known()) assertTrue(r.location().region().equals("eu-central-1") || r.location().region().equals("us-east-1"));
        }
        assertTrue(plan.resources().stream().anyMatch(r -> r.location().region() != null && r.location().region().equals("us-east-1")));
        assertTrue(plan.resources().stream().allMatch(r -> !r.kind().equals(Kinds.OTHER)));
        assertTrue(plan.resources().stream().anyMatch(r -> r.action() == Resource.Action.UPDATE));
        assertTrue(plan.resources().stream().anyMatch(r -> r.action() == Resource.Action.DELETE));
        assertTrue(plan.resources().stream().filter(r -> r.kind().equals(Kinds.STORAGE_OBJECT_BUCKET))
                .allMatch(r -> "restricted".equals(r.tags().get("data-classification"))));
        assertTrue(plan.edges().size() > plan.resources().size());
    }

    @Test
    void sameSeedSamePlan() throws Exception {
        assertArrayEquals(KindsTest.generated(300), KindsTest.generated(300));
    }
}
