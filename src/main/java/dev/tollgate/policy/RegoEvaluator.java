package dev.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.rego.RegoEngine;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The guardrails on Tollgate's embedded Rego evaluator. The bundle's modules and data are compiled once; each
 * evaluation is one query that reads every {@code violation}, {@code deny} and {@code warn} set of every package at
 * once, so helper rules (the address index, the graph) are computed once per input, not once per package.
 */
public final class RegoEvaluator implements Evaluator {

    private final RegoEngine engine;
    private final List<String[]> rules = new ArrayList<>();
    private final String query;

    public RegoEvaluator(PolicyBundle bundle, ObjectNode data, Clock clock, Duration timeout) {
        engine = compile(bundle, data, clock, timeout);
        List<String> refs = new ArrayList<>();
        for (RegoSource s : bundle.sources()) {
            for (String rule : s.rules().stream().sorted().toList()) {
                rules.add(new String[]{s.pkg(), rule});
                refs.add("data." + s.pkg() + "." + rule);
            }
        }
        query = "[" + String.join(", ", refs) + "]";
    }

    /** The bundle's modules on the embedded evaluator ({@code print} in a policy still writes to standard error). */
    static RegoEngine compile(PolicyBundle bundle, JsonNode data, Clock clock, Duration timeout) {
        RegoEngine.Builder b = RegoEngine.builder().data(data).clock(clock).timeout(timeout);
        bundle.modules().forEach(b::module);
        try {
            return b.build();
        } catch (RegoError e) {
            throw new PolicyException("policies in " + bundle.dir() + " do not compile: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Finding> evaluate(Value input) {
        List<Finding> findings = new ArrayList<>();
        if (rules.isEmpty()) return findings;
        Value result;
        try {
            result = engine.query(query, input).value();
        } catch (RegoError e) {
            throw new PolicyException("policy evaluation failed: " + e.getMessage(), e);
        }
        if (!(result instanceof Value.Arr sets)) {
            throw new PolicyException("policy evaluation gave no result for " + query + " (is a rule conditionally undefined?)");
        }
        for (int i = 0; i < rules.size(); i++) {
            String[] rule = rules.get(i);
            Value set = sets.get(i);
            if (set instanceof Value.SetV s) {
                for (Value element : s.elements()) findings.add(Finding.of(rule[0], rule[1], Values.toJson(element)));
            } else if (set instanceof Value.Arr a) {
                for (Value element : a.elements()) findings.add(Finding.of(rule[0], rule[1], Values.toJson(element)));
            } else {
                throw new PolicyException("data." + rule[0] + "." + rule[1] + " is a " + set.typeName() + ", not a set of violations");
            }
        }
        return findings;
    }
}
