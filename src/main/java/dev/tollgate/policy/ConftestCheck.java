package dev.tollgate.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.rego.RegoEngine;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tollgate check --raw}: conftest's contract, for teams that already have conftest policies. Each file's raw
 * JSON is the input, unchanged; in each namespace, rules named {@code deny*} and {@code violation*} are failures and
 * {@code warn*} warnings, each element a message string or an object with {@code msg}. Output follows conftest's
 * text and JSON shapes.
 */
public final class ConftestCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file under one namespace, as conftest reports it. */
    public record Result(String file, String namespace, int successes, List<String> warnings, List<String> failures) {}

    private final RegoEngine engine;
    private final List<String> namespaces;
    private final List<List<String>> rules = new ArrayList<>();

    public ConftestCheck(PolicyBundle bundle, List<String> namespaces, Clock clock, Duration timeout) {
        engine = RegoEvaluator.compile(bundle, bundle.data(), clock, timeout);
        this.namespaces = List.copyOf(namespaces);
        for (String ns : namespaces) {
            List<String> names = bundle.sources().stream().filter(s -> s.pkg().equals(ns))
                    .flatMap(s -> s.rules().stream()).distinct().sorted().toList();
            if (names.isEmpty()) {
                throw new PolicyException("no deny, violation or warn rules in namespace " + ns + " under " + bundle.dir());
            }
            rules.add(names);
        }
    }

    public List<Result> test(String file, byte[] document) {
        JsonNode input;
        try {
            input = JSON.readTree(document);
        } catch (JacksonException e) {
            String at = e.getLocation() != null ? ":" + e.getLocation().getLineNr() : "";
            throw new PolicyException(file + at + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < namespaces.size(); i++) {
            String ns = namespaces.get(i);
            List<String> names = rules.get(i);
            String query = "[" + String.join(", ", names.stream().map(n -> "data." + ns + "." + n).toList()) + "]";
            Value result;
            try {
                result = engine.query(query, input).value();
            } catch (RegoError e) {
                throw new PolicyException(file + ": policy evaluation failed: " + e.getMessage(), e);
            }
            List<String> warnings = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            int successes = 0;
            for (int r = 0; r < names.size(); r++) {
                Value set = result instanceof Value.Arr a ? a.get(r) : Value.SetV.EMPTY;
                List<String> messages = messages(set);
                if (messages.isEmpty()) successes++;
                (names.get(r).startsWith("warn") ? warnings : failures).addAll(messages);
            }
            results.add(new Result(file, ns, successes, List.copyOf(warnings), List.copyOf(failures)));
        }
        return results;
    }

    private static List<String> messages(Value set) {
        List<Value> elements = set instanceof Value.SetV s ? s.elements() : set instanceof Value.Arr a ? a.elements() : List.of();
        List<String> out = new ArrayList<>();
        for (Value v : elements) {
            if (v instanceof Value.Str s) out.add(s.value());
            else if (v instanceof Value.Obj o && o.get("msg") instanceof Value.Str s) out.add(s.value());
            else out.add(Values.render(v));
        }
        return out;
    }

    /** conftest's text output: one line per failure and warning, then the tally. */
    public static String text(List<Result> results) {
        StringBuilder out = new StringBuilder();
        int tests = 0, passed = 0, warnings = 0, failures = 0;
        for (Result r : results) {
            for (String w : r.warnings()) out.append("WARN - ").append(r.file()).append(" - ").append(r.namespace()).append(" - ").append(w).append('\n');
            for (String f : r.failures()) out.append("FAIL - ").append(r.file()).append(" - ").append(r.namespace()).append(" - ").append(f).append('\n');
            tests += r.successes() + r.warnings().size() + r.failures().size();
            passed += r.successes();
            warnings += r.warnings().size();
            failures += r.failures().size();
        }
        if (!out.isEmpty()) out.append('\n');
        out.append(tests).append(" tests, ").append(passed).append(" passed, ").append(warnings).append(warnings == 1 ? " warning, " : " warnings, ")
                .append(failures).append(failures == 1 ? " failure, " : " failures, ").append("0 exceptions\n");
        return out.toString();
    }

    /** conftest's JSON output: per file and namespace, successes and the messages. */
    public static String json(List<Result> results) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Result r : results) {
            ObjectNode n = out.addObject();
            n.put("filename", r.file());
            n.put("namespace", r.namespace());
            n.put("successes", r.successes());
            ArrayNode w = n.putArray("warnings");
            r.warnings().forEach(m -> w.addObject().put("msg", m));
            ArrayNode f = n.putArray("failures");
            r.failures().forEach(m -> f.addObject().put("msg", m));
        }
        try {
            return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
