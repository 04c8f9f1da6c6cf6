package dev.tollgate.facts;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Compute Engine instances, GKE node pools and clusters; Terraform and Pulumi types. */
final class GcpCompute {

    private GcpCompute() {}

    static void register(Map<String, Pricer> m) {
        for (String t : List.of("google_compute_instance", "gcp:compute/instance:Instance")) m.put(t, GcpCompute::instance);
        for (String t : List.of("google_container_node_pool", "gcp:container/nodePool:NodePool")) m.put(t, GcpCompute::nodePool);
        for (String t : List.of("google_container_cluster", "gcp:container/cluster:Cluster")) m.put(t, GcpCompute::cluster);
        for (String t : TEMPLATES) m.put(t, Compute::template);
        for (String t : List.of("google_compute_instance_group_manager", "gcp:compute/instanceGroupManager:InstanceGroupManager",
                "google_compute_region_instance_group_manager", "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager")) {
            m.put(t, GcpCompute::instanceGroup);
        }
    }

    static void instance(Pricing p) {
        Optional<String> type = p.requireText("machine_type", "machine_type", "machineType").map(GcpCompute::lastSegment);
        Optional<PriceModel> model = p.purchaseOption(spot(p.attrs, "scheduling", "scheduling"));
        if (type.isPresent() && model.isPresent()) {
            Compute.instances(p, "Instance usage", type.get(), BigDecimal.ONE, model.get());
            accelerators(p, type.get(), BigDecimal.ONE, model.get(), "guest_accelerator", "guestAccelerators");
        }
        GcpServices.bootDisk(p);
        JsonNode scratch = p.attrs.get("scratch_disk", "scratchDisks");
        if (scratch != null && scratch.isArray() && !scratch.isEmpty()) {
            // Each local SSD partition is 375 GB.
            BigDecimal gb = BigDecimal.valueOf(375L * scratch.size());
            p.lookupOne("compute-disk", "local-ssd", PriceModel.ON_DEMAND)
                    .ifPresent(price -> p.charge("Local SSD (" + scratch.size() + " x 375 GB)", gb, price));
        }
    }

    /**
     * A node pool's counts are per zone: nodes = count x zones, the zones being {@code node_locations}, or one
     * for a zonal pool, or the usage file's {@code zones} (default 3) for a regional pool.
     */
    static void nodePool(Pricing p) {
        String type = p.attrs.text("node_config.machine_type", "nodeConfig.machineType");
        if (type == null) {
            if (p.isUnknown("node_config.machine_type", "nodeConfig.machineType")) {
                p.unpriced("node_config.machine_type unknown until apply");
            } else {
                type = "e2-medium";
                p.assumptions.add("node_config.machine_type not set: GKE uses e2-medium");
            }
        }
        BigDecimal zones = zones(p);
        Double perZone = p.attrs.number("node_count", "nodeCount");
        if (perZone == null) perZone = p.attrs.number("initial_node_count", "initialNodeCount");
        boolean unknown = p.isUnknown("node_count", "nodeCount");
        Double totalMin = p.attrs.number("autoscaling.total_min_node_count", "autoscaling.totalMinNodeCount");
        Double totalMax = p.attrs.number("autoscaling.total_max_node_count", "autoscaling.totalMaxNodeCount");
        Double min = totalMin != null ? totalMin : times(p.attrs.number("autoscaling.min_node_count", "autoscaling.minNodeCount"), zones);
        Double max = totalMax != null ? totalMax : times(p.attrs.number("autoscaling.max_node_count", "autoscaling.maxNodeCount"), zones);
        Optional<BigDecimal> nodes = Compute.groupSize(p, "node_count x zones", times(perZone, zones), unknown, "autoscaling minimum", min, max);
        Optional<PriceModel> model = p.purchaseOption(spot(p.attrs, "node_config", "nodeConfig"));
        if (type != null && nodes.isPresent() && model.isPresent()) {
            Compute.instances(p, "Node usage", type, nodes.get(), model.get());
            accelerators(p, type, nodes.get(), model.get(), "node_config.guest_accelerator", "nodeConfig.guestAccelerators");
        }
    }

    static final List<String> TEMPLATES = List.of("google_compute_instance_template", "gcp:compute/instanceTemplate:InstanceTemplate",
            "google_compute_region_instance_template", "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate");

    /** A managed instance group runs {@code target_size} VMs of its instance template's machine type. */
    static void instanceGroup(Pricing p) {
        Double target = p.attrs.number("target_size", "targetSize");
        boolean unknown = p.isUnknown("target_size", "targetSize");
        Optional<dev.tollgate.plan.Resource> template = p.plan.referenced(p.resource.address(), "version", TEMPLATES)
                .or(() -> p.plan.referenced(p.resource.address(), "instance_template", TEMPLATES));
        if (template.isEmpty()) {
            p.unpriced("machine type not found: the group's instance template is not referenced in the plan");
            return;
        }
        Attrs t = new Attrs(template.get().values(), template.get().unknownPaths());
        String type = lastSegment(t.text("machine_type", "machineType"));
        Optional<BigDecimal> nodes = Compute.groupSize(p, "target_size", target, unknown, "target_size", null, null);
        Optional<PriceModel> model = p.purchaseOption(spot(t, "scheduling", "scheduling"));
        if (type == null) {
            p.unpriced("machine_type of " + template.get().address() + " not set");
            return;
        }
        p.assumptions.add("machine type " + type + " from " + template.get().address());
        if (nodes.isPresent() && model.isPresent()) {
            Compute.instances(p, "Instance usage", type, nodes.get(), model.get());
            accelerators(p, type, nodes.get(), model.get(), t);
        }
    }

