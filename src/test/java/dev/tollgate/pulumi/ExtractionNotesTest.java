package dev.tollgate.pulumi;

import dev.tollgate.plan.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** What mocks cannot answer (invokes, encrypted secrets) is said in the plan, never silently filled in. */
class ExtractionNotesTest {

    @Test
    void invokesAndEncryptedSecretsBecomeWarnings(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: invoking\nruntime: java\n");
        Files.writeString(dir.resolve("Pulumi.dev.yaml"), """
                config:
                  aws:region: eu-west-1
                  invoking:token:
                    secure: AAABAHnVZ2sQc3Bp
                """);
        var source = dir.resolve("src/main/java/dev/tollgate/pulumi/fixture/InvokingProgram.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "// compiled with the tests: src/test/java/dev/tollgate/pulumi/fixture/InvokingProgram.java\n");

        Plan plan;
        try (var loader = ProgramLoader.shared()) {
            plan = PulumiExtractor.extract(dir, "dev", loader).plan();
        }

        assertTrue(plan.notes().stream().anyMatch(n -> n.severity() == Plan.Note.Severity.WARNING
                && n.message().startsWith("the program called aws:index/getCallerIdentity:getCallerIdentity;")), plan.notes().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.message().contains("invoking:token is encrypted (secure:)")), plan.notes().toString());
        var bucket = plan.resources().stream().filter(r -> r.name().equals("logs")).findFirst().orElseThrow();
        // The secret's placeholder reached the program; the tags that depend on it are marked secret, not shown.
        assertTrue(bucket.sensitivePaths().contains("/tags"), bucket.sensitivePaths().toString());
        assertFalse(bucket.after().has("tags"));
        assertFalse(plan.variables().containsKey("invoking:token"), "secret config is withheld from the plan");
        assertEquals("eu-west-1", plan.variables().get("aws:region").asText());
    }
}
