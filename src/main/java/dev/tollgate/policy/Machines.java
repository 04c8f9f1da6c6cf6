package dev.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.facts.InstanceShape;
import dev.tollgate.facts.Usage;
import dev.tollgate.facts.UsageKey;
import dev.tollgate.plan.Edge;
import dev.tollgate.plan.GpuTypes;
import dev.tollgate.plan.KindCatalog;
import dev.tollgate.plan.Kinds;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Source;
import dev.tollgate.rego.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine type of compute resources and the GPUs it brings: the type from the attributes the kind catalogue
 * names (or the launch template a node group uses), the GPU shape from the facts catalogue, and the node count
 * from the usage file, the desired size, or the minimum, the order the estimator prices them in.
 */
final class Machines {

    private static final KindCatalog KINDS = KindCatalog.standard();

    /** Where node groups, pools and scale sets say how many nodes they run, most telling first (snake_case). */
    private static final List<String> DESIRED = List.of(
            "scaling_config.desired_size", "desired_capacity", "desired_size", "node_count", "initial_node_count",
            "sku.capacity", "instance_count", "target_size");
    private static final List<String> MINIMUM = List.of(
            "scaling_config.min_size", "min_size", "autoscaling.min_node_count", "autoscaling.total_min_node_count", "min_count");

    /**
     * @param type      the type the estimate uses (the first of several); null when unknown or unset
     * @param attribute JSON pointer (snake_case) of the attribute that holds it
     * @param unknown   the type is only known after apply
     */
    record Machine(String type, List<String> types, String attribute, boolean unknown) {
        Value.Obj toValue() {
            return Doc.object().put("type", type).put("types", Doc.strings(types)).put("attribute", attribute)
                    .put("unknown", unknown).build();
        }
    }

    private final Map<String, Resource> byAddress;
    private final Map<String, List<Edge>> uses = new HashMap<>();
    private final Usage usage;
    private final boolean pulumi;

