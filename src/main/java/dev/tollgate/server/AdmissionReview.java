package dev.tollgate.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.policy.Decision;

import java.util.List;

/**
 * The answer to a PlanReview, shaped like a Kubernetes AdmissionReview response:
 * <pre>
 * {"apiVersion": "tollgate.dev/v1", "kind": "PlanReview",
 *  "response": {"uid": …, "allowed": false, "status": {"code": 403, "message": "denied: …"},
 *               "warnings": ["…"], "decision_id": "dec-…"}}
 * </pre>
 * {@code status.code} is 200 when allowed, 403 when a policy denies, 503 when the policy backend could not decide.
 */
final class AdmissionReview {
    private AdmissionReview() {}

    private static final int LISTED = 5;

    static ObjectNode response(String uid, DecisionService.Logged logged) {
        Decision d = logged.decision();
        ObjectNode root = RequestJson.MAPPER.createObjectNode();
        root.put("apiVersion", Submission.API_VERSION);
        root.put("kind", Submission.KIND);
        ObjectNode r = root.putObject("response");
        r.put("uid", uid);
        r.put("allowed", d.allowed());
        ObjectNode status = r.putObject("status");
        int code = d.allowed() ? 200 : logged.backendUnavailable() ? 503 : 403;
        status.put("code", code);
        status.put("message", message(d));
        ArrayNode warnings = r.putArray("warnings");
        for (Decision.Violation v : d.violations()) {
            if (v.outcome() == Decision.Outcome.WARN) warnings.add(line(v));
        }
        r.put("decision_id", d.id());
        r.put("replayed", logged.replayed());
        return root;
    }

    private static String message(Decision d) {
        List<Decision.Violation> denials = d.violations().stream().filter(v -> v.outcome() == Decision.Outcome.DENY).toList();
        String stack = "stack " + d.stack().name();
        if (denials.isEmpty()) {
            int warned = d.summary().warned();
            return "allowed: " + stack + (warned == 0 ? "" : " with " + warned + (warned == 1 ? " warning" : " warnings"));
        }
        StringBuilder sb = new StringBuilder("denied: " + stack + ": " + denials.size() + (denials.size() == 1 ? " violation" : " violations"));
        for (int i = 0; i < Math.min(LISTED, denials.size()); i++) sb.append(i == 0 ? ": " : "; ").append(line(denials.get(i)));
        if (denials.size() > LISTED) sb.append("; and ").append(denials.size() - LISTED).append(" more");
        return sb.toString();
    }

    private static String line(Decision.Violation v) {
        return v.policy() + (v.resource().isEmpty() ? "" : " " + v.resource()) + ": " + v.message();
    }
}
