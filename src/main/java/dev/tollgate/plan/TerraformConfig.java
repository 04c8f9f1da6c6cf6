package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The {@code configuration} section of a Terraform plan, indexed: which provider configuration each resource
 * uses and where that points, and which resources each resource's expressions refer to (across module
 * boundaries, through module outputs and input variables).
 * Addresses here are module-relative configuration addresses ({@code aws_subnet.private}, no instance keys);
 * module paths are configuration paths ({@code module.net.module.sub}).
 */
final class TerraformConfig {

    /** A resource an expression refers to: its module path, configuration address, and instance key if the reference names one. */
    record Target(String module, String address, String key) {}

    /** One outgoing reference of a resource, or a whole module for depends_on on a module. */
    record Reference(String attribute, Edge.Kind kind, Target target, String wholeModule) {}

    /** The provider configuration key a resource ends up using, or why none could be found. */
    record ProviderRef(String key, String reason) {}

    private final Json providerConfig;
    private final Map<String, Json> modules = new HashMap<>();
    private final Map<String, Json> calls = new HashMap<>();
    private final Map<String, Json> resources = new HashMap<>();
    private final Map<String, JsonNode> variables;
    private final Map<String, Location> providerLocations = new HashMap<>();
    private final Map<String, List<Reference>> referenceCache = new HashMap<>();
    private final boolean present;

    private TerraformConfig(Json configuration, Map<String, JsonNode> variables) {
        this.variables = variables;
        this.present = configuration.isObject();
        this.providerConfig = configuration.optObj("provider_config");
        if (present) index("", configuration.optObj("root_module"));
    }

    /** @param variables root variable values ({@code variables.NAME.value}) */
    static TerraformConfig of(Json configuration, Map<String, JsonNode> variables) {
        return new TerraformConfig(configuration, variables);
    }

    boolean present() {
        return present;
    }

    private void index(String module, Json m) {
        modules.put(module, m);
        for (Json r : m.optArr("resources")) resources.put(module + "|" + r.text("address"), r);
        for (Map.Entry<String, Json> call : m.optObj("module_calls").fields().entrySet()) {
            String child = TerraformAddress.childModule(module, call.getKey());
            Json c = call.getValue().requireObject();
            calls.put(child, c);
            index(child, c.optObj("module"));
        }
    }

    private Json call(String module) {
        Json c = calls.get(module);
        return c != null ? c : Json.missing(providerConfig.file(), "$.configuration");
    }

    private Json module(String module) {
        Json m = modules.get(module);
        return m != null ? m : Json.missing(providerConfig.file(), "$.configuration");
    }

    /** The configuration block of a resource, or an absent Json. */
    Json resource(String module, String address) {
        Json r = resources.get(module + "|" + address);
        return r != null ? r : Json.missing(providerConfig.file(), "$.configuration");
    }

    /** Attribute names the user set on the resource, or null when the configuration does not describe it. */
    Set<String> configuredAttributes(String module, String address) {
        Json r = resources.get(module + "|" + address);
        if (r == null) return null;
        return r.optObj("expressions").fields().keySet();
    }

    /** The resource's provider_config_key as written, or null. */
    String configKey(String module, String address) {
        Json r = resources.get(module + "|" + address);
        return r == null ? null : r.optText("provider_config_key");
    }

    /** Variables the root module declares sensitive: their values must not be shown. */
    Set<String> sensitiveVariables() {
        Set<String> out = new HashSet<>();
        Json root = modules.get("");
        if (root == null) return out;
        for (Map.Entry<String, Json> v : root.optObj("variables").fields().entrySet()) {
            if (v.getValue().optBool("sensitive", false)) out.add(v.getKey());
        }
        return out;
    }

    // ---- providers -------------------------------------------------------------------------------------------

    /**
     * Follows a resource's {@code provider_config_key} to an entry of {@code provider_config}: directly, or for a
     * provider a module received from its caller, through the module call's {@code providers} map or (for a
     * default, unaliased provider) by implicit inheritance from the parent module.
     */
    ProviderRef providerRef(String module, String address) {
        Json r = resources.get(module + "|" + address);
        if (r == null) return new ProviderRef(null, "the configuration does not describe this resource");
        String configKey = r.optText("provider_config_key");
        if (configKey == null) return new ProviderRef(null, "the configuration gives no provider_config_key");
        if (providerConfig.has(configKey)) return new ProviderRef(configKey, null);

        int colon = configKey.lastIndexOf(':');
        String local = colon < 0 ? configKey : configKey.substring(colon + 1);
        String mod = colon < 0 ? module : normalizeModule(configKey.substring(0, colon));
        Set<String> seen = new HashSet<>();
        while (seen.add(mod + ":" + local)) {
            for (String k : candidates(mod, local)) if (providerConfig.has(k)) return new ProviderRef(k, null);
            if (mod.isEmpty()) {
                return new ProviderRef(local, "provider " + local + " has no configuration block");
            }
            Json passed = call(mod).optObj("providers");
            if (passed.has(local)) {
                String parentName = providerName(passed.get(local));
                if (parentName == null) return new ProviderRef(null, mod + " receives provider " + local + " from an expression Tollgate cannot follow");
                local = parentName;
            } else if (local.contains(".")) {
                return new ProviderRef(null, mod + " receives aliased provider " + local + " through a providers map the plan does not record");
            }
            mod = TerraformAddress.parentModule(mod);
        }
        return new ProviderRef(null, "provider " + local + " is passed around in a cycle");
    }

