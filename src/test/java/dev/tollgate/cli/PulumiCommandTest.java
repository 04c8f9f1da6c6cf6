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
        var run = tollgate("pulumi", "check", "stacks/sovereign-de", "--stack", "dev", "--format", "json");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("(stack dev) under mocks in"), run.err());
        var plan = new ObjectMapper().readTree(run.out());
        assertEquals("pulumi_program", plan.at("/source/format").asText().toLowerCase());
        assertEquals(23, plan.get("resources").size());
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
