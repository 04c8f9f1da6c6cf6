package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.tollgate.cli.ReviewRuns.NOW;
import static dev.tollgate.cli.ReviewRuns.tollgate;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The review of each example pair under examples/review, in every format, against golden files in
 * src/test/resources/review. Goldens change only deliberately: run with -Dtollgate.golden.update=true to rewrite
 * them, and read the diff. Policy revisions and decision ids (hashes of the policy files) are masked, so an edit
 * to a policy that changes no outcome does not touch them.
 */
class ReviewGoldenTest {

    static final Path GOLDEN = Path.of("src/test/resources/review");
    static final boolean UPDATE = Boolean.getBoolean("tollgate.golden.update");

    static final String[] P5 = {"--base", "examples/review/p5-node-group/base", "--head", "examples/review/p5-node-group/head"};
    static final String[] BUCKET = {"--base", "examples/review/bucket-leaves-eu/base", "--head", "examples/review/bucket-leaves-eu/head"};
    static final String[] CEILING = {"--base", "examples/review", "--head", "examples/review",
            "--base-data", "examples/review/policy-ceiling/base", "--data", "examples/review/policy-ceiling/head"};

    @TempDir
    Path tmp;

    /** Runs the review once, writing all four formats, and returns them by extension. */
    record Outputs(int code, String markdown, String json, String sarif, String junit) {}

