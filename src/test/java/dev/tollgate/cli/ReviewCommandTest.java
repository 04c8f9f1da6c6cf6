package dev.tollgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.tollgate.cli.ReviewRuns.NOW;
import static dev.tollgate.cli.ReviewRuns.tollgate;
import static org.junit.jupiter.api.Assertions.*;

/** Bad input to {@code tollgate review} is exit code 2 with one line naming the file or option. */
class ReviewCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aMalformedPlanInADirectoryIsAnErrorNamingIt() throws Exception {
        Path head = Files.createDirectories(tmp.resolve("head/stack"));
        Files.writeString(head.resolve("plan.json"), "{\"format_version\": \"1.2\", \"resource_changes\": [");
        ReviewRuns.Run run = tollgate("review", "--base", "examples/review/p5-node-group/base", "--head", tmp.resolve("head").toString(), NOW);
        assertEquals(Main.BAD_INPUT, run.code());
        assertTrue(run.err().startsWith("tollgate: " + tmp.resolve("head") + "/stack/plan.json: line 1"), run.err());
    }

    @Test
    void missingPlansAndBadOptions() {
        ReviewRuns.Run missing = tollgate("review", "--base", tmp.resolve("nope").toString(), "--head", "examples/review/p5-node-group/head");
        assertEquals(Main.BAD_INPUT, missing.code());
        assertTrue(missing.err().contains(tmp.resolve("nope") + ": no such plan file or directory"), missing.err());

        ReviewRuns.Run empty = tollgate("review", "--base", tmp.toString(), "--head", tmp.toString());
        assertEquals(Main.BAD_INPUT, empty.code());
        assertTrue(empty.err().contains("no plans found in"), empty.err());

        ReviewRuns.Run format = tollgate("review", "--base", "a", "--head", "b", "--report", "html:x.html");
        assertEquals(Main.BAD_INPUT, format.code());
        assertTrue(format.err().contains("'html' is not a review format (markdown, json, sarif, junit)"), format.err());

        ReviewRuns.Run build = tollgate("review", "--base", "examples/review/p5-node-group/base", "--head", "examples/review/p5-node-group/head", "--build-stacks");
        assertEquals(Main.BAD_INPUT, build.code());
        assertTrue(build.err().contains("--build-stacks goes with --git"), build.err());

        ReviewRuns.Run neither = tollgate("review");
        assertEquals(Main.BAD_INPUT, neither.code());
    }

    @Test
    void singleFilesPairWhateverTheirNamesAndFailOnDecidesTheExitCode() throws Exception {
        Path before = tmp.resolve("before.json");
        Path after = tmp.resolve("after.json");
        Files.copy(Path.of("examples/review/p5-node-group/base/plan.json"), before);
        Files.copy(Path.of("examples/review/p5-node-group/head/plan.json"), after);
        Files.copy(Path.of("examples/review/p5-node-group/head/tollgate.yaml"), tmp.resolve("tollgate.yaml"));

        ReviewRuns.Run any = tollgate("review", "--base", before.toString(), "--head", after.toString(), NOW, "--format", "json");
        assertEquals(Main.DENIED, any.code(), any.err());
        assertTrue(any.out().contains("\"status\" : \"changed\""), "one stack, base and head paired: " + any.out());

        ReviewRuns.Run sameDenied = tollgate("review", "--base", after.toString(), "--head", after.toString(), NOW, "--fail-on", "new");
        assertEquals(Main.OK, sameDenied.code(), "denied at head, but nothing new: " + sameDenied.out());
        assertTrue(sameDenied.out().contains("no new denials, but `training-us` is still denied"), sameDenied.out());

        ReviewRuns.Run never = tollgate("review", "--base", before.toString(), "--head", after.toString(), NOW, "--fail-on", "never",
                "--out", tmp.resolve("out/review.md").toString());
        assertEquals(Main.OK, never.code());
        assertEquals("", never.out());
        assertTrue(Files.readString(tmp.resolve("out/review.md")).startsWith("<!-- tollgate-review -->"));
    }
}
