package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.report.ReviewMarkdown;
import dev.tollgate.server.ServerConfig;
import dev.tollgate.server.TollgateServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CI recipes under examples/ci: each parses as YAML, its {@code tollgate} commands (taken from the recipe's
 * {@code run:}/{@code script:} steps, with only paths substituted) run against the example plans, the steps around
 * them use the files those commands write, and the admission script gets decisions from the real service
 * ({@code tollgate serve} on a loopback port) with HMAC-signed requests.
 */
class CiRecipesTest {

    static final Path GITHUB = Path.of("examples/ci/github-actions.yml");
    static final Path GITLAB = Path.of("examples/ci/gitlab-ci.yml");
    static final Path ADMISSION = Path.of("examples/ci/tollgate-admission.sh");
    static final String BASE = "examples/review/p5-node-group/base";
    static final String HEAD = "examples/review/p5-node-group/head";

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------------------------------------ GitHub

    @Test
    void githubWorkflowReviewsUploadsSarifCommentsAndFailsOnDenials() throws Exception {
        JsonNode workflow = new YAMLMapper().readTree(GITHUB.toFile());
        JsonNode steps = workflow.at("/jobs/review/steps");
        List<List<String>> commands = tollgateCommands(runs(steps));
        assertEquals(1, commands.size(), "one review, every format from it: " + commands);

        Map<String, String> paths = Map.of(
                "$RUNNER_TEMP/base/infra", BASE, "infra", HEAD,
                "$RUNNER_TEMP/base/policies", "policies", "policies", "policies");
        Outputs out = run(commands.get(0), paths);
        assertEquals(Main.DENIED, out.code(), "the p5 node group is over its ceiling");

        // The steps after the review read what it wrote.
        assertEquals(out.file("sarif"), step(steps, "github/codeql-action/upload-sarif").at("/with/sarif_file").asText());
        String script = step(steps, "actions/github-script").at("/with/script").asText();
        assertTrue(script.contains("'" + ReviewMarkdown.MARKER + "'"), "the comment step finds its comment by the review's marker");
        assertTrue(script.contains("readFileSync('" + out.file("out") + "'"), script);
        assertTrue(script.contains("updateComment") && script.contains("createComment"), script);
        assertEquals(out.file("junit"), step(steps, "mikepenz/action-junit-report").at("/with/report_paths").asText());
        JsonNode fail = stepNamed(steps, "Fail on mandatory denials");
        assertEquals("steps.review.outputs.exit-code == '1'", fail.get("if").asText());
        assertTrue(stepNamed(steps, "Plan every stack at base and head").get("run").asText().contains("terraform -chdir=\"$dir\" show -json tfplan"));
        assertTrue(stepNamed(steps, "Plan every stack at base and head").get("run").asText().contains("pulumi preview"));

        assertEquals("review", workflow.at("/jobs/admission/needs").asText());
        assertAdmissionStep(runs(workflow.at("/jobs/admission/steps")));
    }

    // ------------------------------------------------------------------------------------------------ GitLab

    @Test
    void gitlabPipelineReviewsPostsItsNoteAndFailsOnDenials() throws Exception {
        JsonNode pipeline = new YAMLMapper().readTree(GITLAB.toFile());
        JsonNode review = pipeline.get("tollgate:review");
        List<List<String>> commands = tollgateCommands(scripts(review.get("script")));
        assertEquals(1, commands.size(), commands.toString());

        Outputs out = run(commands.get(0), Map.of("base/infra", BASE, "infra", HEAD, "base/policies", "policies", "policies", "policies"));
        assertEquals(Main.DENIED, out.code());

        String all = String.join("\n", scripts(review.get("script")));
        assertTrue(all.contains("startswith(\"" + ReviewMarkdown.MARKER + "\")"), "the note step finds its note by the review's marker");
        assertTrue(all.contains("--rawfile body " + out.file("out")), all);
        assertTrue(all.contains("exit \"$code\""), "the job fails with the review's exit code, after the note is posted");
        assertEquals(out.file("junit"), review.at("/artifacts/reports/junit").asText());
        assertTrue(scripts(review.at("/artifacts/paths")).contains(out.file("sarif")));

        assertTrue(scripts(pipeline.at("/tollgate:plan/script")).stream().anyMatch(s -> s.contains("show -json tfplan")));
        assertAdmissionStep(scripts(pipeline.at("/tollgate:admission/script")));
    }

