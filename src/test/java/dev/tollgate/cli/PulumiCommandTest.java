package dev.tollgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.pulumi.AutomationUp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.*;

class PulumiCommandTest {
    record Run(int exit, String out, String err) {}

    static Run tollgate(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void checksAStackAsAUserWouldBuildingItWithItsOwnPom() throws Exception {
        // One Maven build of the stack serves all three runs.
        var dev = tollgate("pulumi", "check", "stacks/sovereign-de", "--stack", "dev");
        assertEquals(Main.OK, dev.exit(), dev.err() + dev.out());
        assertTrue(dev.err().contains("(stack dev) under mocks in"), dev.err());
        assertTrue(dev.out().contains("ALLOW"), dev.out());

        var violation = tollgate("pulumi", "check", "stacks/sovereign-de", "--stack", "violation", "--format", "json");
        assertEquals(Main.DENIED, violation.exit(), violation.err());
        var decision = new ObjectMapper().readTree(violation.out());
        assertEquals("deny", decision.get("verdict").asText());
        assertTrue(decision.toString().contains("sovereign.placement"));

        var plan = tollgate("pulumi", "check", "stacks/sovereign-de", "--stack", "dev", "--format", "plan-json");
        assertEquals(Main.OK, plan.exit(), plan.err());
        var tree = new ObjectMapper().readTree(plan.out());
        assertEquals("pulumi_program", tree.at("/source/format").asText().toLowerCase());
        assertEquals(22, tree.get("resources").size());
    }

    @Test
    void anUnknownStackIsAOneLineErrorBeforeAnyBuild() {
        var run = tollgate("pulumi", "check", "stacks/gpu-training", "--stack", "prod");

        assertEquals(Main.BAD_INPUT, run.exit());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("tollgate: "), run.err());
        assertTrue(run.err().contains("Pulumi.prod.yaml not found") && run.err().contains("dev, violation"), run.err());
    }

    @Test
    void upWithoutThePulumiCliIsAOneLineErrorSayingWhatToInstall(@TempDir Path emptyDir) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        var up = (PulumiCommand.Up) cl.getSubcommands().get("pulumi").getSubcommands().get("up").getCommand();
        up.searchPath = emptyDir.toString();

        int exit = cl.execute("pulumi", "up", "stacks/gpu-training", "--stack", "dev");

        assertEquals(Main.BAD_INPUT, exit);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertEquals("tollgate: `tollgate pulumi up` drives the Pulumi CLI, and no `pulumi` is on PATH: install it "
                + "(https://www.pulumi.com/docs/install/, 3.95 or later) and log in, or use `tollgate pulumi check`, "
                + "which needs no CLI", err.toString().strip());
        assertEquals("", out.toString());
    }

    @Test
    void findsPulumiOnlyAsAnExecutableOnThePath(@TempDir Path temp) throws IOException {
        var empty = Files.createDirectories(temp.resolve("empty"));
        var bin = Files.createDirectories(temp.resolve("with pulumi"));
        var notExecutable = Files.createDirectories(temp.resolve("plain file"));
        Files.writeString(notExecutable.resolve("pulumi"), "");
        var pulumi = Files.writeString(bin.resolve("pulumi"), "#!/bin/sh\n");
        assertTrue(pulumi.toFile().setExecutable(true));

        assertEquals(Optional.empty(), AutomationUp.findPulumi(null));
        assertEquals(Optional.empty(), AutomationUp.findPulumi(empty + File.pathSeparator + notExecutable));
        assertEquals(Optional.of(pulumi), AutomationUp.findPulumi(empty + File.pathSeparator + bin));
    }

    @Test
    void aFolderThatIsNotAPulumiProjectIsBadInput() {
        var run = tollgate("pulumi", "check", "src", "--stack", "dev");

        assertEquals(Main.BAD_INPUT, run.exit());
        assertTrue(run.err().contains("src has no Pulumi.yaml"), run.err());
    }
}