    private static List<String> candidates(String module, String local) {
        if (module.isEmpty()) return List.of(local);
        String legacy = String.join(".", TerraformAddress.moduleNames(module));
        return List.of(module + ":" + local, legacy + ":" + local);
    }

    /** Terraform 0.12 wrote module paths as bare names ({@code foo}, {@code foo.bar}); later ones as {@code module.foo}. */
    static String normalizeModule(String m) {
        if (m.isEmpty() || m.startsWith("module.")) return m;
        return "module." + m.replace(".", ".module.");
    }

    private static String providerName(Json passed) {
        if (passed.absent()) return null;
        if (passed.node().isTextual()) return passed.node().asText();
        List<String> refs = passed.optTexts("references");
        return refs.isEmpty() ? null : refs.get(0);
    }

    /** Where a provider configuration points: its region (or zone) expression, evaluated as far as the plan allows. */
    Location providerLocation(ProviderRef ref) {
        if (ref.key() == null) return Location.unknown(ref.reason());
        if (ref.reason() != null) {
            return Location.unknown(ref.reason() + ", so its region would come from the environment");
        }
        return providerLocations.computeIfAbsent(ref.key(), this::evaluateProvider);
    }

    private Location evaluateProvider(String key) {
        Json p = providerConfig.obj(key);
        String module = p.optText("module_address");
        module = module == null ? "" : normalizeModule(module);
        Json expressions = p.optObj("expressions");
        for (String attribute : List.of("region", "location", "zone")) {
            Json e = expressions.get(attribute);
            if (e.absent()) continue;
            Resolved v = evaluate(e, module, new HashSet<>());
            if (v.value() == null) return Location.unknown("provider " + key + ": " + attribute + " " + v.reason());
            String detail = "provider " + key + ": " + attribute + " = " + (v.via() == null ? "" : v.via() + " = ") + "\"" + v.value() + "\"";
            if (attribute.equals("zone")) {
                String region = RegionResolver.regionOfZone(v.value());
                if (region == null) return Location.unknown("provider " + key + ": zone \"" + v.value() + "\" names no known region");
                return new Location(region, v.value(), Location.Basis.PROVIDER_CONFIG, detail);
            }
            String region = attribute.equals("location") ? v.value().toLowerCase(java.util.Locale.ROOT).replace(" ", "") : v.value();
            return new Location(region, null, Location.Basis.PROVIDER_CONFIG, detail);
        }
        return Location.unknown("provider " + key + " sets no region in configuration (it would come from the environment)");
    }

    /** A string value, how it was found ({@code var.region}), or why it cannot be known from the plan. */
    private record Resolved(String value, String via, String reason) {}

    private Resolved evaluate(Json expression, String module, Set<String> seen) {
        Json constant = expression.get("constant_value");
        if (!constant.absent()) {
            return constant.node().isTextual() ? new Resolved(constant.node().asText(), null, null)
                    : new Resolved(null, null, "is not a string");
        }
        List<String> refs = expression.optTexts("references");
        if (refs.isEmpty()) return new Resolved(null, null, "has no value in the plan");
        String ref = refs.get(0);
        List<String> steps = TerraformAddress.steps(ref);
        if (!steps.get(0).equals("var") || steps.size() < 2) {
            return new Resolved(null, null, "comes from " + ref + ", which the plan JSON does not record");
        }
        String name = steps.get(1);
        if (!seen.add(module + "|" + name)) return new Resolved(null, null, "refers to itself through " + ref);
        if (module.isEmpty()) {
            JsonNode value = variables.get(name);
            if (value != null && value.isTextual()) return new Resolved(value.asText(), ref, null);
            Json declared = module("").optObj("variables").get(name).get("default");
            if (!declared.absent() && declared.node().isTextual()) return new Resolved(declared.node().asText(), ref + " (default)", null);
            return new Resolved(null, null, "comes from " + ref + ", which has no string value in the plan");
        }
        Json argument = call(module).optObj("expressions").get(name);
        if (!argument.absent()) {
            Resolved up = evaluate(argument, TerraformAddress.parentModule(module), seen);
            return up.value() == null ? up : new Resolved(up.value(), module + "." + ref, null);
        }
        Json declared = module(module).optObj("variables").get(name).get("default");
        if (!declared.absent() && declared.node().isTextual()) return new Resolved(declared.node().asText(), module + "." + ref + " (default)", null);
        return new Resolved(null, null, "comes from " + module + "." + ref + ", which is not set");
    }

    // ---- references ------------------------------------------------------------------------------------------

