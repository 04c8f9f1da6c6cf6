package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyException;
import dev.tollgate.rego.RegoEngine;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.ResultSet;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * OPA's Data and Policy APIs on the embedded evaluator, so an OPA client can use Tollgate as its server:
 * {@code POST /v1/data/{path}} with {@code {"input": …}} answers {@code {"result": …}} (no {@code result} key when
 * the document is undefined), and evaluation errors come back as OPA reports them.
 */
final class DataApi {

    private final RegoEngine engine;
    private final JsonNode policies;

    DataApi(PolicyBundle bundle, ObjectNode data, Clock clock, Duration timeout) {
        RegoEngine.Builder b = RegoEngine.builder().data(data).clock(clock).timeout(timeout).printer(line -> { });
        bundle.modules().forEach(b::module);
        try {
            engine = b.build();
        } catch (RegoError e) {
            throw new PolicyException("policies in " + bundle.dir() + " do not compile: " + e.getMessage(), e);
        }
        policies = list(bundle);
    }

    /**
     * The document at {@code data.<path>}.
     *
     * @param segments the URL path after {@code /v1/data}, split at '/'; a segment of digits indexes arrays, as in OPA
     * @param input    the request's input, or null when the body had no {@code input} key
     */
    ObjectNode query(List<String> segments, JsonNode input) {
        StringBuilder q = new StringBuilder("data");
        for (String s : segments) {
            if (s.isEmpty()) continue;
            if (s.matches("\\d{1,9}")) q.append('[').append(s).append(']');
            else q.append('[').append(Values.quote(s)).append(']');
        }
        ObjectNode out = RequestJson.MAPPER.createObjectNode();
        ResultSet rs = engine.attempt(q.toString(), input);
        if (rs.error() != null) throw evaluationError(rs.error());
        Value v = rs.value();
        if (v != null) out.set("result", Values.toJson(v));
        if (input == null) {
            out.putObject("warning").put("code", "api_usage_warning").put("message", "'input' key missing from the request");
        }
        return out;
    }

    /** {@code GET /v1/policies}: every loaded module with its id (the file), source and AST. */
    JsonNode policies() {
        return policies;
    }

    private JsonNode list(PolicyBundle bundle) {
        ObjectNode out = RequestJson.MAPPER.createObjectNode();
        ArrayNode result = out.putArray("result");
        for (Map.Entry<String, String> m : bundle.modules().entrySet()) {
            ObjectNode p = result.addObject();
            p.put("id", m.getKey());
            p.put("raw", m.getValue());
            ObjectNode in = RequestJson.MAPPER.createObjectNode().put("id", m.getKey()).put("raw", m.getValue());
            Value ast = engine.query("rego.parse_module(input.id, input.raw)", in).value();
            if (ast != null) p.set("ast", Values.toJson(ast));
        }
        return out;
    }

    /** OPA's answer to a query that failed while evaluating: 500 with the error list, or 503 when it ran out of time. */
    static final class EvaluationError extends RuntimeException {
        final int status;
        final ObjectNode body;

        EvaluationError(int status, ObjectNode body) {
            super(body.path("message").asText(), null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    private static EvaluationError evaluationError(RegoError e) {
        ObjectNode body = RequestJson.MAPPER.createObjectNode();
        boolean cancelled = RegoError.EVAL_CANCEL.equals(e.code());
        body.put("code", cancelled ? "evaluation_timeout" : "internal_error");
        body.put("message", cancelled ? "the query took longer than the evaluation time limit" : "error(s) occurred while evaluating query");
        ObjectNode err = body.putArray("errors").addObject();
        err.put("code", e.code());
        err.put("message", e.detail());
        if (e.location() != null) {
            err.putObject("location").put("file", e.location().file()).put("row", e.location().line()).put("col", e.location().column());
        }
        return new EvaluationError(cancelled ? 503 : 500, body);
    }
}
