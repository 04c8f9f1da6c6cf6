package dev.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.facts.Estimate;
import dev.tollgate.facts.ResourceCost;
import dev.tollgate.facts.Usage;
import dev.tollgate.plan.Edge;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Source;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the document every guardrail sees as {@code input} (schema: {@code policy/input.schema.json}): the normalized
 * plan with region facts joined onto each resource, its machine and GPU shape, cost and carbon estimate and unknown
 * paths; the edges; totals per stack, team, project and environment; the baseline's totals; stack metadata; and now.
 *
 * <p>Everything here is a fact the policies may judge; nothing here judges. A value the plan does not know stays
 * null with the reason or pointer beside it, so a policy can say "indeterminate" instead of guessing.
 */
public final class PolicyInput {

    public static final String SCHEMA = "tollgate.policy.input/v1";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * What the stack cost before this change.
     *
     * @param source   {@code prior_state} (the plan's own before-values) or {@code plan} (a plan given with --baseline)
     * @param file     the baseline plan's file, or null for the prior state
     * @param plan     the baseline as a plan
     * @param estimate its estimate
     */
    public record Baseline(String source, String file, Plan plan, Estimate estimate) {}

    /** The stack's name, where it came from, and its environment. */
    public record StackName(String name, String basis, String environment) {}

    private PolicyInput() {}

    public static ObjectNode build(Plan plan, Estimate estimate, Baseline baseline, RegionIndex regions, Usage usage,
                                   PolicyConfig config, Instant now) {
        StackName stack = stackName(plan, config);
        Map<String, ResourceCost> costs = byAddress(estimate);
        Map<String, ResourceCost> before = byAddress(baseline.estimate());
        Map<String, Resource> byAddress = new HashMap<>();
        plan.resources().forEach(r -> byAddress.put(r.address(), r));
        Machines machines = new Machines(plan, byAddress, usage);

        ObjectNode input = F.objectNode();
        input.put("schema", SCHEMA);
        input.put("now", now.toString());
        input.set("stack", stack(plan, stack));

        ArrayNode resources = input.putArray("resources");
        Totals totals = new Totals();
        Set<String> providers = new LinkedHashSet<>();
        for (Resource r : plan.resources()) {
            ObjectNode node = resource(r, stack.name(), costs.get(r.address()), before.get(r.address()), machines, regions, config);
            resources.add(node);
            totals.add(node);
            providers.add(r.provider().id());
        }

        ArrayNode edges = input.putArray("edges");
        for (Edge e : plan.edges()) {
            ObjectNode n = edges.addObject();
            n.put("from", e.from());
            n.put("to", e.to());
            n.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
            n.put("attribute", e.attribute());
        }
        ArrayNode unknowns = input.putArray("unknowns");
        boolean pulumi = plan.source().tool() == Source.Tool.PULUMI;
        plan.unknowns().forEach(u -> unknowns.addObject().put("address", u.address()).put("path", pulumi ? SnakeCase.pointer(u.path()) : u.path()));
        ArrayNode notes = input.putArray("notes");
        plan.notes().forEach(n -> notes.addObject().put("severity", n.severity().name().toLowerCase(Locale.ROOT))
                .put("address", n.address()).put("message", n.message()));

        input.set("totals", totals.toJson());
        input.set("baseline", baseline(baseline, stack.name(), regions, usage, config));
        ObjectNode catalogue = input.putObject("catalogue");
        ObjectNode asOf = catalogue.putObject("as_of");
        estimate.catalogue().forEach((file, d) -> asOf.put(file, d.oldest().equals(d.newest()) ? d.newest() : d.oldest() + "/" + d.newest()));
        catalogue.set("regions", regions.regions(providers));
        return input;
    }

    /** The name: tollgate.yaml's {@code stack}, else the plan's own (Pulumi), else the plan file's directory. */
    public static StackName stackName(Plan plan, PolicyConfig config) {
        String name;
        String basis;
        if (config.stack() != null) {
            name = config.stack();
            basis = "config";
        } else if (plan.stack() != null && !plan.stack().isBlank()) {
            name = plan.stack();
            basis = "plan";
        } else {
            Path dir = Path.of(plan.source().file()).toAbsolutePath().getParent();
            name = dir == null || dir.getFileName() == null ? "stack" : dir.getFileName().toString();
            basis = "file";
        }
        return new StackName(name, basis, environment(plan, config));
    }

    /** tollgate.yaml's environment, else the environment tag when every tagged resource agrees on it, else null. */
    private static String environment(Plan plan, PolicyConfig config) {
        if (config.environment() != null) return config.environment();
        Set<String> seen = new LinkedHashSet<>();
        for (Resource r : plan.resources()) {
            String env = tag(r.tags(), config.tags().get("environment"));
            if (env != null) seen.add(env);
        }
        return seen.size() == 1 ? seen.iterator().next() : null;
    }

    private static ObjectNode stack(Plan plan, StackName stack) {
        ObjectNode n = F.objectNode();
        n.put("name", stack.name());
        n.put("name_basis", stack.basis());
        n.put("environment", stack.environment());
        n.put("tool", plan.source().tool().name().toLowerCase(Locale.ROOT));
        n.put("format", plan.source().format().name().toLowerCase(Locale.ROOT));
        n.put("tool_version", plan.source().toolVersion());
        n.put("file", plan.source().file());
        ObjectNode vars = n.putObject("variables");
        plan.variables().forEach(vars::set);
        return n;
    }

    private static ObjectNode resource(Resource r, String stack, ResourceCost cost, ResourceCost before, Machines machines,
                                       RegionIndex regions, PolicyConfig config) {
        boolean pulumi = machines.pulumi();
        ObjectNode n = F.objectNode();
        n.put("address", r.address());
        n.put("name", r.name());
        n.put("stack", stack);
        n.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
        n.put("provider", r.provider().id());
        n.put("type", r.type());
        n.put("kind", r.kind());
        n.put("action", r.action().id());
        n.put("module", r.module());
        n.put("provider_config", r.providerConfig());
        n.set("location", Locations.of(r, regions));

        ObjectNode tags = n.putObject("tags");
        r.tags().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> tags.put(e.getKey(), e.getValue()));
        n.set("tags_unknown", RegionIndex.strings(unknownTags(r)));
        n.put("team", tag(r.tags(), config.tags().get("team")));
        n.put("project", tag(r.tags(), config.tags().get("project")));
        n.put("environment", tag(r.tags(), config.tags().get("environment")));

        JsonNode values = r.values();
        n.set("values", values == null ? F.objectNode() : pulumi ? SnakeCase.values(values) : values);
        n.set("unknown_paths", pointers(r.unknownPaths(), pulumi));
        n.set("sensitive_paths", pointers(r.sensitivePaths(), pulumi));

        Machines.Machine machine = machines.of(r);
        n.set("machine", machine == null ? F.nullNode() : machine.toJson());
        n.set("gpu", machines.gpu(r, machine, regions));
        n.set("cost", cost(r, cost, before, machine));
        if (cost != null && cost.carbonKgMonth() != null) {
            n.putObject("carbon").put("kg_co2e_month", cost.carbonKgMonth()).put("basis", cost.carbonBasis());
        } else {
            n.putNull("carbon");
        }
        return n;
    }

