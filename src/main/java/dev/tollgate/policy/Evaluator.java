package dev.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Runs the guardrails over one policy input and returns what their {@code violation}, {@code deny} and
 * {@code warn} sets hold. The embedded Rego evaluator is the default ({@link RegoEvaluator}); the service may
 * put a remote OPA behind the same seam.
 */
public interface Evaluator {
    List<Finding> evaluate(JsonNode input);
}
