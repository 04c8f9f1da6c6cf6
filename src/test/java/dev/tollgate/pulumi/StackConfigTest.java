package dev.tollgate.pulumi;

import dev.tollgate.plan.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class StackConfigTest {

    @Test
    void readsTheProjectAndItsStacks() {
        var project = PulumiProject.load(Path.of("stacks/inference-eu"));

        assertEquals("inference-eu", project.name());
        assertEquals("java", project.runtime());
        assertEquals(List.of("dev", "violation"), project.stacks());
        assertEquals("inference-eu:team", project.fullKey("team"));
        assertEquals("gcp:region", project.fullKey("gcp:region"));
    }

    @Test
    void givesValuesAsPulumiDoesTextForScalarsJsonForStructures(@TempDir Path dir) throws IOException {
        write(dir, "Pulumi.yaml", """
                name: demo
                runtime:
                  name: java
                config:
                  region: eu-west-1
                  nodes:
                    type: integer
                    default: 3
                  declared:
                    type: string
                    description: only declared, no value
                """);
        write(dir, "Pulumi.dev.yaml", """
                config:
                  aws:region: eu-central-1
                  demo:region: eu-north-1
                  spot: true
                  count: 2
                  aws:defaultTags:
                    tags:
                      team: ml
                """);
        var config = StackConfig.load(PulumiProject.load(dir), "dev");

        assertEquals("eu-central-1", config.values().get("aws:region"));
        assertEquals("eu-north-1", config.values().get("demo:region"), "the stack overrides the project");
        assertEquals("3", config.values().get("demo:nodes"), "project defaults apply");
        assertFalse(config.values().containsKey("demo:declared"));
        assertEquals("true", config.values().get("demo:spot"));
        assertEquals("2", config.values().get("demo:count"));
        assertEquals("{\"tags\":{\"team\":\"ml\"}}", config.values().get("aws:defaultTags"));
        assertTrue(config.shown().get("aws:defaultTags").isObject());
        assertTrue(config.secretKeys().isEmpty());
        assertTrue(config.notes().isEmpty());
    }

    @Test
    void encryptedSecretsBecomeAPlaceholderWithANote(@TempDir Path dir) throws IOException {
        write(dir, "Pulumi.yaml", "name: demo\nruntime: java\n");
        write(dir, "Pulumi.prod.yaml", """
                environment:
                  - prod-credentials
                config:
                  demo:dbPassword:
                    secure: AAABAKX9fGg2Qm0r
                """);
        var config = StackConfig.load(PulumiProject.load(dir), "prod");

        assertEquals(StackConfig.SECRET_PLACEHOLDER, config.values().get("demo:dbPassword"));
        assertEquals(Set.of("demo:dbPassword"), config.secretKeys());
        assertEquals(StackConfig.SECRET_PLACEHOLDER, config.shown().get("demo:dbPassword").asText());
        assertEquals(2, config.notes().size());
        assertTrue(config.notes().stream().allMatch(n -> n.severity() == Plan.Note.Severity.WARNING));
        assertTrue(config.notes().stream().anyMatch(n -> n.message().contains("demo:dbPassword is encrypted")));
        assertTrue(config.notes().stream().anyMatch(n -> n.message().contains("ESC environments")));
    }

    @Test
    void anUnknownStackNamesTheStacksThatExist() {
        var project = PulumiProject.load(Path.of("stacks/gpu-training"));
        var e = assertThrows(PulumiException.class, () -> StackConfig.load(project, "prod"));
        assertTrue(e.getMessage().contains("Pulumi.prod.yaml not found"), e.getMessage());
        assertTrue(e.getMessage().contains("dev, violation"), e.getMessage());
    }

    @Test
    void aFolderWithoutPulumiYamlIsNotAProject(@TempDir Path dir) {
        var e = assertThrows(PulumiException.class, () -> PulumiProject.load(dir));
        assertTrue(e.getMessage().endsWith("has no Pulumi.yaml, so it is not a Pulumi project"), e.getMessage());
    }

    @Test
    void brokenYamlNamesTheFile(@TempDir Path dir) throws IOException {
        write(dir, "Pulumi.yaml", "name: [unclosed\n");
        var e = assertThrows(PulumiException.class, () -> PulumiProject.load(dir));
        assertTrue(e.getMessage().contains("Pulumi.yaml is not valid YAML"), e.getMessage());
    }

    @Test
    void aProjectWithoutRuntimeIsRefused(@TempDir Path dir) throws IOException {
        write(dir, "Pulumi.yaml", "name: demo\n");
        var e = assertThrows(PulumiException.class, () -> PulumiProject.load(dir));
        assertTrue(e.getMessage().contains("`runtime` is missing"), e.getMessage());
    }

    static void write(Path dir, String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