    // ------------------------------------------------------------------------------------------------ admission

    /** The recipe's admission step runs the script on a directory of plans; run that against a stand-in service. */
    private void assertAdmissionStep(List<String> runs) throws Exception {
        List<String> calls = new ArrayList<>();
        for (String run : runs) {
            for (String line : logicalLines(run)) if (line.contains("tollgate-admission.sh")) calls.add(line);
        }
        assertEquals(1, calls.size(), calls.toString());
        List<String> words = words(calls.get(0));
        assertEquals(List.of("bash", "ci/tollgate-admission.sh"), words.subList(0, 2));
        assertEquals(3, words.size(), words.toString());

        Path plans = tmp.resolve("plans-" + calls.hashCode());
        Files.createDirectories(plans.resolve("training-us"));
        Files.copy(Path.of(BASE, "plan.json"), plans.resolve("training-us/plan.json"));
        try (TollgateServer service = service()) {
            Script allowed = admission(service, SECRET, plans, "1");
            assertEquals(0, allowed.code(), allowed.output());
            assertTrue(allowed.output().startsWith("training-us: allowed=true: allowed: stack training-us (decision dec-"), allowed.output());

            Files.copy(Path.of(HEAD, "plan.json"), plans.resolve("training-us/plan.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Script denied = admission(service, SECRET, plans, "2");
            assertEquals(1, denied.code(), denied.output());
            assertTrue(denied.output().contains("training-us: allowed=false: denied: stack training-us: 1 violation: "
                    + "cost.resource_ceiling aws_eks_node_group.p5"), denied.output());

            Script forged = admission(service, "a-secret-someone-guessed", plans, "3");
            assertEquals(2, forged.code(), forged.output());
            assertTrue(forged.output().contains("invalid signature"), forged.output());
        }
    }

    static final String SECRET = "webhook-secret-for-the-ci-recipe-test";

    /** The real admission service ({@code tollgate serve}) on a random loopback port, with one webhook sender. */
    private TollgateServer service() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("service"));
        Files.writeString(dir.resolve("webhook.secret"), SECRET + "\n");
        Path config = dir.resolve("tollgate.yaml");
        Files.writeString(config, "server:\n"
                + "  listen: 127.0.0.1:0\n"
                + "  policies: " + Path.of("policies").toAbsolutePath() + "\n"
                + "  data_dir: " + dir.resolve("data") + "\n"
                + "  webhooks:\n"
                + "    - {name: github-ci, secret_file: " + dir.resolve("webhook.secret") + ", stacks: [\"*\"]}\n");
        return TollgateServer.start(ServerConfig.load(config, Map.of()), PolicyConfig.load(config), Map.of(), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    record Script(int code, String output) {}

    private Script admission(TollgateServer service, String secret, Path plans, String attempt) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ADMISSION.toString(), plans.toString()).redirectErrorStream(true);
        pb.environment().put("TOLLGATE_URL", service.uri().toString().replaceAll("/$", ""));
        pb.environment().put("TOLLGATE_WEBHOOK_SECRET", secret);
        pb.environment().put("GITHUB_RUN_ID", "4711");
        pb.environment().put("GITHUB_RUN_ATTEMPT", attempt);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Script(p.waitFor(), output);
    }

    // ------------------------------------------------------------------------------------------------ running

    /** What a review command wrote, by option: out (--out), and each --report format. */
    record Outputs(int code, Map<String, String> files) {
        String file(String which) {
            String f = files.get(which);
            assertNotNull(f, "the command writes no " + which + " file: " + files);
            return f;
        }
    }