    /**
     * Everything a configured resource refers to: expression references (attribute named), count/for_each,
     * its own depends_on and the depends_on of every module call it sits in.
     * The answer depends only on configuration, so it is computed once per configuration address.
     */
    List<Reference> references(String module, String address) {
        return referenceCache.computeIfAbsent(module + "|" + address, k -> computeReferences(module, address));
    }

    private List<Reference> computeReferences(String module, String address) {
        Json r = resources.get(module + "|" + address);
        if (r == null) return List.of();
        Set<Reference> out = new LinkedHashSet<>();
        walkExpressions(r.get("expressions").node(), "", (attribute, refs) -> {
            for (String ref : withoutContainers(refs)) resolve(ref, module, attribute, Edge.Kind.REFERENCE, out, new HashSet<>());
        });
        for (String meta : List.of("count", "for_each")) {
            for (String ref : r.get(meta + "_expression").optTexts("references")) {
                resolve(ref, module, meta, Edge.Kind.REFERENCE, out, new HashSet<>());
            }
        }
        for (String dep : r.optTexts("depends_on")) resolve(dep, module, null, Edge.Kind.DEPENDS_ON, out, new HashSet<>());
        for (String m = module; !m.isEmpty(); m = TerraformAddress.parentModule(m)) {
            for (String dep : call(m).optTexts("depends_on")) {
                resolve(dep, TerraformAddress.parentModule(m), null, Edge.Kind.DEPENDS_ON, out, new HashSet<>());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Terraform lists a reference at every step ({@code aws_subnet.private[0].id}, {@code aws_subnet.private[0]},
     * {@code aws_subnet.private}; {@code module.net.ids}, {@code module.net}). The bare container would widen the
     * reference to every instance or every module output, so it is dropped when a longer form is present.
     */
    static List<String> withoutContainers(List<String> refs) {
        List<String> out = new ArrayList<>();
        for (String ref : refs) {
            boolean container = false;
            for (String other : refs) {
                if (other.length() > ref.length() && (other.startsWith(ref + ".") || other.startsWith(ref + "["))) {
                    container = true;
                    break;
                }
            }
            if (!container) out.add(ref);
        }
        return out;
    }

    /** Calls back with (attribute path, references) for every expression in a resource's expressions tree. */
    static void walkExpressions(JsonNode n, String attribute, BiConsumer<String, List<String>> visit) {
        if (n == null) return;
        if (n.isObject()) {
            JsonNode refs = n.get("references");
            if (refs != null && refs.isArray()) {
                List<String> list = new ArrayList<>();
                refs.forEach(x -> { if (x.isTextual()) list.add(x.asText()); });
                visit.accept(attribute, list);
            }
            if (refs != null || n.has("constant_value")) return;
            n.fields().forEachRemaining(e ->
                    walkExpressions(e.getValue(), attribute.isEmpty() ? e.getKey() : attribute + "." + e.getKey(), visit));
        } else if (n.isArray()) {
            n.forEach(e -> walkExpressions(e, attribute, visit));
        }
    }

    private void resolve(String ref, String module, String attribute, Edge.Kind kind, Set<Reference> out, Set<String> seen) {
        List<String> steps = TerraformAddress.steps(ref);
        switch (steps.get(0)) {
            case "var" -> {
                if (module.isEmpty() || steps.size() < 2 || !seen.add(module + "|var." + steps.get(1))) return;
                JsonNode argument = call(module).optObj("expressions").get(steps.get(1)).node();
                String parent = TerraformAddress.parentModule(module);
                walkExpressions(argument, "", (a, refs) -> withoutContainers(refs).forEach(x -> resolve(x, parent, attribute, kind, out, seen)));
            }
            case "module" -> {
                if (steps.size() < 2) return;
                String child = TerraformAddress.childModule(module, TerraformAddress.base(steps.get(1)));
                if (!modules.containsKey(child)) return;
                if (kind == Edge.Kind.DEPENDS_ON) {
                    out.add(new Reference(attribute, kind, null, child));
                    return;
                }
                Map<String, Json> outputs = modules.get(child).optObj("outputs").fields();
                List<String> names = steps.size() > 2 ? List.of(TerraformAddress.base(steps.get(2))) : List.copyOf(outputs.keySet());
                for (String name : names) {
                    Json output = outputs.get(name);
                    if (output == null || !seen.add(child + "|output." + name)) continue;
                    walkExpressions(output.get("expression").node(), "", (a, refs) -> withoutContainers(refs).forEach(x -> resolve(x, child, attribute, kind, out, seen)));
                }
            }
            case "data" -> {
                if (steps.size() < 3) return;
                String address = "data." + steps.get(1) + "." + TerraformAddress.base(steps.get(2));
                out.add(new Reference(attribute, kind, new Target(module, address, TerraformAddress.key(steps.get(2))), null));
            }
            case "local", "each", "count", "path", "terraform", "self" -> { }
            default -> {
                if (steps.size() < 2) return;
                String address = steps.get(0) + "." + TerraformAddress.base(steps.get(1));
                if (!resources.containsKey(module + "|" + address)) return;
                out.add(new Reference(attribute, kind, new Target(module, address, TerraformAddress.key(steps.get(1))), null));
            }
        }
    }
}
