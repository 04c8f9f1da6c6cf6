package dev.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.facts.Estimate;
import dev.tollgate.facts.ResourceCost;
import dev.tollgate.facts.Usage;
import dev.tollgate.plan.Edge;
import dev.tollgate.plan.Location;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Source;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The document every guardrail sees as {@code input} (schema: {@code policy/input.schema.json}): the normalized plan
 * with region facts joined onto each resource, its machine and GPU shape, cost and carbon estimate and unknown
 * paths; the edges; totals per stack, team, project and environment; the baseline's totals; stack metadata; now.
 *
 * <p>Everything here is a fact the policies may judge; nothing here judges. A value the plan does not know stays
 * null with the reason or pointer beside it, so a policy can say "indeterminate" instead of guessing. The document
 * is built as Rego values directly (see {@link Doc}); {@link #toJson()} gives its JSON form.
 *
 * @param document  the input itself
 * @param stack     the stack's name, where it came from, and its environment
 * @param totals    the plan's totals after apply
 * @param baseline  the baseline's totals
 * @param asOf      as-of dates of the catalogue files the estimate used ({@code oldest/newest})
 */
public record PolicyInput(Value.Obj document, StackName stack, Totals.Sum totals, Totals.Sum baseline, Map<String, String> asOf) {

    public static final String SCHEMA = "tollgate.policy.input/v1";

    /**
     * What the stack cost before this change.
     *
     * @param source   {@code prior_state} (the plan's own before-values) or {@code plan} (a plan given with --baseline)
     * @param file     the baseline plan's file, or null for the prior state
     * @param plan     the baseline as a plan
     * @param estimate its estimate
     */
    public record Baseline(String source, String file, Plan plan, Estimate estimate) {}

    /** The stack's name, where it came from ({@code config}, {@code plan}, {@code file}), and its environment. */
    public record StackName(String name, String basis, String environment) {}

    public JsonNode toJson() {
        return Values.toJson(document);
    }

    static PolicyInput build(Plan plan, Estimate estimate, Baseline baseline, RegionIndex regions, Usage usage,
                             PolicyConfig config, Instant now) {
        StackName stack = stackName(plan, config);
        Resources current = new Resources(plan, estimate, baseline.estimate(), regions, usage, config, stack.name());
        Resources before = new Resources(baseline.plan(), baseline.estimate(), null, regions, usage, config, stack.name());
        before.count();

        boolean pulumi = plan.source().tool() == Source.Tool.PULUMI;
        List<Value> edges = new ArrayList<>(plan.edges().size());
        for (Edge e : plan.edges()) {
            edges.add(Doc.object().put("from", e.from()).put("to", e.to())
                    .put("kind", e.kind().name().toLowerCase(Locale.ROOT)).put("attribute", e.attribute()).build());
        }
        List<Value> unknowns = new ArrayList<>();
        plan.unknowns().forEach(u -> unknowns.add(Doc.object().put("address", u.address())
                .put("path", pulumi ? SnakeCase.pointer(u.path()) : u.path()).build()));
        List<Value> notes = new ArrayList<>();
        plan.notes().forEach(n -> notes.add(Doc.object().put("severity", n.severity().name().toLowerCase(Locale.ROOT))
                .put("address", n.address()).put("message", n.message()).build()));

        Map<String, String> asOf = new LinkedHashMap<>();
        estimate.catalogue().forEach((file, d) -> asOf.put(file, d.oldest().equals(d.newest()) ? d.newest() : d.oldest() + "/" + d.newest()));
        Doc asOfDoc = Doc.object();
        asOf.forEach(asOfDoc::put);

        Value.Obj document = Doc.object()
                .put("schema", SCHEMA)
                .put("now", now.toString())
                .put("stack", stack(plan, stack))
                .put("resources", Doc.array(current.values()))
                .put("edges", Doc.array(edges))
                .put("unknowns", Doc.array(unknowns))
                .put("notes", Doc.array(notes))
                .put("totals", current.totals.toValue())
                .put("baseline", Doc.object().put("source", baseline.source()).put("file", baseline.file())
                        .put("totals", before.totals.toValue()).build())
                .put("catalogue", Doc.object().put("as_of", asOfDoc.build()).put("regions", regions.regions(current.providers)).build())
                .build();
        return new PolicyInput(document, stack, current.totals.all(), before.totals.all(), Map.copyOf(asOf));
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

    private static Value.Obj stack(Plan plan, StackName stack) {
        Doc vars = Doc.object();
        plan.variables().forEach((k, v) -> vars.put(k, Values.fromJson(v)));
        return Doc.object()
                .put("name", stack.name())
                .put("name_basis", stack.basis())
                .put("environment", stack.environment())
                .put("tool", plan.source().tool().name().toLowerCase(Locale.ROOT))
                .put("format", plan.source().format().name().toLowerCase(Locale.ROOT))
                .put("tool_version", plan.source().toolVersion())
                .put("file", plan.source().file())
                .put("variables", vars.build())
                .build();
    }

    /** The resources of one plan as input values, adding each to the totals as it goes. */
    private static final class Resources {
        final Totals totals = new Totals();
        final Set<String> providers = new LinkedHashSet<>();
        private final Plan plan;
        private final Map<String, ResourceCost> costs;
        private final Map<String, ResourceCost> before;
        private final RegionIndex regions;
        private final PolicyConfig config;
        private final String stack;
        private final Machines machines;
        private final boolean pulumi;

        Resources(Plan plan, Estimate estimate, Estimate baseline, RegionIndex regions, Usage usage, PolicyConfig config, String stack) {
            this.plan = plan;
            this.costs = byAddress(estimate);
            this.before = byAddress(baseline);
            this.regions = regions;
            this.config = config;
            this.stack = stack;
            Map<String, Resource> byAddress = new HashMap<>();
            plan.resources().forEach(r -> byAddress.put(r.address(), r));
            this.machines = new Machines(plan, byAddress, usage);
            this.pulumi = plan.source().tool() == Source.Tool.PULUMI;
        }

        /** Every resource as an input value; adds them to the totals. */
        List<Value> values() {
            List<Value> out = new ArrayList<>(plan.resources().size());
            for (Resource r : plan.resources()) out.add(resource(r));
            return out;
        }

        /** Adds every resource to the totals without building its input value (the baseline needs no more). */
        void count() {
            for (Resource r : plan.resources()) {
                ResourceCost cost = costs.get(r.address());
                totals.add(line(r, cost, machines.gpu(r, machines.of(r), regions)));
            }
        }

        private Totals.Line line(Resource r, ResourceCost cost, Machines.Gpu gpu) {
            return new Totals.Line(r.mode() == Resource.Mode.MANAGED && r.action() != Resource.Action.DELETE, stack,
                    tag(r.tags(), config.tags().get("team")), tag(r.tags(), config.tags().get("project")),
                    tag(r.tags(), config.tags().get("environment")), priced(r, cost),
                    cost == null ? BigDecimal.ZERO : cost.monthlyUsd(), cost == null ? BigDecimal.ZERO : cost.hourlyUsd(),
                    gpu == null ? null : gpu.count(), gpu == null ? null : gpu.gpuHours(), cost == null ? null : cost.carbonKgMonth());
        }

        private static boolean priced(Resource r, ResourceCost cost) {
            return r.mode() == Resource.Mode.DATA || (cost != null && !cost.hasUnpriced());
        }

        private Value resource(Resource r) {
            providers.add(r.provider().id());
            ResourceCost cost = costs.get(r.address());
            Machines.Machine machine = machines.of(r);
            Machines.Gpu gpu = machines.gpu(r, machine, regions);
            Totals.Line line = line(r, cost, gpu);
            totals.add(line);
            Doc tags = Doc.object();
            r.tags().forEach(tags::put);
            JsonNode values = r.values();
            Double carbon = line.carbon();

            return Doc.object()
                    .put("address", r.address())
                    .put("name", r.name())
                    .put("stack", stack)
                    .put("mode", r.mode().name().toLowerCase(Locale.ROOT))
                    .put("provider", r.provider().id())
                    .put("type", r.type())
                    .put("kind", r.kind())
                    .put("action", r.action().id())
                    .put("module", r.module())
                    .put("provider_config", r.providerConfig())
                    .put("location", Locations.of(r, regions))
                    .put("tags", tags.build())
                    .put("tags_unknown", Doc.strings(unknownTags(r)))
                    .put("team", line.team())
                    .put("project", line.project())
                    .put("environment", line.environment())
                    .put("values", values == null ? Value.Obj.EMPTY : Values.fromJson(pulumi ? SnakeCase.values(values) : values))
                    .put("unknown_paths", pointers(r.unknownPaths()))
                    .put("sensitive_paths", pointers(r.sensitivePaths()))
                    .put("machine", machine == null ? Value.NULL : machine.toValue())
                    .put("gpu", gpu == null ? Value.NULL : gpu.toValue())
                    .put("cost", cost(r, cost, line.priced(), line.monthly(), line.hourly(), machine))
                    .put("carbon", carbon == null ? Value.NULL : Doc.object().put("kg_co2e_month", carbon).put("basis", cost.carbonBasis()).build())
                    .build();
        }

        private Value.Obj cost(Resource r, ResourceCost cost, boolean priced, BigDecimal monthly, BigDecimal hourly, Machines.Machine machine) {
            ResourceCost was = before.get(r.address());
            BigDecimal baseline = was == null ? BigDecimal.ZERO : was.monthlyUsd();
            List<String> unpriced = cost != null ? cost.unpriced()
                    : r.mode() == Resource.Mode.MANAGED ? List.of("not estimated") : List.of();
            return Doc.object()
                    .put("priced", priced)
                    .put("hourly_usd", hourly)
                    .put("monthly_usd", monthly)
                    .put("price_model", cost == null ? null : cost.priceModel())
                    .put("unpriced", Doc.strings(unpriced))
                    .put("unknown", Doc.strings(priced ? List.of() : priceUnknowns(r, cost, machine)))
                    .put("baseline_monthly_usd", baseline)
                    .put("delta_monthly_usd", monthly.subtract(baseline))
                    .build();
        }

        private Value.Arr pointers(Set<String> paths) {
            return Doc.strings(paths.stream().map(p -> pulumi ? SnakeCase.pointer(p) : p).sorted().toList());
        }
    }

    /**
     * The unknown-until-apply values an unpriced resource's price hinges on: the machine type, the region, or an
     * unknown attribute the estimator's reason names. Reasons about missing catalogue rows are not unknowns.
     */
    private static List<String> priceUnknowns(Resource r, ResourceCost cost, Machines.Machine machine) {
        Set<String> out = new LinkedHashSet<>();
        if (machine != null && machine.unknown()) out.add(machine.attribute());
        if (!r.location().known() && r.location().basis() == Location.Basis.UNKNOWN) {
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
            if (parts.length < 2 || !TAG_ATTRIBUTES.contains(SnakeCase.name(parts[1]))) continue;
            if (r.tags().containsKey(parts.length > 2 ? parts[2] : "")) continue;
            out.add(parts.length == 2 ? "*" : parts[2]);
        }
        return List.copyOf(out);
    }

    /** Attributes holding tags or labels, snake_case. */
    private static final Set<String> TAG_ATTRIBUTES = Set.of("tags", "tags_all", "labels", "effective_labels", "terraform_labels");

    /** The first of the configured tag keys the resource carries. */
    static String tag(Map<String, String> tags, List<String> keys) {
        if (keys == null) return null;
        for (String k : keys) {
            String v = tags.get(k);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    private static Map<String, ResourceCost> byAddress(Estimate estimate) {
        Map<String, ResourceCost> out = new HashMap<>();
        if (estimate != null) estimate.resources().forEach(c -> out.put(c.address(), c));
        return out;
    }
}
