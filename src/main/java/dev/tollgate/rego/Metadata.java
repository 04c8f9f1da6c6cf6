package dev.tollgate.rego;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tollgate.rego.Ast.Annotation;
import dev.tollgate.rego.Ast.Package;
import dev.tollgate.rego.Ast.Rule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code # METADATA} comment blocks: parsed as YAML, attached to the package or rule that follows them,
 * and assembled into what {@code rego.metadata.rule()} and {@code rego.metadata.chain()} return.
 */
final class Metadata {
    private Metadata() {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SCOPES = Set.of("rule", "document", "package", "subpackages");

    record Attached(Package pkg, List<Rule> rules) {}

    private record Block(List<Scanner.Comment> lines) {
        int lastLine() { return lines.get(lines.size() - 1).line(); }
        Scanner.Comment first() { return lines.get(0); }
    }

    /** Attaches each METADATA block to the statement after it. */
    static Attached attach(List<Scanner.Comment> comments, String file, Package pkg, List<Rule> rules) {
        List<Block> blocks = blocks(comments);
        if (blocks.isEmpty()) return new Attached(pkg, rules);
        List<Annotation> pkgAnnotations = new ArrayList<>();
        Map<Integer, List<Annotation>> byRule = new LinkedHashMap<>();
        for (Block b : blocks) {
            RegoError.Location loc = new RegoError.Location(file, b.first().line(), b.first().column());
            int target = -1; // -1: package
            boolean found = b.lastLine() < pkg.loc().line();
            if (!found) {
                for (int i = 0; i < rules.size(); i++) {
                    if (rules.get(i).loc().line() > b.lastLine()) {
                        target = i;
                        found = true;
                        break;
                    }
                }
            }
            if (!found) throw new RegoError(RegoError.PARSE, "annotation is not attached to a package or rule", loc);
            Value.Obj fields = parse(b, loc);
            Value scopeV = fields.get("scope");
            String scope = scopeV instanceof Value.Str s ? s.value() : (target < 0 ? "package" : "rule");
            if (scopeV != null && !(scopeV instanceof Value.Str)) {
                throw new RegoError(RegoError.PARSE, "invalid annotation scope: must be a string", loc);
            }
            if (!SCOPES.contains(scope)) {
                throw new RegoError(RegoError.PARSE, "invalid annotation scope '" + scope
                        + "'. Use one of 'rule', 'document', 'package' or 'subpackages'", loc);
            }
            Annotation a = new Annotation(scope, withScope(fields, scope), loc);
            if (target < 0 || scope.equals("package") || scope.equals("subpackages")) {
                if (target >= 0) {
                    throw new RegoError(RegoError.PARSE, "annotation scope '" + scope + "' must be applied to package", loc);
                }
                if (scope.equals("rule") || scope.equals("document")) {
                    throw new RegoError(RegoError.PARSE, "annotation scope '" + scope + "' must be applied to rule", loc);
                }
                pkgAnnotations.add(a);
            } else {
                byRule.computeIfAbsent(target, k -> new ArrayList<>()).add(a);
            }
        }
        List<Rule> out = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            List<Annotation> as = byRule.get(i);
            out.add(as == null ? r : new Rule(r.isDefault(), r.head(), r.args(), r.key(), r.value(), r.assign(),
                    r.body(), r.elseRule(), r.loc(), List.copyOf(as)));
        }
        return new Attached(new Package(pkg.path(), pkg.loc(), List.copyOf(pkgAnnotations)), List.copyOf(out));
    }

    private static List<Block> blocks(List<Scanner.Comment> comments) {
        List<Block> out = new ArrayList<>();
        List<Scanner.Comment> current = null;
        Scanner.Comment prev = null;
        for (Scanner.Comment c : comments) {
            if (current != null) {
                if (c.line() == prev.line() + 1 && c.column() == 1) {
                    current.add(c);
                    prev = c;
                    continue;
                }
                current = null;
            }
            if (c.text().strip().startsWith("METADATA")) {
                current = new ArrayList<>();
                current.add(c);
                out.add(new Block(current));
            }
            prev = c;
        }
        return out;
    }

