package dev.tollgate.pulumi.sdk;

import com.pulumi.exceptions.RunException;
import dev.tollgate.pulumi.PulumiProject;
import dev.tollgate.pulumi.StackConfig;
import dev.tollgate.pulumi.sdk.TollgateGate.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The gate inside a running program. The run around it is Pulumi's mock engine standing in for the real one: what the
 * gated program registers there is what the real engine would have received.
 */
class TollgateGateTest {
    static final Path STACK = Path.of("stacks/gpu-training");

    @SuppressWarnings("unchecked")
    static Map<String, Object> runGated(String stack) {
        var config = StackConfig.load(PulumiProject.load(STACK), stack);
        var settings = new Settings(Path.of("policies"), null, STACK, config.values(), config.secretKeys());
        return MockPreview.run("gpu-training", stack, config.values(), config.secretKeys(),
                TollgateGate.around(stacks.gputraining.App::stack, settings));
    }

    @Test
    void anAllowedProgramGoesOnToRegisterEverything() {
        var run = runGated("dev");

        assertEquals(List.of(), run.get(Wire.EXCEPTIONS));
        assertEquals(28, ((List<?>) run.get(Wire.RESOURCES)).size());
    }

    @Test
    void aDeniedProgramFailsWithTheViolationsAndRegistersNothing() {
        var run = runGated("violation");

        // Pulumi's runner records the failure as thrown and as its CompletionException: one denial either way.
        var exceptions = (List<?>) run.get(Wire.EXCEPTIONS);
        assertFalse(exceptions.isEmpty());
        var denial = assertInstanceOf(RunException.class, exceptions.get(exceptions.size() - 1));
        for (var e : exceptions) {
            var t = (Throwable) e;
            assertSame(denial, t instanceof RunException ? t : t.getCause());
        }
        assertTrue(denial.getMessage().startsWith("Tollgate denied stack violation: "), denial.getMessage());
        assertTrue(denial.getMessage().contains("nothing was registered"), denial.getMessage());
        for (var policy : List.of("residency.store_jurisdiction", "sovereign.placement", "cost.resource_ceiling", "exposure.public_bucket")) {
            assertTrue(denial.getMessage().contains("\n  " + policy + ": "), policy + " in " + denial.getMessage());
        }
        // Only the stack itself: no cloud resource reached the engine.
        var resources = (List<?>) run.get(Wire.RESOURCES);
        assertEquals(1, resources.size());
        assertEquals("pulumi:pulumi:Stack", ((Map<?, ?>) resources.get(0)).get(Wire.TYPE));
    }

    @Test
    void readsTheStackConfigAsPulumiPassesIt() {
        assertEquals(Map.of("aws:region", "eu-central-1", "gpu-training:gpuNodes", "2"),
                TollgateGate.parseConfig("{\"aws:region\":\"eu-central-1\",\"gpu-training:gpuNodes\":\"2\"}"));
        assertEquals(java.util.Set.of("gpu-training:token"), TollgateGate.parseSecretKeys("[\"gpu-training:token\"]"));
        var e = assertThrows(dev.tollgate.pulumi.PulumiException.class, () -> TollgateGate.parseConfig("{broken"));
        assertTrue(e.getMessage().startsWith("PULUMI_CONFIG is not JSON"), e.getMessage());
    }
}
