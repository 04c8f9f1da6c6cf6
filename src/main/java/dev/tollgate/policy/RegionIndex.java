package dev.tollgate.policy;

import dev.tollgate.facts.Catalogue;
import dev.tollgate.facts.GridIntensity;
import dev.tollgate.facts.InstanceShape;
import dev.tollgate.facts.Price;
import dev.tollgate.facts.RegionFacts;
import dev.tollgate.rego.Value;

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
    Value.Obj regions(Collection<String> providers) {
        Doc out = Doc.object();
        for (String provider : new TreeSet<>(providers)) {
            Doc byRegion = Doc.object();
            boolean any = false;
            for (RegionFacts r : catalogue.regions()) {
                if (!r.provider().equals(provider)) continue;
                byRegion.put(r.region(), facts(r));
                any = true;
            }
            if (any) out.put(provider, byRegion.build());
        }
        return out.build();
    }

    private Value.Obj facts(RegionFacts r) {
        return Doc.object()
                .put("country", r.country())
                .put("jurisdictions", Doc.strings(r.jurisdictions()))
                .put("eea", r.euEea())
                .put("partition", r.partition())
                .put("sovereign_offering", r.sovereignOffering())
                .put("grid_gco2e_per_kwh", grid(r.provider(), r.region()).orElse(null))
                .put("gpu_types", Doc.strings(gpuTypes.getOrDefault(r.provider(), Map.of()).getOrDefault(r.region(), Set.of())))
                .build();
    }
}