    Machines(Plan plan, Map<String, Resource> byAddress, Usage usage) {
        this.byAddress = byAddress;
        this.usage = usage;
        this.pulumi = plan.source().tool() == Source.Tool.PULUMI;
        plan.edges().forEach(e -> uses.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e));
    }

    boolean pulumi() {
        return pulumi;
    }

    /** The machine of a compute resource, or null for resources without one. */
    Machine of(Resource r) {
        KindCatalog.Entry entry = KINDS.lookup(r.type());
        if (entry.machineTypes().isEmpty()) return null;
        Machine own = own(r, entry);
        if (own.type() != null || own.unknown()) return own;
        for (Edge e : uses.getOrDefault(r.address(), List.of())) {
            Resource t = byAddress.get(e.to());
            if (t == null || !Kinds.COMPUTE_LAUNCH_TEMPLATE.equals(t.kind())) continue;
            Machine m = own(t, KINDS.lookup(t.type()));
            if (m.type() != null || m.unknown()) {
                String via = e.attribute() != null ? "/" + (pulumi ? SnakeCase.name(e.attribute()) : e.attribute()).replace('.', '/') : "/launch_template";
                return new Machine(m.type(), m.types(), via, m.unknown());
            }
        }
        return own;
    }

    private Machine own(Resource r, KindCatalog.Entry entry) {
        List<String> types = KINDS.machineTypes(entry, r.values());
        String firstPath = entry.machineTypes().isEmpty() ? "machine_type" : entry.machineTypes().get(0);
        if (!types.isEmpty()) return new Machine(types.get(0), List.copyOf(types), pointerOf(r, firstPath), false);
        for (String path : entry.machineTypes()) {
            String unknown = unknownAt(r, path);
            if (unknown != null) return new Machine(null, List.of(), unknown, true);
        }
        return new Machine(null, List.of(), pointerOf(r, firstPath), false);
    }

    /**
     * The GPUs a resource brings: {@code gpu} in the input.
     *
     * @param perInstance GPUs per node from the catalogue shape (or attached accelerators); null for an unknown shape
     * @param instances   node count, null when the plan does not tell it
     * @param offered     the catalogue prices this machine type in the resource's region; null when the region is unknown
     * @param unknown     pointers (or reasons) of what the count depends on and the plan does not give
     */
    record Gpu(String model, Integer perInstance, Long instances, Long count, Double memoryGib, BigDecimal hours,
               BigDecimal gpuHours, Boolean offered, List<String> unknown) {
        Value.Obj toValue() {
            return Doc.object().put("model", model).put("per_instance", perInstance).put("instances", instances)
                    .put("count", count).put("memory_gib", memoryGib).put("hours_month", hours).put("gpu_hours_month", gpuHours)
                    .put("offered_in_region", offered).put("unknown", Doc.strings(unknown)).build();
        }
    }

    /** The GPUs of a resource, or null when it brings none (launch templates launch nothing themselves). */
    Gpu gpu(Resource r, Machine machine, RegionIndex regions) {
        if (Kinds.COMPUTE_LAUNCH_TEMPLATE.equals(r.kind()) || r.mode() != Resource.Mode.MANAGED) return null;
        String model = null;
        Integer perInstance = null;
        Double memory = null;
        Optional<InstanceShape> shape = machine == null || machine.type() == null ? Optional.empty()
                : regions.catalogue().instance(r.provider().id(), machine.type());
        JsonNode accelerators = accelerators(r);
        if (shape.isPresent() && shape.get().hasGpus()) {
            model = shape.get().gpuModel();
            perInstance = shape.get().gpuCount();
            memory = shape.get().gpuMemoryGib();
        } else if (accelerators != null) {
            perInstance = accelerators.asInt();
        } else if (machine == null || machine.type() == null || !GpuTypes.isGpu(machine.type())) {
            return null;
        }
        List<String> unknown = new ArrayList<>();
        if (perInstance == null) unknown.add("catalogue: no GPU shape for " + machine.type());
        Long instances = instances(r, unknown);
        Long count = perInstance == null || instances == null ? null : perInstance * instances;
        BigDecimal hours = BigDecimal.valueOf(usage.forAddress(r.address()).get(UsageKey.MONTHLY_HOURS).orElseThrow().number());
        Boolean offered = r.location().known() && machine != null && machine.type() != null
                ? regions.offers(r.provider().id(), r.location().region(), machine.type()) : null;
        return new Gpu(model, perInstance, instances, count, memory, hours,
                count == null ? null : hours.multiply(BigDecimal.valueOf(count)), offered, List.copyOf(unknown));
    }

    /** Node count: the usage file's nodes, else the desired size, else the minimum; 1 for a single instance. */
    private Long instances(Resource r, List<String> unknown) {
        Optional<Usage.Value> nodes = usage.forAddress(r.address()).given(UsageKey.NODES);
        if (nodes.isPresent()) return nodes.get().number().longValue();
        if (Kinds.COMPUTE_INSTANCE.equals(r.kind())) return 1L;
        for (List<String> paths : List.of(DESIRED, MINIMUM)) {
            for (String path : paths) {
                JsonNode v = at(values(r), path);
                if (v != null && v.isNumber()) return v.asLong();
                String pending = unknownAt(r, path);
                if (pending != null && paths == DESIRED) {
                    unknown.add(pending);
                    return null;
                }
            }
        }
        unknown.add("no node count in the plan (give nodes in a usage file)");
        return null;
    }

    /** An attached accelerator count (GCP guest_accelerator), when the kind catalogue names one and it is positive. */
    private JsonNode accelerators(Resource r) {
        for (String path : KINDS.lookup(r.type()).accelerators()) {
            JsonNode v = at(values(r), pulumi ? SnakeCase.name(path) : path);
            if (v != null && v.isNumber() && v.asInt() > 0) return v;
        }
        return null;
    }

    private JsonNode values(Resource r) {
        JsonNode v = r.values();
        return pulumi ? SnakeCase.values(v) : v;
    }

    /** The value at a dotted path, stepping into the first element of arrays (Terraform blocks). */
    static JsonNode at(JsonNode root, String dotted) {
        JsonNode n = root;
        for (String segment : dotted.split("\\.")) {
            if (n == null) return null;
            if (n.isArray()) n = n.isEmpty() ? null : n.get(0);
            if (n == null) return null;
            n = n.get(segment);
        }
        if (n != null && n.isArray() && !n.isEmpty() && !n.get(0).isContainerNode()) return n.get(0);
        return n == null || n.isNull() ? null : n;
    }

    /** The snake_case pointer of an unknown value at or above a dotted path, or null when it is known. */
    private String unknownAt(Resource r, String dotted) {
        String want = (pulumi ? SnakeCase.name(dotted) : dotted);
        for (String p : r.unknownPaths()) {
            String pointer = pulumi ? SnakeCase.pointer(p) : p;
            String names = dotted(pointer);
            if (want.equals(names) || want.startsWith(names + ".") || names.startsWith(want + ".")) return pointer;
        }
        return null;
    }

    /** A pointer as a dotted path of names, array indexes dropped: {@code /scaling_config/0/desired_size}. */
    private static String dotted(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty() || part.chars().allMatch(Character::isDigit)) continue;
            if (!out.isEmpty()) out.append('.');
            out.append(part);
        }
        return out.toString();
    }

    private String pointerOf(Resource r, String dotted) {
        return "/" + (pulumi ? SnakeCase.name(dotted) : dotted).replace('.', '/');
    }
}
