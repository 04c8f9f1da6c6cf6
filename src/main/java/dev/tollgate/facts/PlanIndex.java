package dev.tollgate.facts;

import dev.tollgate.plan.Edge;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resources of a plan by address and outgoing edges by resource, for pricers that follow references. */
final class PlanIndex {

    private final Map<String, Resource> byAddress = new HashMap<>();
    private final Map<String, List<Edge>> edgesFrom = new HashMap<>();
    private final List<Resource> resources;

    PlanIndex(Plan plan) {
        resources = plan.resources();
        for (Resource r : plan.resources()) byAddress.putIfAbsent(r.address(), r);
        for (Edge e : plan.edges()) edgesFrom.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
    }

    /**
     * The resource {@code from} refers to through an attribute starting with {@code attributePrefix}
     * (so {@code launch_template} matches {@code launch_template[0].id}), restricted to the given types.
     */
    Optional<Resource> referenced(String from, String attributePrefix, List<String> types) {
        for (Edge e : edgesFrom.getOrDefault(from, List.of())) {
            String attribute = e.attribute();
            if (attribute == null || !normalize(attribute).startsWith(attributePrefix)) continue;
            Resource to = byAddress.get(e.to());
            if (to != null && types.contains(to.type())) return Optional.of(to);
        }
        return Optional.empty();
    }

    /** Attributes by which a node pool names its cluster. */
    private static final List<String> CLUSTER_ATTRIBUTES = List.of("kubernetes_cluster_id", "cluster_id", "cluster_name", "cluster",
            "clusterName", "resourceName");

    /**
     * The cluster a node pool belongs to, when the pool has no location of its own (AKS node pools live where their
     * cluster is) and the plan references a cluster whose region is known.
     */
    Optional<Resource> clusterWithRegion(String from) {
        for (Edge e : edgesFrom.getOrDefault(from, List.of())) {
            if (e.attribute() == null) continue;
            String attribute = normalize(e.attribute());
            int dot = attribute.indexOf('.');
            if (!CLUSTER_ATTRIBUTES.contains(dot < 0 ? attribute : attribute.substring(0, dot))) continue;
            Resource to = byAddress.get(e.to());
            if (to != null && to.location() != null && to.location().known()) return Optional.of(to);
        }
        return Optional.empty();
    }

    /** A resource of one of {@code types} whose attribute {@code field} equals {@code value}. */
    Optional<Resource> withAttribute(List<String> types, String field, String value) {
        for (Resource r : resources) {
            if (!types.contains(r.type()) || r.values() == null) continue;
            var v = r.values().get(field);
            if (v != null && value.equals(v.asText())) return Optional.of(r);
        }
        return Optional.empty();
    }

    // Readers may write attribute paths as launch_template[0].id, launch_template.0.id or /launch_template/0/id.
    private static String normalize(String attribute) {
        String a = attribute.startsWith("/") ? attribute.substring(1).replace('/', '.') : attribute;
        return a.replaceAll("\\[\\d+]", "").replaceAll("\\.\\d+", "");
    }
}
