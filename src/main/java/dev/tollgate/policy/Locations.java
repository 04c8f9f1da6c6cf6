package dev.tollgate.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.facts.RegionFacts;
import dev.tollgate.plan.Location;
import dev.tollgate.plan.Resource;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A resource's {@code location} in the policy input: the model's region resolution joined with the catalogue's facts. */
final class Locations {
    private Locations() {}

    static ObjectNode of(Resource r, RegionIndex regions) {
        Location loc = r.location();
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("region", loc.region());
        n.put("zone", loc.zone());
        n.put("basis", loc.basis().name().toLowerCase(Locale.ROOT));
        n.put("detail", loc.detail());
        n.put("known", loc.known());
        Optional<RegionFacts> facts = regions.facts(r.provider().id(), loc.region());
        n.put("in_catalogue", facts.isPresent());
        n.put("partition", facts.map(RegionFacts::partition).orElse(null));
        n.put("country", facts.map(RegionFacts::country).orElse(null));
        n.set("jurisdictions", RegionIndex.strings(facts.map(f -> List.copyOf(f.jurisdictions())).orElse(List.of())));
        Boolean eea = facts.map(RegionFacts::euEea).orElse(null);
        if (eea == null) n.putNull("eea"); else n.put("eea", eea);
        n.put("sovereign_offering", facts.map(RegionFacts::sovereignOffering).orElse(null));
        Optional<Double> grid = regions.grid(r.provider().id(), loc.region());
        if (grid.isPresent()) n.put("grid_gco2e_per_kwh", grid.get()); else n.putNull("grid_gco2e_per_kwh");
        return n;
    }
}
