package dev.tollgate.pulumi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PulumiPlanBuilder;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Source;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Enforcement;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyInfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Tollgate's side of the analyzer: Pulumi resources in (the JSON {@code AnalyzerServer} sends), violations out as
 * Pulumi diagnostics. A denial is {@code mandatory} and fails {@code pulumi up}; a warning is {@code advisory}.
 *
 * <p>Pulumi calls {@code Analyze} for each resource as it is registered and {@code AnalyzeStack} once with all of
 * them. Each violation is reported once: on its resource as soon as that resource alone shows it, else by the stack
 * call (graph and budget rules need every resource). The analyzer sees the desired state only, so every resource is
 * checked as if created; cost-increase rules measure the whole stack.
 */
public final class AnalyzerHandler implements Function<String, String> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PolicyPack pack;
    private final Map<String, PolicyInfo> policies;
    private final ObjectNode params;
    private final PolicyConfig base;
    private final BiFunction<Plan, PolicyConfig, Decision> check;
    private final Set<String> reported = Collections.newSetFromMap(new ConcurrentHashMap<>());

    /**
     * @param policies the bundle's policies, by id
     * @param params   the bundle's {@code data.params}, whose shape the config schema describes
     * @param base     the pack's tollgate.yaml, or the defaults
     * @param check    the policy engine
     */
    public AnalyzerHandler(PolicyPack pack, Map<String, PolicyInfo> policies, ObjectNode params, PolicyConfig base,
                           BiFunction<Plan, PolicyConfig, Decision> check) {
        this.pack = pack;
        this.policies = policies;
        this.params = params;
        this.base = base;
        this.check = check;
    }

    /** What {@code GetAnalyzerInfo} and {@code GetPluginInfo} answer, as JDK values for the server. */
    public Map<String, Object> info() {
        var list = new ArrayList<Map<String, Object>>();
        for (var p : policies.values()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("name", p.id());
            m.put("displayName", p.title());
            m.put("description", p.description());
            m.put("enforcementLevel", p.enforcement().id());
            m.put("severity", p.severity());
            m.put("remediation", p.remediation());
            m.put("configSchema", configSchema(p).toString());
            list.add(m);
        }
        var info = new LinkedHashMap<String, Object>();
        info.put("name", pack.name());
        info.put("displayName", pack.name());
        info.put("version", pack.version());
        info.put("description", pack.description());
        info.put("policies", list);
        return info;
    }

    /**
     * The properties a policy takes in {@code --policy-pack-config}: the parameters of its family
     * ({@code cost.*} read {@code params.cost}), typed from the values the bundle ships.
     */
    ObjectNode configSchema(PolicyInfo policy) {
        var family = family(policy.id());
        var properties = JSON.createObjectNode();
        var values = params.get(family);
        if (values != null && values.isObject()) {
            values.fields().forEachRemaining(e -> properties.set(e.getKey(), schemaOf(e.getValue())));
        }
        return properties;
    }

    private static ObjectNode schemaOf(JsonNode value) {
        var schema = JSON.createObjectNode();
        if (value.isObject()) {
            schema.put("type", "object");
            var props = schema.putObject("properties");
            value.fields().forEachRemaining(e -> props.set(e.getKey(), schemaOf(e.getValue())));
        } else if (value.isArray()) {
            schema.put("type", "array");
            if (!value.isEmpty()) schema.set("items", schemaOf(value.get(0)));
        } else if (value.isIntegralNumber()) {
            schema.put("type", "integer");
        } else if (value.isNumber()) {
            schema.put("type", "number");
        } else if (value.isBoolean()) {
            schema.put("type", "boolean");
        } else {
            schema.put("type", "string");
        }
        return schema;
    }

    private static String family(String policyId) {
        var dot = policyId.indexOf('.');
        return dot < 0 ? policyId : policyId.substring(0, dot);
    }

    @Override
    public String apply(String requestJson) {
        JsonNode request;
        try {
            request = JSON.readTree(requestJson);
        } catch (JsonProcessingException e) {
            throw new PulumiException("analyzer request is not JSON: " + e.getOriginalMessage());
        }
        var scope = request.path("scope").asText();
        var plan = plan(request);
        var decision = check.apply(plan, config(request.path("policyConfig")));

        var diagnostics = JSON.createArrayNode();
        var urns = new HashSet<String>();
        plan.resources().forEach(r -> urns.add(r.address()));
        for (var v : decision.violations()) {
            if (v.outcome() == Decision.Outcome.WAIVED) continue;
            var onResource = urns.contains(v.resource());
            // Per resource, only what that resource shows by itself; the stack call reports the rest.
            if (scope.equals("resource") && !onResource) continue;
            var key = v.policy() + "|" + v.resource() + "|" + v.message();
            if (!reported.add(key)) continue;
            var d = diagnostics.addObject();
            d.put("policyName", v.policy());
            d.put("description", v.title());
            d.put("message", v.remediation() == null || v.remediation().isBlank()
                    ? v.message() : v.message() + "\nRemediation: " + v.remediation());
            d.put("enforcementLevel", v.outcome() == Decision.Outcome.DENY ? "mandatory" : "advisory");
            d.put("severity", v.severity());
            d.put("urn", onResource ? v.resource() : "");
        }
        var answer = JSON.createObjectNode();
        answer.set("diagnostics", diagnostics);
        return answer.toString();
    }

    /** The resources of a request as a plan, through the same builder as every other Pulumi source. */
    static Plan plan(JsonNode request) {
        var stack = request.path("stack");
        var config = new LinkedHashMap<String, JsonNode>();
        stack.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue()));
        var source = new Source(Source.Tool.PULUMI, Source.Format.PULUMI_PREVIEW, null, null,
                "pulumi analyzer (" + request.path("scope").asText() + ")");
        var builder = new PulumiPlanBuilder(source, config);
        var name = stack.path("stack").asText("");
        if (!name.isEmpty()) builder.stack(name);
        for (var r : request.path("resources")) {
            var type = r.path("type").asText();
            var provider = r.get("provider");
            // The engine registers a provider for every custom resource; components and the stack have none.
            var custom = provider != null || type.startsWith(Registration.PROVIDER_TYPE_PREFIX);
            var propertyDependencies = new LinkedHashMap<String, List<String>>();
            r.path("propertyDependencies").fields().forEachRemaining(e -> propertyDependencies.put(e.getKey(), strings(e.getValue())));
            var parent = r.path("parent").asText("");
            var properties = r.get("properties");
            builder.add(new PulumiPlanBuilder.Step(r.path("urn").asText(), type, custom, Resource.Action.CREATE,
                    null, null, PulumiExtractor.wholeNumbers(properties), providerTags(type, properties, provider),
                    parent.isEmpty() ? null : parent,
                    provider == null ? null : provider.path("urn").asText(null),
                    strings(r.path("dependencies")), propertyDependencies,
                    provider == null ? null : PulumiExtractor.wholeNumbers(provider.get("properties"))));
        }
        return builder.build();
    }

    /**
     * The provider's default tags or labels merged into the resource's, as the provider will report them. The engine
     * sends inputs, where they do not show yet; every resource of the provider gets them (untaggable ones too, which
     * the tagging policy does not look at).
     */
    private static JsonNode providerTags(String type, JsonNode properties, JsonNode provider) {
        if (provider == null || type.startsWith(Registration.PROVIDER_TYPE_PREFIX)) return null;
        var pkg = type.substring(0, Math.max(0, type.indexOf(':')));
        var setting = provider.path("properties").get(pkg.equals("gcp") ? "defaultLabels" : "defaultTags");
        var merged = ProviderDefaults.merged(pkg, properties, setting);
        if (merged == null || (properties != null && properties.has(merged.getKey()))) return null;
        var outputs = JSON.createObjectNode();
        outputs.set(merged.getKey(), merged.getValue());
        return outputs;
    }

    /**
     * The pack's tollgate.yaml with Pulumi's policy config over it: a policy's {@code enforcementLevel} overrides its
     * level, its {@code properties} the parameters of its family.
     */
    PolicyConfig config(JsonNode policyConfig) {
        if (policyConfig == null || policyConfig.isEmpty()) return base;
        var enforcement = new LinkedHashMap<>(base.enforcement());
        var overlay = base.params().deepCopy();
        policyConfig.fields().forEachRemaining(e -> {
            if (!policies.containsKey(e.getKey())) {
                throw new PulumiException("policy pack config names " + e.getKey() + ", which is not a policy of "
                        + pack.name() + " (" + String.join(", ", policies.keySet()) + ")");
            }
            var level = e.getValue().path("enforcementLevel").asText("");
            if (!level.isEmpty() && !level.equals("remediate")) {
                enforcement.put(e.getKey(), Enforcement.parse(level, "policy pack config " + e.getKey()));
            }
            var properties = e.getValue().get("properties");
            if (properties != null && properties.isObject() && !properties.isEmpty()) {
                var existing = overlay.get(family(e.getKey()));
                var target = existing instanceof ObjectNode o ? o : overlay.putObject(family(e.getKey()));
                properties.fields().forEachRemaining(p -> target.set(p.getKey(), p.getValue()));
            }
        });
        return new PolicyConfig(base.file(), base.sha256(), base.stack(), base.environment(), base.tags(),
                base.indeterminate(), enforcement, base.overrides(), base.waivers(), overlay);
    }

    private static List<String> strings(JsonNode array) {
        var out = new ArrayList<String>();
        if (array != null) array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
