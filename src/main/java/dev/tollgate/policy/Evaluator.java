package dev.tollgate.policy;

import dev.tollgate.rego.Value;

import java.util.List;

/**
 * Runs the guardrails over one policy input (as Rego values; {@code Values.toJson} gives the JSON a remote engine
 * wants) and returns what their {@code violation}, {@code deny} and {@code warn} sets hold. The embedded Rego evaluator is the default ({@link RegoEvaluator}); the service may
 * put a remote OPA behind the same seam.
 */
public interface Evaluator {
    List<Finding> evaluate(Value input);
}