    static void cluster(Pricing p) {
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal hours = p.hours();
        p.lookupOne("gke", "cluster-management", PriceModel.ON_DEMAND).ifPresent(price -> p.charge("Cluster management fee", hours, price));
        p.notes.add("GKE's monthly free-tier credit per billing account is not deducted");
        if (p.attrs.isTrue("enable_autopilot", "enableAutopilot")) {
            p.unpriced("Autopilot bills pod vCPU, memory and GPU requests: not priced by Tollgate");
        }
        if (!p.attrs.isTrue("remove_default_node_pool", "removeDefaultNodePool")) {
            Double initial = p.attrs.number("initial_node_count", "initialNodeCount");
            if (initial != null && initial > 0) {
                p.unpriced("the default node pool (initial_node_count " + Pricing.plain(BigDecimal.valueOf(initial))
                        + ") is not priced: declare it as google_container_node_pool or set remove_default_node_pool");
            }
        }
    }

    /**
     * Accelerators attached to a machine type that has none of its own (N1 + T4) are billed per GPU-hour;
     * accelerator-optimised types (A2, A3, G2) include theirs in the machine price.
     */
    static void accelerators(Pricing p, String machineType, BigDecimal nodes, PriceModel model, String... paths) {
        accelerators(p, machineType, nodes, model, p.attrs, paths);
    }

    static void accelerators(Pricing p, String machineType, BigDecimal nodes, PriceModel model, Attrs source) {
        accelerators(p, machineType, nodes, model, source, "guest_accelerator", "guestAccelerators");
    }

    private static void accelerators(Pricing p, String machineType, BigDecimal nodes, PriceModel model, Attrs source, String... paths) {
        JsonNode list = source.get(paths);
        if (list == null || !list.isArray() || list.isEmpty()) return;
        boolean bundled = p.catalogue.instance(p.provider, machineType).map(InstanceShape::hasGpus).orElse(false);
        if (bundled) {
            p.notes.add("accelerators are part of the " + machineType + " machine price");
            return;
        }
        BigDecimal hours = p.hours();
        for (JsonNode a : list) {
            String type = lastSegment(Attrs.text(a, "type"));
            Double count = Attrs.number(a, "count");
            if (type == null || count == null) {
                p.unpriced("guest accelerator type or count not set");
                continue;
            }
            p.lookupOne("compute-accelerator", type, model).ifPresent(price ->
                    p.charge("Accelerator (" + Pricing.plain(BigDecimal.valueOf(count)) + " x " + type + ")",
                            nodes.multiply(BigDecimal.valueOf(count)).multiply(hours), price));
            p.carbon(CarbonModel.Result.unknown("no power figure for attached accelerator " + type));
        }
    }

    private static BigDecimal zones(Pricing p) {
        JsonNode locations = p.attrs.get("node_locations", "nodeLocations");
        if (locations != null && locations.isArray() && !locations.isEmpty()) return BigDecimal.valueOf(locations.size());
        String location = p.attrs.text("location");
        boolean zonal = (p.resource.location() != null && p.resource.location().zone() != null)
                || (location != null && RegionNames.regionOfZone("gcp", location).isPresent());
        if (zonal) return BigDecimal.ONE;
        BigDecimal zones = p.usage(UsageKey.ZONES);
        p.assumptions.add("regional node pool: node counts are per zone, x " + Pricing.plain(zones) + " zones");
        return zones;
    }

    private static Double times(Double perZone, BigDecimal zones) {
        return perZone == null ? null : perZone * zones.doubleValue();
    }

    /** Why the VM is spot: provisioning_model SPOT, spot = true, or preemptible (billed at spot rates). */
    private static String spot(Attrs a, String tf, String pulumi) {
        String provisioning = a.text(tf + ".provisioning_model", pulumi + ".provisioningModel");
        if ("SPOT".equalsIgnoreCase(provisioning)) return tf + ".provisioning_model = SPOT";
        if (a.isTrue(tf + ".spot", pulumi + ".spot")) return tf + ".spot = true";
        if (a.isTrue(tf + ".preemptible", pulumi + ".preemptible")) return tf + ".preemptible = true (preemptible VMs are billed at spot rates)";
        return null;
    }

    /** {@code zones/us-central1-a/machineTypes/a3-highgpu-8g} → {@code a3-highgpu-8g}. */
    static String lastSegment(String s) {
        if (s == null) return null;
        int slash = s.lastIndexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s;
    }
}
