package dev.tollgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

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
    void aFolderThatIsNotAPulumiProjectIsBadInput() {
        var run = tollgate("pulumi", "check", "src", "--stack", "dev");

        assertEquals(Main.BAD_INPUT, run.exit());
        assertTrue(run.err().contains("src has no Pulumi.yaml"), run.err());
    }
}