    /** Runs a recipe's command with only its paths replaced: plan and policy paths by examples, output files into tmp. */
    private Outputs run(List<String> command, Map<String, String> paths) throws Exception {
        assertEquals("tollgate", command.get(0));
        assertEquals("review", command.get(1));
        Map<String, String> files = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        for (int i = 1; i < command.size(); i++) {
            String word = command.get(i);
            String previous = command.get(i - 1);
            if (previous.equals("--out")) {
                files.put("out", word);
                word = tmp.resolve(word).toString();
            } else if (previous.equals("--report")) {
                String format = word.substring(0, word.indexOf(':'));
                String file = word.substring(word.indexOf(':') + 1);
                files.put(format, file);
                word = format + ":" + tmp.resolve(file);
            } else if (paths.containsKey(word)) {
                word = paths.get(word);
            }
            assertFalse(word.contains("$"), "unsubstituted shell variable in " + command);
            args.add(word);
        }
        ReviewRuns.Run run = ReviewRuns.tollgate(args.toArray(String[]::new));
        assertNotEquals(Main.BAD_INPUT, run.code(), run.err());

        String markdown = Files.readString(tmp.resolve(files.get("out")));
        assertTrue(markdown.startsWith(ReviewMarkdown.MARKER + "\n### ❌ Tollgate review: **deny** — 1 new denial in `training-us`"), markdown);
        JsonNode sarif = new ObjectMapper().readTree(tmp.resolve(files.get("sarif")).toFile());
        ReviewRuns.assertValidSarif(sarif);
        assertEquals("cost.resource_ceiling", sarif.at("/runs/0/results/0/ruleId").asText());
        ReviewGoldenTest.testcase(ReviewGoldenTest.xml(Files.readString(tmp.resolve(files.get("junit")))), "cost.resource_ceiling", "aws_eks_node_group.p5");
        JsonNode json = new ObjectMapper().readTree(tmp.resolve(files.get("json")).toFile());
        assertEquals("deny", json.get("verdict").asText());
        return new Outputs(run.code(), files);
    }

    // ------------------------------------------------------------------------------------------------ shell

    private static List<String> runs(JsonNode steps) {
        List<String> out = new ArrayList<>();
        steps.forEach(s -> {
            if (s.has("run")) out.add(s.get("run").asText());
        });
        return out;
    }

    private static List<String> scripts(JsonNode script) {
        List<String> out = new ArrayList<>();
        script.forEach(s -> out.add(s.asText()));
        return out;
    }

    private static JsonNode step(JsonNode steps, String uses) {
        for (JsonNode s : steps) if (s.path("uses").asText().startsWith(uses + "@")) return s;
        throw new AssertionError("no step uses " + uses);
    }

    private static JsonNode stepNamed(JsonNode steps, String name) {
        for (JsonNode s : steps) if (s.path("name").asText().equals(name)) return s;
        throw new AssertionError("no step named " + name);
    }

    /** Every command line (continuations joined) that starts with {@code tollgate}, as words up to a shell operator. */
    static List<List<String>> tollgateCommands(List<String> scripts) {
        List<List<String>> out = new ArrayList<>();
        for (String script : scripts) {
            for (String line : logicalLines(script)) {
                if (line.startsWith("tollgate ")) out.add(words(line));
            }
        }
        return out;
    }

    static List<String> logicalLines(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String raw : script.split("\n")) {
            String t = raw.strip();
            if (t.endsWith("\\")) {
                line.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            line.append(t);
            out.add(line.toString().strip());
            line.setLength(0);
        }
        if (!line.isEmpty()) out.add(line.toString().strip());
        return out;
    }

    private static final Pattern WORD = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\|\\||&&|[;|>])|([^\\s\"';|>&]+)");

    /** Shell words with quotes removed (variables left as written), up to the first operator (||, &&, ;, |, >). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(line);
        StringBuilder word = new StringBuilder();
        int end = -1;
        while (m.find()) {
            if (m.group(3) != null) break;
            if (end >= 0 && m.start() > end && !word.isEmpty()) {
                out.add(word.toString());
                word.setLength(0);
            }
            word.append(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4));
            end = m.end();
        }
        if (!word.isEmpty()) out.add(word.toString());
        return out;
    }
}
