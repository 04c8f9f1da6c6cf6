package dev.tollgate.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tollgate.yaml}: how a team runs the guardrails on its stacks. Every field is optional:
 *
 * <pre>
 * stack: gpu-training-eu        # name for plans that do not carry one (Terraform)
 * environment: prod
 * tags:                         # which tags name the team, project and environment, first found wins
 *   team: [team, owner]
 * indeterminate: deny           # what a finding that depends on unknown values does under a mandatory policy: deny | warn
 * enforcement:                  # levels over the policies' METADATA defaults (ids or globs)
 *   carbon.*: advisory
 * overrides:                    # levels for some stacks or environments; later entries win
 *   - environment: dev
 *     indeterminate: warn
 *     enforcement: {cost.stack_budget: advisory}
 * waivers:
 *   - {policy: residency.data_flow, resource: aws_s3_bucket.replica, reason: ..., owner: ..., ticket: SEC-1, expires: 2026-12-31}
 * params:                       # merged over data.params from policies/data, for one stack's own numbers
 *   cost: {stack_monthly_usd: {gpu-training-eu: 300000}}
 * server: {listen: 127.0.0.1:8181}   # tollgate serve's settings, read by dev.tollgate.server.ServerConfig
 * </pre>
 *
 * Unknown fields are errors, so a typo never silently turns a guardrail off.
 */