    Outputs review(String[] pair) {
        List<String> args = new ArrayList<>(List.of("review"));
        args.addAll(List.of(pair));
        args.addAll(List.of(NOW, "--format", "markdown",
                "--report", "json:" + tmp.resolve("r.json"), "--report", "sarif:" + tmp.resolve("r.sarif"),
                "--report", "junit:" + tmp.resolve("r.xml")));
        ReviewRuns.Run run = tollgate(args.toArray(String[]::new));
        assertNotEquals(Main.BAD_INPUT, run.code(), run.err());
        try {
            return new Outputs(run.code(), run.out(), Files.readString(tmp.resolve("r.json")), Files.readString(tmp.resolve("r.sarif")),
                    Files.readString(tmp.resolve("r.xml")));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void p5NodeGroupOverItsCeiling() throws Exception {
        Outputs o = review(P5);
        assertEquals(Main.DENIED, o.code());
        golden("p5-node-group", o);

        String headline = o.markdown().lines().skip(1).findFirst().orElseThrow();
        assertEquals("### ❌ Tollgate review: **deny** — 1 new denial in `training-us` · +$120,537.60/month (+783.1%)", headline);
        assertTrue(o.markdown().startsWith("<!-- tollgate-review -->\n"), o.markdown());
        assertTrue(o.markdown().contains("| `training-us` | allow → **deny** | +1 ~0 −0 | $15,392.25 → $135,929.85 | **+$120,537.60** | 8 → 32 |"), o.markdown());
        assertTrue(o.markdown().contains("| ❌ deny | `cost.resource_ceiling` | `training-us` | `aws_eks_node_group.p5` | aws_eks_node_group.p5 costs $120538/month"), o.markdown());
        assertTrue(o.markdown().contains("<br>**Fix:** Use spot or committed capacity"), o.markdown());
        assertTrue(o.markdown().contains("- ➕ `aws_eks_node_group.p5` (compute.gpu_node_group, us-east-1)"), o.markdown());

        JsonNode review = new ObjectMapper().readTree(o.json());
        JsonNode stack = review.at("/stacks/0");
        assertEquals("changed", stack.get("status").asText());
        assertEquals(120537.60, stack.at("/cost/monthly_usd_delta").asDouble(), 0.005);
        assertEquals(8, stack.at("/cost/gpus_before").asInt());
        assertEquals(32, stack.at("/cost/gpus_after").asInt());
        assertEquals("aws_eks_node_group.p5", stack.at("/resources/added/0/address").asText());
        assertEquals(1, stack.at("/violations/added").size());
        assertTrue(review.path("policy_impact").isMissingNode(), "same policies on both sides");

        JsonNode sarif = new ObjectMapper().readTree(o.sarif());
        ReviewRuns.assertValidSarif(sarif);
        JsonNode result = sarif.at("/runs/0/results/0");
        assertEquals("cost.resource_ceiling", result.get("ruleId").asText());
        assertEquals("new", result.get("baselineState").asText());
        assertEquals("examples/review/p5-node-group/head/main.tf", result.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(lineOf("examples/review/p5-node-group/head/main.tf", "resource \"aws_eks_node_group\" \"p5\" {"),
                result.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("resource-block", result.at("/properties/locationBasis").asText());
        assertRuleFromMetadata(sarif, "cost.resource_ceiling", "Per-resource monthly ceiling");

        Document junit = xml(o.junit());
        Element failing = testcase(junit, "cost.resource_ceiling", "aws_eks_node_group.p5");
        assertEquals(1, failing.getElementsByTagName("failure").getLength());
        assertTrue(failing.getTextContent().contains("deny (new)"), failing.getTextContent());
    }

    @Test
    void restrictedBucketLeavingTheEu() throws Exception {
        Outputs o = review(BUCKET);
        assertEquals(Main.DENIED, o.code());
        golden("bucket-leaves-eu", o);

        assertTrue(o.markdown().contains("### ❌ Tollgate review: **deny** — 1 new denial in `datasets-eu`"), o.markdown());
        assertTrue(o.markdown().contains("| ❌ deny | `residency.store_jurisdiction` | `datasets-eu` | `aws_s3_bucket.datasets` | aws_s3_bucket.datasets holds restricted data but sits in us-east-1 (US)"), o.markdown());
        assertTrue(o.markdown().contains("- ✏️ `aws_s3_bucket.datasets` (storage.object_bucket, us-east-1): replaced, region eu-central-1 -> us-east-1, bucket, tags\n"), o.markdown());
        assertTrue(o.markdown().contains("- ➕ `aws_kms_key.datasets_us`"), o.markdown());
        assertTrue(o.markdown().contains("- ➖ `aws_kms_key.datasets` (security.kms_key, eu-central-1)"), o.markdown());
        assertTrue(o.markdown().contains("⏳ 1 waiver expires within 14 days"), o.markdown());
        assertTrue(o.markdown().contains("`tagging.required aws_s3_bucket.access_logs` expires **2026-12-01** (security@acme.example, FIN-212)"), o.markdown());

        JsonNode review = new ObjectMapper().readTree(o.json());
        JsonNode stack = review.at("/stacks/0");
        assertEquals(List.of("aws_s3_bucket.datasets", "aws_s3_bucket_server_side_encryption_configuration.datasets",
                "aws_s3_bucket_public_access_block.datasets"), addresses(stack.at("/resources/changed")));
        assertEquals("FIN-212", stack.at("/expiring_waivers/0/ticket").asText());
        assertEquals("tagging.required", stack.at("/violations/unchanged/1/policy").asText());

        JsonNode sarif = new ObjectMapper().readTree(o.sarif());
        ReviewRuns.assertValidSarif(sarif);
        JsonNode residency = find(sarif.at("/runs/0/results"), "residency.store_jurisdiction");
        assertEquals(lineOf("examples/review/bucket-leaves-eu/head/main.tf", "resource \"aws_s3_bucket\" \"datasets\" {"),
                residency.at("/locations/0/physicalLocation/region/startLine").asInt());
        JsonNode waived = find(sarif.at("/runs/0/results"), "tagging.required");
        assertEquals("unchanged", waived.get("baselineState").asText());
        assertTrue(waived.at("/suppressions/0/justification").asText().contains("FIN-212"));
        // A stack-wide finding has no block of its own: it points at the root module's file and says so.
        JsonNode stackWide = find(sarif.at("/runs/0/results"), "cost.unpriced_cap");
        assertEquals("stack", stackWide.at("/properties/locationBasis").asText());
        assertTrue(stackWide.at("/message/text").asText().contains("(Location: the root module's file; stack:datasets-eu is stack-wide"),
                stackWide.at("/message/text").asText());

        Document junit = xml(o.junit());
        assertEquals(1, testcase(junit, "tagging.required", "aws_s3_bucket.access_logs").getElementsByTagName("skipped").getLength());
    }

    @Test
    void loweredCeilingShowsWhatThePolicyChangeBreaks() throws Exception {
        Outputs o = review(CEILING);
        assertEquals(Main.DENIED, o.code());
        golden("policy-ceiling", o);

        assertTrue(o.markdown().lines().skip(1).findFirst().orElseThrow()
                .endsWith("· +$0.00/month · policy change: 1 newly denied, 0 newly allowed"), o.markdown());
        assertTrue(o.markdown().contains("#### Policy change impact\n\nChanged: `data/cost.yaml`. Under the new policies 1 plan is newly denied "
                + "and 0 newly allowed, of 4 plans evaluated under both versions."), o.markdown());
        assertTrue(o.markdown().contains("| `training-us` <sub>examples/review/p5-node-group/base/plan.json</sub> | allow → **deny** | ❌ "
                + "`cost.resource_ceiling` aws_eks_node_group.l40s costs $15319/month, over the compute.gpu_node_group ceiling of $15000 |  |"), o.markdown());
        assertFalse(o.markdown().contains("Resource changes"), "the plans are the same on both sides");

        JsonNode impact = new ObjectMapper().readTree(o.json()).get("policy_impact");
        assertEquals(List.of("data/cost.yaml"), strings(impact.get("changed_files")));
        assertEquals(4, impact.get("evaluated").asInt());
        assertEquals("p5-node-group/base/plan.json", impact.at("/newly_denied/0/key").asText());
        assertEquals("allow", impact.at("/newly_denied/0/before").asText());
        assertEquals("deny", impact.at("/newly_denied/0/after").asText());
        assertEquals("p5-node-group/head/plan.json", impact.at("/findings_changed/0/key").asText());
        assertEquals(0, impact.get("newly_allowed").size());

        JsonNode sarif = new ObjectMapper().readTree(o.sarif());
        ReviewRuns.assertValidSarif(sarif);
        Document junit = xml(o.junit());
        assertEquals(4, junit.getElementsByTagName("testsuite").getLength());
        assertEquals("training-us (p5-node-group/base/plan.json)", ((Element) junit.getElementsByTagName("testsuite").item(0)).getAttribute("name"));
    }

    // ------------------------------------------------------------------------------------------------ golden files

    private void golden(String name, Outputs o) throws Exception {
        compare(name + ".md", o.markdown());
        compare(name + ".json", o.json());
        compare(name + ".sarif", o.sarif());
        compare(name + ".junit.xml", o.junit());
    }

    private static void compare(String file, String actual) throws Exception {
        Path path = GOLDEN.resolve(file);
        String masked = mask(actual);
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(path, masked, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.isRegularFile(path), path + " is missing: run with -Dtollgate.golden.update=true to write it, then review it");
        assertEquals(Files.readString(path, StandardCharsets.UTF_8), masked, file + " differs from its golden file "
                + "(if the change is intended, rerun with -Dtollgate.golden.update=true and review the diff)");
    }

    /** Revisions and decision ids hash the policy files; masking them keeps goldens about outcomes. */
    static String mask(String s) {
        return s.replaceAll("sha256:[0-9a-f]{64}", "sha256:<revision>")
                .replaceAll("dec-[0-9a-f]{16}", "dec-<id>")
                .replaceAll("policies `[0-9a-f]{12}`", "policies `<revision>`")
                .replaceAll("`<revision>` → `[0-9a-f]{12}`", "`<revision>` → `<revision>`");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static int lineOf(String file, String text) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(file));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(text)) return i + 1;
        throw new AssertionError(text + " not in " + file);
    }

    private static void assertRuleFromMetadata(JsonNode sarif, String id, String title) {
        for (JsonNode rule : sarif.at("/runs/0/tool/driver/rules")) {
            if (rule.get("id").asText().equals(id)) {
                assertEquals(title, rule.at("/shortDescription/text").asText());
                assertFalse(rule.at("/help/text").asText().isEmpty(), "remediation from METADATA");
                return;
            }
        }
        fail("no rule " + id);
    }

    private static JsonNode find(JsonNode results, String rule) {
        for (JsonNode r : results) if (r.get("ruleId").asText().equals(rule)) return r;
        throw new AssertionError("no result for " + rule + " in " + results);
    }

    private static List<String> addresses(JsonNode changes) {
        List<String> out = new ArrayList<>();
        changes.forEach(c -> out.add(c.get("address").asText()));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static Element testcase(Document doc, String classname, String name) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("classname").equals(classname) && e.getAttribute("name").equals(name)) return e;
        }
        throw new AssertionError("no testcase " + classname + " / " + name);
    }
}
