package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.policy.Evaluator;
import dev.tollgate.policy.Finding;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.RegoSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guardrails evaluated by a remote OPA instead of the embedded evaluator: one {@code POST /v1/data/ROOT} per
 * top-level package name (all of Tollgate's policies are under {@code tollgate}, so one call), then each package's
 * {@code violation}/{@code deny}/{@code warn} sets are read out of the answer exactly as the embedded evaluator
 * reads them. When OPA cannot answer, the finding {@link #UNAVAILABLE} stands in for the policies; the service then
 * fails closed (see {@link DecisionService}).
 */
final class OpaEvaluator implements Evaluator {

    /** The policy id of the finding that says the remote OPA could not decide. */
    static final String UNAVAILABLE = "tollgate.backend_unavailable";

    private final OpaClient client;
    private final List<RegoSource> sources;
    private final Map<String, List<RegoSource>> byRoot = new LinkedHashMap<>();
    private final Metrics metrics;

    OpaEvaluator(OpaClient client, PolicyBundle bundle, Metrics metrics) {
        this.client = client;
        this.metrics = metrics;
        this.sources = bundle.sources().stream().filter(s -> !s.rules().isEmpty()).toList();
        for (RegoSource s : sources) byRoot.computeIfAbsent(s.pkg().split("\\.")[0], k -> new ArrayList<>()).add(s);
    }

    @Override
    public List<Finding> evaluate(Value regoInput) {
        JsonNode input = Values.toJson(regoInput);
        List<Finding> findings = new ArrayList<>();
        try {
            for (Map.Entry<String, List<RegoSource>> root : byRoot.entrySet()) {
                JsonNode doc = client.data(root.getKey(), input);
                if (doc == null) {
                    throw new OpaClient.Unavailable("OPA at " + client.base() + " has no document at data." + root.getKey()
                            + ": are the policies loaded there? (opa.push: true pushes them at start)");
                }
                for (RegoSource s : root.getValue()) read(s, doc, findings);
            }
            return findings;
        } catch (OpaClient.Unavailable e) {
            metrics.backendFailed();
            String stack = input.at("/stack/name").asText("");
            return List.of(new Finding(UNAVAILABLE, "stack:" + stack, "policy backend unavailable: " + e.getMessage(),
                    "critical", false, List.of(), JsonNodeFactory.instance.objectNode().put("backend", client.base().toString()),
                    "tollgate", "deny"));
        }
    }

    private static void read(RegoSource source, JsonNode root, List<Finding> into) {
        String[] path = source.pkg().split("\\.");
        JsonNode pkg = root;
        for (int i = 1; i < path.length && pkg != null; i++) pkg = pkg.get(path[i]);
        for (String rule : source.rules().stream().sorted().toList()) {
            JsonNode set = pkg == null ? null : pkg.get(rule);
            if (set == null || set.isNull()) continue;  // undefined: the rule found nothing
            if (!set.isArray()) {
                throw new OpaClient.Unavailable("OPA's data." + source.pkg() + "." + rule + " is " + set.getNodeType()
                        + ", not a set of violations: is OPA running the same policies?");
            }
            for (JsonNode element : set) into.add(Finding.of(source.pkg(), rule, element));
        }
    }
}
