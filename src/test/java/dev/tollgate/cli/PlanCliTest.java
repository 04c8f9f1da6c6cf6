package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.tollgate.cli.FactsCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tollgate plan show} and {@code plan generate} through picocli, with exit codes; {@code check} on unreadable plans. */
class PlanCliTest {

    static final String EU = "examples/terraform/gpu-training-eu/plan.json";
    static final String LEAK = "examples/terraform/inference-us-leak/plan.json";

    @TempDir
    Path dir;

    @Test
    void showTrainingClusterAsText() {
        FactsCliTest.Run r = run("plan", "show", EU);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Plan " + EU + "\n  source     terraform plan, terraform 1.9.8, format 1.2\n"), r.out());
        assertTrue(r.out().contains("  resources  21 (create 21)\n"), r.out());
        assertTrue(r.out().contains("\nBy region\n  eu-central-1  15\n  (global)      6\n"), r.out());
        assertTrue(r.out().contains("  compute.gpu_node_group  1\n"), r.out());
        assertTrue(r.out().contains("  storage.file_system     1\n"), r.out());
        assertTrue(r.out().contains("\nRegion unknown: none\n"), r.out());
        assertTrue(r.out().endsWith("Notes: none\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void showLeakExampleHasBothRegions() {
        FactsCliTest.Run r = run("plan", "show", LEAK);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\nBy region\n  eu-central-1  17\n  (global)      8\n  us-east-1     8\n"), r.out());
        assertTrue(r.out().contains("  storage.bucket_replication  1\n"), r.out());
        assertTrue(r.out().contains("  compute.gpu_node_group      2\n"), r.out());
    }

    @Test
    void showAsJsonIsTheTollgatePlan() throws Exception {
        for (String file : new String[]{EU, LEAK}) {
            FactsCliTest.Run r = run("plan", "show", "--format", "json", file);
            assertEquals(0, r.exit(), r.err());
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertEquals("1", json.get("tollgate_plan").asText());
            Plan direct = PlanReader.read(Path.of(file));
            assertEquals(direct.resources().size(), json.get("resources").size());
            Plan reread = PlanReader.read(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)), "out.json");
            assertEquals(direct, reread);
        }
    }

    @Test
    void dashReadsStandardInput() throws Exception {
        InputStream stdin = System.in;
        try {
            System.setIn(Files.newInputStream(Path.of(EU)));
            FactsCliTest.Run r = run("plan", "show", "-");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("Plan -\n"), r.out());
            assertTrue(r.out().contains("  resources  21 (create 21)\n"), r.out());
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void badInputIsExitTwoWithOneLine() throws Exception {
        Path broken = dir.resolve("plan.json");
        Files.writeString(broken, "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\",\"mode\":\"managed\","
                + "\"type\":\"a\",\"name\":\"b\",\"change\":{\"actions\":\"create\"}}]}");
        for (String[] args : new String[][]{{"plan", "show", broken.toString()}, {"check", EU, broken.toString()}}) {
            FactsCliTest.Run r = run(args);
            assertEquals(2, r.exit());
            assertEquals("tollgate: " + broken + ": $.resource_changes[0].change.actions: expected array, found string\n", r.err());
            assertFalse(r.err().contains("at dev.tollgate"), "no stack trace without --verbose");
        }
        FactsCliTest.Run verbose = run("plan", "show", "--verbose", broken.toString());
        assertEquals(2, verbose.exit());
        assertTrue(verbose.err().contains("at dev.tollgate.plan."), "stack trace with --verbose");
    }

    @Test
    void malformedAndMissingFiles() throws Exception {
        Path truncated = dir.resolve("truncated.json");
        String whole = Files.readString(Path.of(EU));
        Files.writeString(truncated, whole.substring(0, 5000));
        FactsCliTest.Run r = run("plan", "show", truncated.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().matches("tollgate: \\S+truncated\\.json: line \\d+, column \\d+: malformed JSON: .*\n"), r.err());
        assertEquals(1, r.err().lines().count());

        FactsCliTest.Run missing = run("check", dir.resolve("absent.json").toString());
        assertEquals(2, missing.exit());
        assertEquals("tollgate: " + dir.resolve("absent.json") + ": no such file\n", missing.err());

        FactsCliTest.Run unknown = run("plan", "show", "--format", "yaml", EU);
        assertEquals(2, unknown.exit());
    }

    @Test
    void generateWritesAPlanOfTheAskedSize() throws Exception {
        Path out = dir.resolve("big.json");
        FactsCliTest.Run r = run("plan", "generate", "--resources", "250", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(250, PlanReader.read(out).resources().size());
        String help = run("plan", "--help").out();
        assertTrue(help.contains("show"), help);
        assertFalse(help.contains("generate"), "generate is a hidden developer command");
    }
}
