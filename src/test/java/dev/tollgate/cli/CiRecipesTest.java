package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.plan.PlanReader;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import dev.tollgate.report.ReviewMarkdown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CI recipes under examples/ci: each parses as YAML, its {@code tollgate} commands (taken from the recipe's
 * {@code run:}/{@code script:} steps, with only paths substituted) run against the example plans, the steps around
 * them use the files those commands write, and the admission script signs requests the way the service checks them.
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
        try (Admission service = new Admission("s3cret")) {
            Script allowed = admission(service, "s3cret", plans);
            assertEquals(0, allowed.code(), allowed.output());
            assertTrue(allowed.output().contains("training-us: allowed=true"), allowed.output());

            Files.copy(Path.of(HEAD, "plan.json"), plans.resolve("training-us/plan.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Script denied = admission(service, "s3cret", plans);
            assertEquals(1, denied.code(), denied.output());
            assertTrue(denied.output().contains("training-us: allowed=false: denied: cost.resource_ceiling"), denied.output());

            Script forged = admission(service, "guessed", plans);
            assertEquals(2, forged.code(), forged.output());
            assertTrue(forged.output().contains("invalid signature"), forged.output());
            assertEquals(3, service.requests, "every request reached the service");
        }
    }

    record Script(int code, String output) {}

    private Script admission(Admission service, String secret, Path plans) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ADMISSION.toString(), plans.toString()).redirectErrorStream(true);
        pb.environment().put("TOLLGATE_URL", "http://127.0.0.1:" + service.port());
        pb.environment().put("TOLLGATE_WEBHOOK_SECRET", secret);
        pb.environment().put("GITHUB_RUN_ID", "4711");
        pb.environment().put("GITHUB_RUN_ATTEMPT", String.valueOf(service.requests + 1));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Script(p.waitFor(), output);
    }

    /**
     * Stands in for {@code tollgate serve}'s POST /v1/admission: checks X-Tollgate-Timestamp and X-Tollgate-Signature
     * (HMAC-SHA256 over "TIMESTAMP.BODY", 5-minute window, no replays) as dev.tollgate.server's Authenticator does,
     * then decides the plan with the real policy engine.
     */
    static final class Admission implements AutoCloseable {
        final HttpServer server;
        final byte[] secret;
        final Set<String> seen = new HashSet<>();
        final PolicyEngine engine = PolicyEngine.embedded(PolicyBundle.load(Path.of("policies")), Catalogue.bundled(),
                Clock.systemUTC(), Duration.ofSeconds(30));
        int requests;

        Admission(String secret) throws Exception {
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/admission", exchange -> {
                requests++;
                byte[] body = exchange.getRequestBody().readAllBytes();
                String ts = exchange.getRequestHeaders().getFirst("X-Tollgate-Timestamp");
                String sig = exchange.getRequestHeaders().getFirst("X-Tollgate-Signature");
                int status;
                String answer;
                try {
                    String problem = check(ts, sig, body);
                    if (problem != null) {
                        status = 401;
                        answer = new ObjectMapper().createObjectNode().put("error", problem).toString();
                    } else {
                        status = 200;
                        answer = decide(body);
                    }
                } catch (Exception e) {
                    status = 400;
                    answer = new ObjectMapper().createObjectNode().put("error", e.toString()).toString();
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private String check(String ts, String sig, byte[] body) throws Exception {
            if (ts == null || sig == null || !sig.startsWith("sha256=")) return "missing signature headers";
            if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ts)) > 300) return "timestamp outside the window";
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((ts + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = mac.doFinal(body);
            if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(sig.substring(7)))) return "invalid signature";
            if (!seen.add(sig)) return "replayed signature";
            return null;
        }

        private String decide(byte[] body) throws Exception {
            ObjectMapper json = new ObjectMapper();
            JsonNode review = json.readTree(body);
            assertEquals("tollgate.dev/v1", review.get("apiVersion").asText());
            assertEquals("PlanReview", review.get("kind").asText());
            JsonNode request = review.get("request");
            byte[] plan = json.writeValueAsBytes(request.get("plan"));
            Decision d = engine.check(PolicyEngine.Check.of(PlanReader.read(new ByteArrayInputStream(plan), request.get("stack").asText()),
                    PolicyConfig.defaults()));
            String message = d.allowed() ? "allowed" : "denied: " + String.join(", ", d.violations().stream()
                    .filter(v -> v.outcome() == Decision.Outcome.DENY).map(Decision.Violation::policy).distinct().toList());
            var response = json.createObjectNode();
            var r = response.putObject("response");
            r.put("uid", request.get("uid").asText());
            r.put("allowed", d.allowed());
            r.putObject("status").put("code", d.allowed() ? 200 : 403).put("message", message);
            r.putArray("warnings");
            r.put("decision_id", d.id());
            return response.toString();
        }

        @Override
        public void close() {
            server.stop(0);
        }
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
