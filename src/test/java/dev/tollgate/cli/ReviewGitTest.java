package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.tollgate.cli.ReviewRuns.NOW;
import static dev.tollgate.cli.ReviewRuns.tollgate;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code tollgate review --git} on a repository made in the test: a base commit with the project's policies and the
 * training-us stack as it runs, a head commit that adds the p5 node group and lowers the GPU node group ceiling.
 */
class ReviewGitTest {

    @TempDir
    Path repo;

    String base;
    String head;

    @BeforeEach
    void commits() throws Exception {
        git("init", "-q", "-b", "main");
        copy(Path.of("policies"), repo.resolve("policies"));
        copy(Path.of("examples/review/p5-node-group/base"), repo.resolve("examples/training-us"));
        copy(Path.of("examples/rego"), repo.resolve("examples/rego"));  // JSON that is no plan: noted, not read as one
        git("add", "-A");
        git("commit", "-q", "-m", "base");
        base = git("rev-parse", "HEAD").strip();

        copy(Path.of("examples/review/p5-node-group/head"), repo.resolve("examples/training-us"));
        copy(Path.of("examples/review/bucket-leaves-eu/head"), repo.resolve("stacks/datasets-eu"));
        Path cost = repo.resolve("policies/data/cost.yaml");
        String yaml = Files.readString(cost);
        assertTrue(yaml.contains("      compute.gpu_node_group: 120000\n"));
        Files.writeString(cost, yaml.replace("      compute.gpu_node_group: 120000\n", "      compute.gpu_node_group: 125000\n"));
        git("add", "-A");
        git("commit", "-q", "-m", "head");
        head = git("rev-parse", "HEAD").strip();
    }

    @Test
    void reviewsTwoCommitsWithoutTouchingTheWorkTree() throws Exception {
        // Uncommitted edits stay as they are, and the review reads the commits, not them.
        Path plan = repo.resolve("examples/training-us/plan.json");
        Files.writeString(plan, "{ not even json");
        String status = git("status", "--porcelain");

        ReviewRuns.Run run = tollgate("review", "--git", base + ".." + head, "--repo", repo.toString(), NOW, "--format", "json");

        assertEquals(status, git("status", "--porcelain"));
        assertEquals("{ not even json", Files.readString(plan));
        assertEquals(head, git("rev-parse", "HEAD").strip());
        assertEquals(Main.DENIED, run.code(), run.err());

        JsonNode review = new ObjectMapper().readTree(run.out());
        assertEquals(base, review.at("/base/ref").asText());
        assertEquals(head, review.at("/head/ref").asText());
        JsonNode training = stack(review, "examples/training-us/plan.json");
        assertEquals("training-us", training.get("name").asText());
        assertEquals("aws_eks_node_group.p5", training.at("/resources/added/0/address").asText());
        assertEquals(120537.60, training.at("/cost/monthly_usd_delta").asDouble(), 0.005);
        // The raised ceiling (125000) lets the p5 group through; the same plan under the base policies is denied.
        assertEquals("allow", training.get("head_verdict").asText());
        assertEquals(0, training.at("/violations/added").size());

        JsonNode added = stack(review, "stacks/datasets-eu/plan.json");
        assertEquals("added", added.get("status").asText());
        assertEquals("deny", added.get("head_verdict").asText());
        assertEquals("residency.store_jurisdiction", added.at("/violations/added/0/policy").asText());

        JsonNode impact = review.get("policy_impact");
        assertEquals(List.of("data/cost.yaml"), texts(impact.get("changed_files")));
        assertEquals(2, impact.get("evaluated").asInt());
        assertEquals("examples/training-us/plan.json", impact.at("/newly_allowed/0/key").asText());
        assertEquals("deny", impact.at("/newly_allowed/0/before").asText());
        assertEquals("cost.resource_ceiling", impact.at("/newly_allowed/0/removed/0/policy").asText());
        assertEquals(0, impact.get("newly_denied").size());

        assertTrue(texts(review.get("notes")).contains("examples/rego/gpu-quota/input.json: not a plan, skipped"), review.get("notes").toString());
        assertTrue(run.err().contains("tollgate: review: 2/2 stacks evaluated"), run.err());
    }

