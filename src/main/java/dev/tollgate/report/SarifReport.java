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
 * named by resource address and located where a {@link Locator} finds it (the plan file, unless told better).
 * Waived violations carry an external suppression with the waiver's reason, so they show as dismissed rather than vanish.
 */
public final class SarifReport {
    private SarifReport() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * Where a violation is said in the source.
     *
     * @param file  path relative to the repository (or as given)
     * @param line  1-based line, or 0 when the file is known but not the line
     * @param basis how it was found, e.g. {@code resource-block}, {@code module-file}, {@code plan-file}
     * @param note  when the location is a fallback, why: added to the result's message so a reader knows
     */
    public record Location(String file, int line, String basis, String note) {}

    /** Finds where a violation of a decision is said. */
    @FunctionalInterface
    public interface Locator {
        Location locate(Decision decision, Violation violation);
    }

    /** Every result at the plan file the decision read. */
    public static final Locator PLAN_FILE = (d, v) -> new Location(d.stack().file(), 0, "plan-file", null);

    /** SARIF {@code baselineState} of a result: new, unchanged, updated or absent; null to leave it out. */
    @FunctionalInterface
    public interface Baseline {
        String state(Decision decision, Violation violation);
    }

    public static ObjectNode render(List<Decision> decisions, Collection<PolicyInfo> policies, String toolVersion) {
        return render(decisions, policies, toolVersion, PLAN_FILE, (d, v) -> null);
    }

    public static ObjectNode render(List<Decision> decisions, Collection<PolicyInfo> policies, String toolVersion,
                                    Locator locator, Baseline baseline) {
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
                results.add(result(d, v, index.get(v.policy()), waivers, locator.locate(d, v), baseline.state(d, v)));
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

    private static ObjectNode result(Decision d, Violation v, int ruleIndex, Map<String, WaiverStatus> waivers,
                                     Location at, String baselineState) {
        ObjectNode r = F.objectNode();
        r.put("ruleId", v.policy());
        r.put("ruleIndex", ruleIndex);
        r.put("level", v.outcome() == Outcome.WARN ? "warning" : v.outcome() == Outcome.DENY ? "error" : level(v.enforcement()));
        String message = v.remediation() == null ? v.message() : v.message() + " Fix: " + v.remediation();
        r.set("message", text(at.note() == null ? message : message + " (Location: " + at.note() + ")"));
        if (baselineState != null) r.put("baselineState", baselineState);
        ObjectNode location = r.putArray("locations").addObject();
        ObjectNode physical = location.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(at.file()));
        if (at.line() > 0) physical.putObject("region").put("startLine", at.line());
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
        r.putObject("partialFingerprints").put("tollgate/v1", fingerprint(d.stack().name(), v));
        ObjectNode props = r.putObject("properties");
        props.put("stack", d.stack().name());
        props.put("locationBasis", at.basis());
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
        parts.replaceAll(p -> p.replace("%", "%25").replace(" ", "%20"));
        String path = String.join("/", parts);
        return path.startsWith("/") ? "file://" + path : path;
    }

    /** Stable across runs and line moves, so code scanning tracks one alert per stack, policy and resource. */
    private static String fingerprint(String stack, Violation v) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((stack + "\n" + v.policy() + "\n" + v.resource()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
        return java.util.HexFormat.of().formatHex(digest, 0, 16);
    }
}
