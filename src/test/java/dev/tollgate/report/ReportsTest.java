package dev.tollgate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.DecisionJson;
import dev.tollgate.policy.Enforcement;
import dev.tollgate.policy.Enforcer;
import dev.tollgate.policy.Finding;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyInfo;
import dev.tollgate.policy.Waiver;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text, Markdown, SARIF and JUnit renderings of one decision with a denial, a warning and a waived violation. */
class ReportsTest {

    static final PolicyInfo RESIDENCY = new PolicyInfo("residency.data_flow", "Residency carried along the graph", "Readers stay home.",
            Enforcement.MANDATORY, "critical", "Keep replicas in the EU.", "tollgate.residency", "violation", "residency/residency.rego", 120);
    static final PolicyInfo CARBON = new PolicyInfo("carbon.stack_budget", "Stack carbon budget", "Budget.",
            Enforcement.ADVISORY, "low", "Move regions.", "tollgate.carbon", "violation", "carbon/carbon.rego", 20);
    static final PolicyInfo TAGS = new PolicyInfo("tagging.required", "Required tags", "Tags.",
            Enforcement.MANDATORY, "medium", "Add tags.", "tollgate.tagging", "violation", "tagging/tagging.rego", 30);

    static Decision decision() {
        Waiver w = new Waiver("tagging.required", "aws_vpc.*", null, "legacy VPC | migrating", "net@example.com", "NET-9", LocalDate.parse("2027-01-31"));
        PolicyConfig d = PolicyConfig.defaults();
        PolicyConfig config = new PolicyConfig(null, null, null, null, d.tags(), d.indeterminate(), Map.of(), List.of(), List.of(w), d.params());
        List<Finding> findings = List.of(
                finding("residency.data_flow", "aws_s3_bucket.replica", "restricted data of aws_s3_bucket.datasets reaches aws_s3_bucket.replica in us-east-1 (US) <outside>"),
                finding("carbon.stack_budget", "stack:leak", "stack leak is estimated at 25000 kgCO2e/month"),
                finding("tagging.required", "aws_vpc.main", "aws_vpc.main is missing required tags: team"));
        Enforcer.Result r = new Enforcer(Map.of(RESIDENCY.id(), RESIDENCY, CARBON.id(), CARBON, TAGS.id(), TAGS), config,
                Instant.parse("2026-11-23T12:00:00Z")).apply(findings, "leak", "prod");
        return new Decision("dec-0123456789abcdef", "2026-11-23T12:00:00Z", Decision.Verdict.DENY, r.allowed(),
                new Decision.Stack("leak", "file", "prod", "terraform", "terraform_plan", "examples/terraform/inference-us-leak/plan.json"),
                new Decision.Inputs(new Decision.Digest("examples/terraform/inference-us-leak/plan.json", "terraform_plan", "ab".repeat(32), "cd".repeat(32)), null, null, null),
                new Decision.Policies("sha256:" + "0123456789ab".repeat(5) + "0123", "policies", r.levels()),
                Map.of("prices.csv", "2024-07-01/2026-11-09"), r.summary(), r.violations(), r.waivers(),
                new Decision.Totals(new BigDecimal("104893.50"), new BigDecimal("143.69"), BigDecimal.ZERO, new BigDecimal("104893.50"),
                        new BigDecimal("25000"), 16, new BigDecimal("11680"), 30, 1));
    }

    static Finding finding(String policy, String resource, String msg) {
        return new Finding(policy, resource, msg, null, false, List.of(), JsonNodeFactory.instance.objectNode(),
                "tollgate." + policy.substring(0, policy.indexOf('.')), "violation");
    }

