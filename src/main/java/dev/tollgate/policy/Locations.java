package dev.tollgate.policy;

import dev.tollgate.facts.RegionFacts;
import dev.tollgate.plan.Location;
import dev.tollgate.plan.Resource;
import dev.tollgate.rego.Value;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A resource's {@code location} in the policy input: the model's region resolution joined with the catalogue's facts. */
final class Locations {
    private Locations() {}

    static Value.Obj of(Resource r, RegionIndex regions) {
        Location loc = r.location();
        Optional<RegionFacts> facts = regions.facts(r.provider().id(), loc.region());
        return Doc.object()
                .put("region", loc.region())
                .put("zone", loc.zone())
                .put("basis", loc.basis().name().toLowerCase(Locale.ROOT))
                .put("detail", loc.detail())
                .put("known", loc.known())
                .put("in_catalogue", facts.isPresent())
                .put("partition", facts.map(RegionFacts::partition).orElse(null))
                .put("country", facts.map(RegionFacts::country).orElse(null))
                .put("jurisdictions", Doc.strings(facts.map(f -> List.copyOf(f.jurisdictions())).orElse(List.of())))
                .put("eea", facts.map(RegionFacts::euEea).orElse(null))
                .put("sovereign_offering", facts.map(RegionFacts::sovereignOffering).orElse(null))
                .put("grid_gco2e_per_kwh", regions.grid(r.provider().id(), loc.region()).orElse(null))
                .build();
    }
}
