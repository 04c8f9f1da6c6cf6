package dev.tollgate.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.policy.PolicyBundle;

import java.sql.SQLException;

/**
 * Readiness: the policies compiled (they did, or the service would not have started), and the decision log takes a
 * write now. With a remote OPA its health is reported too, but does not make the service unready: while OPA is down
 * the service still answers, failing closed, and says so in every decision.
 */
final class Health {

    record Report(boolean ready, ObjectNode json) {}

    private final PolicyBundle bundle;
    private final DecisionLog log;
    private final OpaClient opa;

    Health(PolicyBundle bundle, DecisionLog log, OpaClient opa) {
        this.bundle = bundle;
        this.log = log;
        this.opa = opa;
    }

    Report check() {
        ObjectNode out = RequestJson.MAPPER.createObjectNode();
        ObjectNode checks = out.putObject("checks");
        checks.putObject("policies").put("ok", true).put("revision", bundle.revision()).put("modules", bundle.modules().size());
        boolean ready = true;
        ObjectNode logCheck = checks.putObject("decision_log");
        try {
            log.checkWritable();
            logCheck.put("ok", true);
        } catch (SQLException e) {
            ready = false;
            logCheck.put("ok", false).put("error", "not writable: " + e.getMessage());
        }
        if (opa != null) {
            String problem = opa.health();
            ObjectNode o = checks.putObject("opa").put("ok", problem == null).put("url", opa.base().toString());
            if (problem != null) o.put("error", problem + " (decisions fail closed meanwhile)");
        }
        out.put("status", ready ? "ready" : "unready");
        return new Report(ready, out);
    }
}