public record PolicyConfig(
        String file,
        String sha256,
        String stack,
        String environment,
        Map<String, List<String>> tags,
        Indeterminate indeterminate,
        Map<String, Enforcement> enforcement,
        List<Override> overrides,
        List<Waiver> waivers,
        ObjectNode params) {

    /** What an indeterminate finding of a mandatory policy does. Advisory policies only ever warn. */
    public enum Indeterminate { DENY, WARN }

    /** Levels for stacks and environments matching both globs (a missing glob matches everything). */
    public record Override(String stack, String environment, Indeterminate indeterminate, Map<String, Enforcement> enforcement) {
        boolean applies(String stackName, String env) {
            return (stack == null || Glob.of(stack).matches(stackName))
                    && (environment == null || Glob.of(environment).matches(env));
        }
    }

    public static final Map<String, List<String>> DEFAULT_TAGS = Map.of(
            "team", List.of("team"),
            "project", List.of("project"),
            "environment", List.of("environment", "env"));

    public static PolicyConfig defaults() {
        return new PolicyConfig(null, null, null, null, DEFAULT_TAGS, Indeterminate.DENY, Map.of(), List.of(), List.of(),
                JsonNodeFactory.instance.objectNode());
    }

    /** The config next to the plan when there is one, else the defaults. */
    public static PolicyConfig beside(Path plan) {
        Path dir = plan.toAbsolutePath().getParent();
        Path candidate = dir == null ? null : dir.resolve("tollgate.yaml");
        return candidate != null && Files.isRegularFile(candidate) ? load(candidate) : defaults();
    }

    public static PolicyConfig load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException("cannot read config " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(bytes);
        } catch (JacksonException e) {
            String at = e.getLocation() != null ? ":" + e.getLocation().getLineNr() : "";
            throw new PolicyException(file + at + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyException("cannot read config " + file + ": " + e.getMessage(), e);
        }
        String sha = HexFormat.of().formatHex(PolicyBundle.sha256().digest(bytes));
        return parse(file.toString(), sha, root);
    }

    static PolicyConfig parse(String file, String sha256, JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) root = JsonNodeFactory.instance.objectNode();
        Fields f = new Fields(file, "", root);
        // server: configures `tollgate serve` (dev.tollgate.server.ServerConfig) and is read there.
        f.only("stack", "environment", "tags", "indeterminate", "enforcement", "overrides", "waivers", "params", "server");

        Map<String, List<String>> tags = new LinkedHashMap<>(DEFAULT_TAGS);
        JsonNode tagNode = f.object("tags");
        if (tagNode != null) {
            Fields t = new Fields(file, "tags.", tagNode);
            t.only("team", "project", "environment");
            for (String key : List.of("team", "project", "environment")) {
                if (tagNode.has(key)) tags.put(key, t.strings(key));
            }
        }

        List<Override> overrides = new ArrayList<>();
        JsonNode list = f.array("overrides");
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                Fields o = new Fields(file, "overrides[" + i + "].", list.get(i));
                o.only("stack", "environment", "indeterminate", "enforcement");
                if (o.text("stack") == null && o.text("environment") == null) {
                    throw new PolicyException(file + ": overrides[" + i + "] needs a stack or an environment to apply to");
                }
                overrides.add(new Override(o.text("stack"), o.text("environment"), indeterminate(o), levels(o)));
            }
        }

        List<Waiver> waivers = new ArrayList<>();
        JsonNode ws = f.array("waivers");
        if (ws != null) {
            for (int i = 0; i < ws.size(); i++) {
                Fields w = new Fields(file, "waivers[" + i + "].", ws.get(i));
                w.only("policy", "resource", "stack", "reason", "owner", "ticket", "expires");
                waivers.add(new Waiver(w.required("policy"), w.required("resource"), w.text("stack"), w.required("reason"),
                        w.required("owner"), w.required("ticket"), w.date("expires")));
            }
        }

        JsonNode params = f.object("params");
        Indeterminate ind = indeterminate(f);
        return new PolicyConfig(file, sha256, f.text("stack"), f.text("environment"), Map.copyOf(tags),
                ind == null ? Indeterminate.DENY : ind, levels(f), List.copyOf(overrides), List.copyOf(waivers),
                params == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) params.deepCopy());
    }

    /** The level of a policy for a stack and environment: METADATA default, then {@code enforcement}, then matching overrides. */
    public Enforcement enforcement(PolicyInfo policy, String stackName, String env) {
        Enforcement level = pick(enforcement, policy.id(), policy.enforcement());
        for (Override o : overrides) {
            if (o.applies(stackName, env)) level = pick(o.enforcement(), policy.id(), level);
        }
        return level;
    }

    public Indeterminate indeterminate(String stackName, String env) {
        Indeterminate result = indeterminate;
        for (Override o : overrides) {
            if (o.applies(stackName, env) && o.indeterminate() != null) result = o.indeterminate();
        }
        return result;
    }

    /** An exact id beats a glob; among globs, the longest (most specific) wins. */
    private static Enforcement pick(Map<String, Enforcement> levels, String id, Enforcement fallback) {
        Enforcement exact = levels.get(id);
        if (exact != null) return exact;
        String best = null;
        for (String pattern : levels.keySet()) {
            if (Glob.of(pattern).matches(id) && (best == null || pattern.length() > best.length())) best = pattern;
        }
        return best == null ? fallback : levels.get(best);
    }

    private static Indeterminate indeterminate(Fields f) {
        String text = f.text("indeterminate");
        if (text == null) return null;
        return switch (text) {
            case "deny" -> Indeterminate.DENY;
            case "warn" -> Indeterminate.WARN;
            default -> throw new PolicyException(f.where("indeterminate") + ": '" + text + "' must be deny or warn");
        };
    }

    private static Map<String, Enforcement> levels(Fields f) {
        JsonNode node = f.object("enforcement");
        if (node == null) return Map.of();
        Map<String, Enforcement> levels = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> levels.put(e.getKey(),
                Enforcement.parse(e.getValue().asText(), f.where("enforcement." + e.getKey()))));
        return Map.copyOf(levels);
    }

    /** Field access that names the file and field in every error. */
    private record Fields(String file, String prefix, JsonNode node) {
        Fields {
            if (!node.isObject()) throw new PolicyException(file + ": " + (prefix.isEmpty() ? "the config" : prefix.substring(0, prefix.length() - 1)) + " must be a mapping");
        }

        String where(String field) {
            return file + ": " + prefix + field;
        }

        void only(String... allowed) {
            Set<String> known = Set.of(allowed);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!known.contains(name)) {
                    throw new PolicyException(where(name) + ": unknown field (known: " + String.join(", ", allowed) + ")");
                }
            }
        }

        String text(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) return null;
            if (!v.isValueNode()) throw new PolicyException(where(field) + ": must be a single value");
            return v.asText();
        }

        String required(String field) {
            String v = text(field);
            if (v == null || v.isBlank()) throw new PolicyException(where(field) + ": required");
            return v;
        }

        LocalDate date(String field) {
            String v = required(field);
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw new PolicyException(where(field) + ": '" + v + "' is not a date (YYYY-MM-DD)");
            }
        }

        JsonNode object(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) return null;
            if (!v.isObject()) throw new PolicyException(where(field) + ": must be a mapping");
            return v;
        }

        JsonNode array(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) return null;
            if (!v.isArray()) throw new PolicyException(where(field) + ": must be a list");
            return v;
        }

        List<String> strings(String field) {
            JsonNode v = node.get(field);
            if (v.isTextual()) return List.of(v.asText());
            if (!v.isArray()) throw new PolicyException(where(field) + ": must be a tag key or a list of them");
            List<String> out = new ArrayList<>();
            v.forEach(x -> out.add(x.asText()));
            return List.copyOf(out);
        }
    }
}