    @Test
    void textShowsVerdictViolationsFixesAndTotals() {
        String text = TextReport.render(decision());
        assertEquals("DENY  leak: 1 denied, 1 warning, 1 waived  (terraform examples/terraform/inference-us-leak/plan.json)", text.lines().findFirst().orElseThrow());
        assertTrue(text.contains("  DENY  mandatory  residency.data_flow  aws_s3_bucket.replica\n"), text);
        assertTrue(text.contains("        fix: Keep replicas in the EU.\n"), text);
        assertTrue(text.contains("  WARN  advisory  carbon.stack_budget  stack:leak\n"), text);
        assertTrue(text.contains("  WAIVED mandatory  tagging.required  aws_vpc.main\n        aws_vpc.main is missing required tags: team\n        waived by tagging.required@aws_vpc.*#NET-9\n"), text);
        assertTrue(text.contains("Cost:    $104,893.50/month ($143.69/hour), +$104,893.50/month against the baseline of $0.00; 1 resource unpriced\n"), text);
        assertTrue(text.contains("Carbon:  25,000 kgCO2e/month;  GPUs: 16 (11,680 GPU-hours/month)\n"), text);
        assertTrue(text.contains("Policies sha256:0123456789ab, decision dec-0123456789abcdef\n"), text);
    }

    @Test
    void markdownLeadsWithTheVerdictAndFoldsTheRest() {
        String md = MarkdownReport.render(decision());
        assertTrue(md.startsWith("<!-- tollgate:check stack=leak -->\n### ❌ Tollgate: **deny** — `leak`\n"), md);
        assertTrue(md.contains("| deny | `residency.data_flow` | `aws_s3_bucket.replica` | restricted data"), md);
        assertTrue(md.contains("<br>**Fix:** Keep replicas in the EU. |"), md);
        assertTrue(md.indexOf("<details><summary>2 warnings and waived</summary>") > md.indexOf("residency.data_flow"), md);
        assertTrue(md.contains("legacy VPC \\| migrating"), "pipes escaped: " + md);
    }

    @Test
    void sarifHasARulePerPolicyAndSuppressesWaivedResults() {
        JsonNode sarif = SarifReport.render(List.of(decision()), List.of(RESIDENCY, CARBON, TAGS), "test");
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode run = sarif.at("/runs/0");
        assertEquals(3, run.at("/tool/driver/rules").size());
        assertEquals("error", run.at("/tool/driver/rules/0/defaultConfiguration/level").asText());
        assertEquals("warning", run.at("/tool/driver/rules/1/defaultConfiguration/level").asText());
        JsonNode results = run.get("results");
        assertEquals(3, results.size());
        JsonNode deny = results.get(0);
        assertEquals("residency.data_flow", deny.get("ruleId").asText());
        assertEquals(0, deny.get("ruleIndex").asInt());
        assertEquals("error", deny.get("level").asText());
        assertEquals("examples/terraform/inference-us-leak/plan.json", deny.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals("aws_s3_bucket.replica", deny.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());
        assertEquals("warning", results.get(1).get("level").asText());
        JsonNode waived = results.get(2);
        assertEquals("external", waived.at("/suppressions/0/kind").asText());
        assertTrue(waived.at("/suppressions/0/justification").asText().contains("NET-9"));
    }

    @Test
    void junitFailsDenialsSkipsWaivedAndPassesCleanPolicies() throws Exception {
        String xml = JunitReport.render(List.of(decision()));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("leak", suite.getAttribute("name"));
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").contains("<outside>"), "escaped and read back");
    }

    @Test
    void decisionJsonRoundTripsAndKeepsFieldOrder() {
        Decision d = decision();
        String json = DecisionJson.write(d);
        assertTrue(json.startsWith("{\n  \"id\" : \"dec-0123456789abcdef\",\n  \"time\" : \"2026-11-23T12:00:00Z\",\n  \"verdict\" : \"deny\",\n  \"allowed\" : false,"), json);
        assertTrue(json.contains("\"outcome\" : \"waived\""), json);
        assertTrue(json.contains("\"monthly_usd\" : 104893.50"), json);
        assertEquals(d, DecisionJson.read(json));
    }
}
