package dev.tollgate.facts;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A usage file: what a plan cannot know, in the spirit of Infracost's {@code infracost-usage.yml}.
 * <pre>
 * version: 1
 * defaults:                     # every resource
 *   utilization: 0.6
 * resource_usage:
 *   aws_eks_node_group.gpu:     # an exact address...
 *     nodes: 4
 *     monthly_hours: 400
 *   "aws_s3_bucket.*":          # ...or a pattern, * matching anything
 *     storage_gb: 5000
 *     monthly_egress_gb: 100
 * </pre>
 * For each key a resource takes, in order: its exact-address entry, the first pattern entry (in file order) that
 * gives the key, {@code defaults}, the key's built-in default. Unknown keys and bad values are errors naming the
 * file and the key, never ignored.
 */
public final class Usage {

    /** One value and where it came from, for the per-resource assumptions. */
    public record Value(UsageKey key, Double number, String text, String origin) {
        public boolean builtIn() {
            return origin.equals(BUILT_IN);
        }
    }

    static final String BUILT_IN = "Tollgate default";

    private static final Usage NONE = new Usage("(none)", Map.of(), Map.of(), List.of());

    private final String file;
    private final Map<UsageKey, Value> defaults;
    private final Map<String, Map<UsageKey, Value>> exact;
    private final List<Map.Entry<String, Map<UsageKey, Value>>> patterns;

    private Usage(String file, Map<UsageKey, Value> defaults, Map<String, Map<UsageKey, Value>> exact,
                  List<Map.Entry<String, Map<UsageKey, Value>>> patterns) {
        this.file = file;
        this.defaults = defaults;
        this.exact = exact;
        this.patterns = patterns;
    }

    /** No usage file: every resource gets the built-in defaults. */
    public static Usage none() {
        return NONE;
    }

    public static Usage read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new UsageException(path + ": cannot read usage file: " + e.getMessage());
        }
        return parse(path.toString(), text);
    }

    public static Usage parse(String file, String yaml) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw new UsageException(file + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        if (root == null || root.isMissingNode() || root.isNull()) return new Usage(file, Map.of(), Map.of(), List.of());
        if (!(root instanceof ObjectNode)) throw new UsageException(file + ": expected a mapping with resource_usage and defaults");
        Map<UsageKey, Value> defaults = Map.of();
        Map<String, Map<UsageKey, Value>> exact = new LinkedHashMap<>();
        List<Map.Entry<String, Map<UsageKey, Value>>> patterns = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> top = it.next();
            switch (top.getKey()) {
                case "version" -> {
                    if (!top.getValue().isNumber() && !top.getValue().isTextual()) throw new UsageException(file + ": version must be a number");
                }
                case "defaults" -> defaults = entry(file, "defaults", top.getValue(), "usage defaults");
                case "resource_usage" -> {
                    JsonNode ru = top.getValue();
                    if (ru.isNull()) break;
                    if (!ru.isObject()) throw new UsageException(file + ": resource_usage must map resource addresses to usage");
                    for (Iterator<Map.Entry<String, JsonNode>> r = ru.fields(); r.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = r.next();
                        String where = "resource_usage." + e.getKey();
                        Map<UsageKey, Value> values = entry(file, where, e.getValue(), "usage entry '" + e.getKey() + "'");
                        if (Glob.isPattern(e.getKey())) patterns.add(Map.entry(e.getKey(), values));
                        else exact.put(e.getKey(), values);
                    }
                }
                default -> throw new UsageException(file + ": unknown top-level key '" + top.getKey() + "' (expected version, defaults, resource_usage)");
            }
        }
        return new Usage(file, defaults, exact, patterns);
    }

    private static Map<UsageKey, Value> entry(String file, String where, JsonNode node, String origin) {
        if (node.isNull()) return Map.of();
        if (!node.isObject()) throw new UsageException(file + ": " + where + " must be a mapping of usage keys");
        Map<UsageKey, Value> out = new EnumMap<>(UsageKey.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = file + ": " + where + "." + e.getKey();
            UsageKey key = UsageKey.parse(e.getKey())
                    .orElseThrow(() -> new UsageException(at + ": unknown usage key (known: " + UsageKey.ids() + ")"));
            JsonNode v = e.getValue();
            if (key.textual()) {
                if (!v.isTextual()) throw new UsageException(at + ": must be text");
                if (key == UsageKey.PRICE_MODEL && PriceModel.parse(v.asText()).isEmpty()) {
                    throw new UsageException(at + ": unknown price model '" + v.asText() + "' (known: " + PriceModel.ids() + ")");
                }
                out.put(key, new Value(key, null, v.asText(), origin));
                continue;
            }
            if (!v.isNumber()) throw new UsageException(at + ": must be a number, got " + v);
            double d = v.asDouble();
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) throw new UsageException(at + ": must not be negative");
            switch (key) {
                case MONTHLY_HOURS -> { if (d > 744) throw new UsageException(at + ": a month has at most 744 hours"); }
                case UTILIZATION -> { if (d == 0 || d > 1) throw new UsageException(at + ": must be a fraction above 0 and at most 1 (0.5 is 50%)"); }
                case NODES, ZONES -> { if (d != Math.rint(d)) throw new UsageException(at + ": must be a whole number"); }
                default -> { }
            }
            if (key == UsageKey.ZONES && d < 1) throw new UsageException(at + ": must be at least 1");
            out.put(key, new Value(key, d, null, origin));
        }
        return out;
    }

    public String file() {
        return file;
    }

    /** The usage of one resource. */
    public Entry forAddress(String address) {
        Map<UsageKey, Value> own = exact.get(address);
        List<Map<UsageKey, Value>> matching = new ArrayList<>(2);
        for (Map.Entry<String, Map<UsageKey, Value>> p : patterns) {
            if (Glob.matches(p.getKey(), address)) matching.add(p.getValue());
        }
        return new Entry(own, matching, defaults);
    }

    /** The merged usage of one resource; see the class comment for the order. */
    public static final class Entry {
        private final Map<UsageKey, Value> own;
        private final List<Map<UsageKey, Value>> patterns;
        private final Map<UsageKey, Value> defaults;

        private Entry(Map<UsageKey, Value> own, List<Map<UsageKey, Value>> patterns, Map<UsageKey, Value> defaults) {
            this.own = own;
            this.patterns = patterns;
            this.defaults = defaults;
        }

        /** The value the user gave (entry, pattern or defaults), if any. */
        public Optional<Value> given(UsageKey key) {
            if (own != null && own.containsKey(key)) return Optional.of(own.get(key));
            for (Map<UsageKey, Value> p : patterns) if (p.containsKey(key)) return Optional.of(p.get(key));
            return Optional.ofNullable(defaults.get(key));
        }

        /** The value in force: given, else the built-in default; empty only for keys without one. */
        public Optional<Value> get(UsageKey key) {
            Optional<Value> v = given(key);
            if (v.isPresent() || key.builtIn() == null) return v;
            return Optional.of(new Value(key, key.builtIn(), null, BUILT_IN));
        }
    }
}