    private static ObjectNode cost(Resource r, ResourceCost cost, ResourceCost before, Machines.Machine machine) {
        ObjectNode c = F.objectNode();
        BigDecimal monthly = cost == null ? BigDecimal.ZERO : cost.monthlyUsd();
        BigDecimal baseline = before == null ? BigDecimal.ZERO : before.monthlyUsd();
        boolean priced = r.mode() == Resource.Mode.DATA || (cost != null && !cost.hasUnpriced());
        c.put("priced", priced);
        c.put("hourly_usd", cost == null ? BigDecimal.ZERO : cost.hourlyUsd());
        c.put("monthly_usd", monthly);
        c.put("price_model", cost == null ? null : cost.priceModel());
        ArrayNode unpriced = c.putArray("unpriced");
        if (cost != null) cost.unpriced().forEach(unpriced::add);
        else if (r.mode() == Resource.Mode.MANAGED) unpriced.add("not estimated");
        c.set("unknown", RegionIndex.strings(priced ? List.of() : priceUnknowns(r, cost, machine)));
        c.put("baseline_monthly_usd", baseline);
        c.put("delta_monthly_usd", monthly.subtract(baseline));
        return c;
    }

    /**
     * The unknown-until-apply values an unpriced resource's price hinges on: the machine type, the region, or an
     * unknown attribute the estimator's reason names. Reasons about missing catalogue rows are not unknowns.
     */
    private static List<String> priceUnknowns(Resource r, ResourceCost cost, Machines.Machine machine) {
        Set<String> out = new LinkedHashSet<>();
        if (machine != null && machine.unknown()) out.add(machine.attribute());
        if (!r.location().known() && r.location().basis() == dev.tollgate.plan.Location.Basis.UNKNOWN) {
            out.add("region (" + r.location().detail() + ")");
        }
        if (cost != null) {
            for (String reason : cost.unpriced()) {
                if (!reason.contains("unknown until apply")) continue;
                for (String p : r.unknownPaths()) {
                    String attr = lastName(p);
                    if (attr != null && (reason.contains(attr) || reason.contains(SnakeCase.name(attr)))) out.add(SnakeCase.pointer(p));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The last non-index segment of a pointer: {@code /scaling_config/0/desired_size} is {@code desired_size}. */
    private static String lastName(String pointer) {
        String[] parts = pointer.split("/");
        for (int i = parts.length - 1; i > 0; i--) {
            if (!parts[i].chars().allMatch(Character::isDigit)) return parts[i];
        }
        return null;
    }

    /** Tag keys whose values are unknown until apply; "*" when the whole tag map is. */
    private static List<String> unknownTags(Resource r) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : r.unknownPaths()) {
            String[] parts = p.split("/", -1);
            if (parts.length < 2 || !Tagging.ATTRIBUTES.contains(SnakeCase.name(parts[1]))) continue;
            if (r.tags().containsKey(parts.length > 2 ? parts[2] : "")) continue;
            out.add(parts.length == 2 ? "*" : parts[2]);
        }
        return List.copyOf(out);
    }

    /** The first of the configured tag keys the resource carries. */
    static String tag(Map<String, String> tags, List<String> keys) {
        if (keys == null) return null;
        for (String k : keys) {
            String v = tags.get(k);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    private static ArrayNode pointers(Set<String> paths, boolean pulumi) {
        return RegionIndex.strings(paths.stream().map(p -> pulumi ? SnakeCase.pointer(p) : p).sorted().toList());
    }

    private static ObjectNode baseline(Baseline baseline, String stack, RegionIndex regions, Usage usage, PolicyConfig config) {
        ObjectNode n = F.objectNode();
        n.put("source", baseline.source());
        n.put("file", baseline.file());
        Map<String, ResourceCost> costs = byAddress(baseline.estimate());
        Map<String, Resource> byAddress = new HashMap<>();
        baseline.plan().resources().forEach(r -> byAddress.put(r.address(), r));
        Machines machines = new Machines(baseline.plan(), byAddress, usage);
        Totals totals = new Totals();
        for (Resource r : baseline.plan().resources()) {
            totals.add(resource(r, stack, costs.get(r.address()), null, machines, regions, config));
        }
        n.set("totals", totals.toJson());
        return n;
    }

    private static Map<String, ResourceCost> byAddress(Estimate estimate) {
        Map<String, ResourceCost> out = new LinkedHashMap<>();
        if (estimate != null) estimate.resources().forEach(c -> out.put(c.address(), c));
        return out;
    }

    /** Attributes holding tags or labels, snake_case. */
    static final class Tagging {
        static final Set<String> ATTRIBUTES = Set.of("tags", "tags_all", "labels", "effective_labels", "terraform_labels");
    }
}
