package dev.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of a {@code violation}, {@code deny} or {@code warn} set, before enforcement levels and waivers.
 * Tollgate's own policies emit objects ({@code msg}, {@code resource}, {@code policy}, {@code severity},
 * {@code indeterminate}, {@code unknown}, {@code data}); conftest-style rules may emit a bare message string, which
 * becomes a finding of the implicit policy {@code <package>.<rule>}.
 *
 * @param resource the address the finding is about, {@code stack:NAME} / {@code team:NAME} for aggregates, or "" when
 *                 a bare conftest message names none
 */
public record Finding(
        String policy,
        String resource,
        String message,
        String severity,
        boolean indeterminate,
        List<String> unknown,
        JsonNode data,
        String pkg,
        String rule) {

    public Finding {
        unknown = List.copyOf(unknown);
    }

    /** Reads one set element as the evaluator returned it (JSON); {@code where} names the rule for errors. */
    public static Finding of(String pkg, String rule, JsonNode element) {
        String where = "data." + pkg + "." + rule;
        if (element.isTextual()) {
            return new Finding(pkg + "." + rule, "", element.asText(), null, false, List.of(), JsonNodeFactory.instance.objectNode(), pkg, rule);
        }
        if (!element.isObject() || !element.path("msg").isTextual()) {
            throw new PolicyException(where + " produced " + element + ": each element must be a message string or an object with a msg string");
        }
        List<String> unknown = new ArrayList<>();
        element.path("unknown").forEach(u -> unknown.add(u.asText()));
        JsonNode data = element.get("data");
        return new Finding(
                element.path("policy").isTextual() ? element.get("policy").asText() : pkg + "." + rule,
                element.path("resource").asText(""),
                element.get("msg").asText(),
                element.path("severity").isTextual() ? element.get("severity").asText() : null,
                element.path("indeterminate").asBoolean(false),
                unknown,
                data == null ? JsonNodeFactory.instance.objectNode() : data,
                pkg,
                rule);
    }
}
