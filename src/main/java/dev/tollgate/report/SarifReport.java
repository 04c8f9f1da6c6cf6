package dev.tollgate.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Decision.Outcome;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.policy.Decision.WaiverStatus;
import dev.tollgate.policy.Enforcement;
import dev.tollgate.policy.PolicyInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decisions as one SARIF 2.1.0 run for code scanning: a rule per policy from its METADATA, a result per violation
 * located in the plan file and named by resource address. Waived violations carry an external suppression with the
 * waiver's reason, so they show as dismissed rather than vanish.
 */
public final class SarifReport {
    private SarifReport() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public static ObjectNode render(List<Decision> decisions, Collection<PolicyInfo> policies, String toolVersion) {
        Map<String, Integer> index = new LinkedHashMap<>();
        ArrayNode rules = F.arrayNode();
        for (PolicyInfo p : policies) addRule(rules, index, p.id(), p.title(), p.description(), p.remediation(), p.enforcement(), p.severity());

        ArrayNode results = F.arrayNode();
        for (Decision d : decisions) {
            Map<String, WaiverStatus> waivers = new LinkedHashMap<>();
            d.waivers().forEach(w -> waivers.put(w.id(), w));
            for (Violation v : d.violations()) {
                if (!index.containsKey(v.policy())) {
                    addRule(rules, index, v.policy(), v.title(), "", v.remediation(), v.enforcement(), v.severity());
                }
                results.add(result(d, v, index.get(v.policy()), waivers));
            }
        }

        ObjectNode driver = F.objectNode();
        driver.put("name", "Tollgate");
        driver.put("informationUri", "https://tollgate.dev");
        driver.put("version", toolVersion);
        driver.set("rules", rules);
        ObjectNode run = F.objectNode();
        run.set("tool", F.objectNode().set("driver", driver));
        run.set("results", results);
        ObjectNode sarif = F.objectNode();
        sarif.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        sarif.put("version", "2.1.0");
        sarif.set("runs", F.arrayNode().add(run));
        return sarif;
    }

    private static void addRule(ArrayNode rules, Map<String, Integer> index, String id, String title, String description,
                                String remediation, Enforcement enforcement, String severity) {
        ObjectNode rule = rules.addObject();
        rule.put("id", id);
        rule.put("name", id);
        rule.set("shortDescription", text(title));
        if (description != null && !description.isEmpty()) rule.set("fullDescription", text(description));
        if (remediation != null && !remediation.isEmpty()) rule.set("help", text(remediation));
        rule.set("defaultConfiguration", F.objectNode().put("level", level(enforcement)));
        ObjectNode props = rule.putObject("properties");
        props.put("enforcement", enforcement.id());
        if (severity != null) props.put("severity", severity);
        index.put(id, index.size());
    }

    private static ObjectNode result(Decision d, Violation v, int ruleIndex, Map<String, WaiverStatus> waivers) {
        ObjectNode r = F.objectNode();
        r.put("ruleId", v.policy());
        r.put("ruleIndex", ruleIndex);
        r.put("level", v.outcome() == Outcome.WARN ? "warning" : v.outcome() == Outcome.DENY ? "error" : level(v.enforcement()));
        r.set("message", text(v.remediation() == null ? v.message() : v.message() + " Fix: " + v.remediation()));
        ObjectNode location = r.putArray("locations").addObject();
        location.putObject("physicalLocation").putObject("artifactLocation").put("uri", uri(d.stack().file()));
        if (!v.resource().isEmpty()) {
            location.putArray("logicalLocations").addObject().put("fullyQualifiedName", v.resource()).put("kind", "resource");
        }
        if (v.outcome() == Outcome.WAIVED) {
            WaiverStatus w = waivers.get(v.waiver());
            ObjectNode s = r.putArray("suppressions").addObject();
            s.put("kind", "external");
            s.put("status", "accepted");
            if (w != null) s.put("justification", w.reason() + " (" + w.owner() + ", " + w.ticket() + ", until " + w.expires() + ")");
        }
        ObjectNode props = r.putObject("properties");
        props.put("stack", d.stack().name());
        props.put("decision", d.id());
        props.put("indeterminate", v.indeterminate());
        if (v.severity() != null) props.put("severity", v.severity());
        return r;
    }

    private static String level(Enforcement e) {
        return switch (e) {
            case MANDATORY -> "error";
            case ADVISORY -> "warning";
            case DISABLED -> "none";
        };
    }

    private static ObjectNode text(String s) {
        return F.objectNode().put("text", s == null ? "" : s);
    }

    /** SARIF wants URIs: forward slashes, relative paths kept relative so code scanning maps them onto the repository. */
    private static String uri(String file) {
        List<String> parts = new ArrayList<>(List.of(file.replace('\\', '/').split("/")));
        parts.replaceAll(p -> p.replace(" ", "%20"));
        return String.join("/", parts);
    }
}