    private static Value.Obj parse(Block b, RegoError.Location loc) {
        StringBuilder yaml = new StringBuilder();
        for (Scanner.Comment c : b.lines().subList(1, b.lines().size())) {
            String t = c.text();
            yaml.append(t.startsWith(" ") ? t.substring(1) : t).append('\n');
        }
        if (yaml.toString().isBlank()) throw new RegoError(RegoError.PARSE, "expected METADATA block, found whitespace", loc);
        JsonNode node;
        try {
            node = YAML.readTree(yaml.toString());
        } catch (JsonProcessingException e) {
            throw new RegoError(RegoError.PARSE, "yaml: " + e.getOriginalMessage(), loc);
        }
        if (node == null || !node.isObject()) throw new RegoError(RegoError.PARSE, "yaml: METADATA must be a mapping", loc);
        Value.Obj.Builder out = Value.Obj.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().equals("related-resources") ? "related_resources" : e.getKey();
            Value v = Values.fromJson(e.getValue());
            switch (key) {
                case "authors" -> v = list(v, Metadata::author, loc);
                case "related_resources" -> v = list(v, Metadata::relatedResource, loc);
                default -> { }
            }
            out.put(key, v);
        }
        return out.build();
    }

    private static Value list(Value v, java.util.function.Function<Value, Value> each, RegoError.Location loc) {
        if (!(v instanceof Value.Arr a)) throw new RegoError(RegoError.PARSE, "invalid annotation: expected a list", loc);
        List<Value> out = new ArrayList<>();
        for (Value e : a.elements()) {
            Value x = each.apply(e);
            if (x == null) throw new RegoError(RegoError.PARSE, "invalid annotation entry " + e, loc);
            out.add(x);
        }
        return Value.Arr.wrap(out);
    }

    /** "Jane Doe &lt;jane@example.com&gt;" or {name, email} as {name, email}. */
    private static Value author(Value v) {
        if (v instanceof Value.Obj o) {
            return (o.get("name") != null || o.get("email") != null) ? o : null;
        }
        if (!(v instanceof Value.Str s) || s.value().isBlank()) return null;
        String[] parts = s.value().trim().split("\\s+");
        String last = parts[parts.length - 1];
        Value.Obj.Builder b = Value.Obj.builder();
        int nameParts = parts.length;
        if (last.length() >= 2 && last.startsWith("<") && last.endsWith(">")) {
            b.put("email", Value.str(last.substring(1, last.length() - 1)));
            nameParts--;
        }
        if (nameParts > 0) b.put("name", Value.str(String.join(" ", java.util.Arrays.copyOf(parts, nameParts))));
        return b.build();
    }

    private static Value relatedResource(Value v) {
        if (v instanceof Value.Str s && !s.value().isEmpty()) return Value.Obj.builder().put("ref", s).build();
        if (v instanceof Value.Obj o && o.get("ref") instanceof Value.Str) return o;
        return null;
    }

    private static Value.Obj withScope(Value.Obj fields, String scope) {
        Map<Value, Value> m = new java.util.HashMap<>(fields.asMap());
        m.put(Value.str("scope"), Value.str(scope));
        return Value.Obj.wrap(m);
    }

    // ------------------------------------------------------------------ chain

    /**
     * rego.metadata.chain() for a rule: its own rule-scope annotation, then document-scope annotations
     * of the same rule path, then package and subpackages annotations walking up from its package.
     *
     * @param rulePath  the rule's ground path under data (strings and other scalars)
     * @param ruleOwn   the rule definition's own annotations
     * @param documents annotations of scope document for that path, from any definition
     * @param packages  package path (strings) to its package/subpackages annotations, from all modules
     */
    static Value.Arr chain(List<Value> rulePath, List<Annotation> ruleOwn, List<Annotation> documents,
                           List<Value> pkgPath, Map<List<Value>, List<Annotation>> packages) {
        List<Value> out = new ArrayList<>();
        Value path = Value.Arr.copyOf(rulePath);
        Annotation own = first(ruleOwn, "rule");
        Value.Obj.Builder head = Value.Obj.builder();
        if (own != null) head.put("annotations", own.fields());
        head.put("path", path);
        out.add(head.build());
        Annotation doc = first(documents, "document");
        if (doc == null) doc = first(ruleOwn, "document");
        if (doc != null) out.add(entry(path, doc));
        for (int n = pkgPath.size(); n >= 1; n--) {
            List<Value> prefix = pkgPath.subList(0, n);
            List<Annotation> as = packages.getOrDefault(prefix, List.of());
            Annotation pa = n == pkgPath.size() ? first(as, "package") : null;
            if (pa != null) out.add(entry(Value.Arr.copyOf(prefix), pa));
            Annotation sub = first(as, "subpackages");
            if (sub != null) out.add(entry(Value.Arr.copyOf(prefix), sub));
        }
        return Value.Arr.wrap(out);
    }

    /** rego.metadata.rule(): the rule's own (or document) annotations, or {} when there are none. */
    static Value.Obj rule(List<Annotation> ruleOwn, List<Annotation> documents) {
        Annotation own = first(ruleOwn, "rule");
        if (own == null) own = first(documents, "document");
        if (own == null) own = first(ruleOwn, "document");
        return own == null ? Value.Obj.EMPTY : own.fields();
    }

    private static Annotation first(List<Annotation> as, String scope) {
        for (Annotation a : as) if (a.scope().equals(scope)) return a;
        return null;
    }

    private static Value entry(Value path, Annotation a) {
        return Value.Obj.builder().put("annotations", a.fields()).put("path", path).build();
    }
}
