package dev.tollgate.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.facts.GridIntensity;
import dev.tollgate.facts.InstanceShape;
import dev.tollgate.facts.Price;
import dev.tollgate.facts.RegionFacts;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the catalogue says about places, shaped for the policy input: a region's jurisdictions, partition,
 * sovereign offering and grid intensity, and which GPU machine types it has prices for (the catalogue's notion of
 * "GPU capacity there"). Built once per catalogue; immutable afterwards.
 */
final class RegionIndex {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Catalogue catalogue;
    /** provider -> region -> GPU machine types priced there. */
    private final Map<String, Map<String, Set<String>>> gpuTypes = new HashMap<>();

    RegionIndex(Catalogue catalogue) {
        this.catalogue = catalogue;
        for (InstanceShape shape : catalogue.instances()) {
            if (!shape.hasGpus()) continue;
            for (Price p : catalogue.pricesOf(shape.provider(), Catalogue.COMPUTE, shape.instanceType())) {
                gpuTypes.computeIfAbsent(p.provider(), k -> new HashMap<>())
                        .computeIfAbsent(p.region(), k -> new TreeSet<>())
                        .add(shape.instanceType());
            }
        }
    }

    Catalogue catalogue() {
        return catalogue;
    }

    Optional<RegionFacts> facts(String provider, String region) {
        return region == null ? Optional.empty() : catalogue.region(provider, region);
    }

    Optional<Double> grid(String provider, String region) {
        return region == null ? Optional.empty() : catalogue.gridIntensity(provider, region).map(GridIntensity::gramsPerKwh);
    }

    boolean offers(String provider, String region, String machineType) {
        return gpuTypes.getOrDefault(provider, Map.of()).getOrDefault(region, Set.of()).contains(machineType);
    }

    /** Every catalogue region of the given providers, as {@code input.catalogue.regions}. */
    ObjectNode regions(Collection<String> providers) {
        ObjectNode out = F.objectNode();
        for (String provider : new TreeSet<>(providers)) {
            ObjectNode byRegion = F.objectNode();
            catalogue.regions().stream()
                    .filter(r -> r.provider().equals(provider))
                    .sorted(java.util.Comparator.comparing(RegionFacts::region))
                    .forEach(r -> byRegion.set(r.region(), facts(r)));
            if (!byRegion.isEmpty()) out.set(provider, byRegion);
        }
        return out;
    }

    private ObjectNode facts(RegionFacts r) {
        ObjectNode n = F.objectNode();
        n.put("country", r.country());
        n.set("jurisdictions", strings(r.jurisdictions()));
        if (r.euEea() == null) n.putNull("eea"); else n.put("eea", r.euEea());
        n.put("partition", r.partition());
        n.put("sovereign_offering", r.sovereignOffering());
        Optional<Double> grid = grid(r.provider(), r.region());
        if (grid.isPresent()) n.put("grid_gco2e_per_kwh", grid.get()); else n.putNull("grid_gco2e_per_kwh");
        n.set("gpu_types", strings(gpuTypes.getOrDefault(r.provider(), Map.of()).getOrDefault(r.region(), Set.of())));
        return n;
    }

    static com.fasterxml.jackson.databind.node.ArrayNode strings(Collection<String> values) {
        com.fasterxml.jackson.databind.node.ArrayNode a = F.arrayNode(values.size());
        values.forEach(a::add);
        return a;
    }
}