    @Test
    void sarifFromACommitPointsAtTheRepositoryFilesNotATemporaryCheckout() throws Exception {
        ReviewRuns.Run run = tollgate("review", "--git", base + ".." + head, "--repo", repo.toString(), NOW, "--format", "sarif");
        JsonNode sarif = new ObjectMapper().readTree(run.out());
        ReviewRuns.assertValidSarif(sarif);
        JsonNode result = sarif.at("/runs/0/results/0");
        assertEquals("residency.store_jurisdiction", result.get("ruleId").asText());
        assertEquals("stacks/datasets-eu/main.tf", result.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(ReviewGoldenTest.lineOf("examples/review/bucket-leaves-eu/head/main.tf", "resource \"aws_s3_bucket\" \"datasets\" {"),
                result.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertFalse(run.out().contains(System.getProperty("java.io.tmpdir")), "no temporary paths in the report");
    }

    @Test
    void threeDotsCompareWithTheMergeBaseAsAPullRequestDoes() throws Exception {
        // The pull request's branch is head; main has moved on from base with a commit of its own.
        git("branch", "topic", head);
        git("reset", "-q", "--hard", base);
        Path cost = repo.resolve("policies/data/cost.yaml");
        Files.writeString(cost, Files.readString(cost).replace("compute.gpu_node_group: 120000", "compute.gpu_node_group: 1000"));
        git("commit", "-q", "-am", "main moves on");
        String main = git("rev-parse", "HEAD").strip();

        JsonNode forked = new ObjectMapper().readTree(
                tollgate("review", "--git", "main...topic", "--repo", repo.toString(), NOW, "--format", "json").out());
        assertEquals(base, forked.at("/base/ref").asText(), "the merge base of main and topic");
        assertEquals(head, forked.at("/head/ref").asText());

        JsonNode tips = new ObjectMapper().readTree(
                tollgate("review", "--git", "main..topic", "--repo", repo.toString(), NOW, "--format", "json").out());
        assertEquals(main, tips.at("/base/ref").asText(), "two dots compare the tips");
        // main's own ceiling change shows up as part of the difference between the tips.
        assertEquals(1000, Integer.parseInt(Files.readString(cost).replaceAll("(?s).*compute.gpu_node_group: (\\d+).*", "$1")));
        assertEquals("examples/training-us/plan.json", tips.at("/policy_impact/newly_allowed/0/key").asText());
    }

    @Test
    void badRefsAndMixedModesAreBadInputNamingTheProblem() {
        ReviewRuns.Run missing = tollgate("review", "--git", base + "..no-such-branch", "--repo", repo.toString());
        assertEquals(Main.BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("'no-such-branch' is not a commit"), missing.err());

        ReviewRuns.Run shape = tollgate("review", "--git", "main", "--repo", repo.toString());
        assertEquals(Main.BAD_INPUT, shape.code());
        assertTrue(shape.err().contains("'main' is not BASE_REF..HEAD_REF"), shape.err());

        ReviewRuns.Run mixed = tollgate("review", "--git", base + ".." + head, "--repo", repo.toString(), "--data", "x");
        assertEquals(Main.BAD_INPUT, mixed.code());
        assertTrue(mixed.err().contains("--git reads policies and their data from each commit"), mixed.err());

        ReviewRuns.Run both = tollgate("review", "--git", base + ".." + head, "--base", "a", "--head", "b");
        assertEquals(Main.BAD_INPUT, both.code());
        assertTrue(both.err().contains("mutually exclusive"), both.err());

        ReviewRuns.Run notRepo = tollgate("review", "--git", "a..b", "--repo", repo.resolve("policies").resolve("data").resolve("nowhere").toString());
        assertEquals(Main.BAD_INPUT, notRepo.code());
        assertTrue(notRepo.err().contains("no such directory"), notRepo.err());
    }

    @Test
    void buildsAPulumiJavaStackOnceWhenOnlyItsConfigChanges() throws Exception {
        copy(Path.of("stacks/sovereign-de"), repo.resolve("stacks/sovereign-de"));
        git("add", "-A");
        git("commit", "-q", "-m", "sovereign-de as it runs");
        String before = git("rev-parse", "HEAD").strip();
        // The change: dev gets the violation config (us-east-1, on-demand p5s, public bucket).
        Files.copy(repo.resolve("stacks/sovereign-de/Pulumi.violation.yaml"), repo.resolve("stacks/sovereign-de/Pulumi.dev.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        git("commit", "-q", "-am", "dev like violation");

        ReviewRuns.Run skipped = tollgate("review", "--git", before + "..HEAD", "--repo", repo.toString(), NOW, "--format", "json");
        assertTrue(skipped.out().contains("stacks/sovereign-de: Pulumi Java program, not evaluated (pass --build-stacks"), skipped.out());

        ReviewRuns.Run run = tollgate("review", "--git", before + "..HEAD", "--repo", repo.toString(), NOW, "--format", "json",
                "--build-stacks", "--offline");
        assertEquals(Main.DENIED, run.code(), run.err());
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("tollgate: review: built stacks/sovereign-de with Maven")).count(), run.err());
        assertEquals(3, run.err().lines().filter(l -> l.startsWith("tollgate: review: ran stacks/sovereign-de")).count(),
                "dev at both commits, violation once (unchanged): " + run.err());

        JsonNode review = new ObjectMapper().readTree(run.out());
        JsonNode dev = stack(review, "stacks/sovereign-de#dev");
        assertEquals("allow", dev.get("base_verdict").asText());
        assertEquals("deny", dev.get("head_verdict").asText());
        assertEquals("stacks/sovereign-de", dev.get("head_file").asText());
        assertTrue(dev.at("/resources/changed").size() > 0, dev.get("resources").toString());
        assertTrue(texts(dev.at("/violations/added").findValues("policy").stream().map(JsonNode::asText)
                .map(com.fasterxml.jackson.databind.node.TextNode::new).collect(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance::arrayNode,
                        com.fasterxml.jackson.databind.node.ArrayNode::add, com.fasterxml.jackson.databind.node.ArrayNode::addAll))
                .contains("sovereign.placement"), dev.at("/violations/added").toString());
        assertEquals("unchanged", stack(review, "stacks/sovereign-de#violation").get("status").asText());
    }

    private static JsonNode stack(JsonNode review, String key) {
        for (JsonNode s : review.get("stacks")) if (s.get("key").asText().equals(key)) return s;
        throw new AssertionError("no stack " + key + " in " + review.get("stacks"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    private String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Tollgate Test", "-c", "user.email=test@tollgate.invalid",
                "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "git " + String.join(" ", args) + ": " + out);
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
