package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides where a resource lives. In order: its own attributes ({@code region}, {@code location},
 * {@code availability_zone}/{@code zone}, an AWS ARN), then the provider configuration it uses (which the
 * reader resolves and passes in), and otherwise {@link Location#unknown} with the reason. It never guesses a
 * default: a region the plan does not determine stays visibly unknown.
 */
public final class RegionResolver {
    private RegionResolver() {}

    /**
     * What the resolver needs to know about one resource.
     *
     * @param family       cloud family, which decides how names are normalized
     * @param type         the native type, for messages
     * @param values       the resource's values after the change (or before, for a delete)
     * @param unknownPaths JSON pointers of values known only after apply
     * @param configured   attribute names the user set in configuration, or null when the plan carries no configuration
     * @param global       the catalogue says this type has no region by nature
     * @param provider     where the resource's provider configuration points (may be unknown, with its reason)
     */
    public record Facts(Resource.Provider family, String type, JsonNode values, Set<String> unknownPaths, Set<String> configured,
                        boolean global, Location provider) {}

    private static final List<String> REGION_ATTRIBUTES = List.of("region", "location");
    private static final List<String> ZONE_ATTRIBUTES = List.of("availability_zone", "availabilityZone", "zone");
    // Two letters for most partitions, four for the European Sovereign Cloud (eusc-de-east-1).
    private static final Pattern AWS_REGION = Pattern.compile("^([a-z]{2,4}(?:-[a-z]+)+-\\d+)");
    private static final Pattern GCP_ZONE = Pattern.compile("^([a-z]+-[a-z]+\\d+)-([a-z])$");

    public static Location resolve(Facts f) {
        if (f.global()) return new Location(null, null, Location.Basis.GLOBAL, f.type() + " has no region by nature");
        Location own = fromAttributes(f.family(), f.values());
        if (own != null) return own;

        String pending = unknownRegionAttribute(f.unknownPaths());
        if (pending != null && f.configured() != null && f.configured().contains(pending.substring(1))) {
            // The user set the region on the resource itself, to something only known after apply:
            // the provider's region does not apply.
            return Location.unknown(pending + " is set in configuration but only known after apply");
        }
        if (f.provider() != null && f.provider().known()) return f.provider();
        if (f.family() == Resource.Provider.KUBERNETES) {
            return Location.unknown("Kubernetes objects run in whichever cluster the provider points at; the plan does not say where it is");
        }
        String why = f.provider() != null ? f.provider().detail() : "no provider configuration";
        if (pending != null) return Location.unknown(pending + " is only known after apply, and " + why);
        return Location.unknown("no region attribute, and " + why);
    }

    /** Region from the resource's own attributes, or null when they say nothing. */
    public static Location fromAttributes(Resource.Provider family, JsonNode values) {
        if (values == null || !values.isObject()) return null;
        String regionAttr = null, region = null;
        for (String a : REGION_ATTRIBUTES) {
            String v = text(values, a);
            if (v != null) { regionAttr = a; region = v; break; }
        }
        String zoneAttr = null, zone = null;
        for (String a : ZONE_ATTRIBUTES) {
            String v = text(values, a);
            if (v != null) { zoneAttr = a; zone = v; break; }
        }
        if (region != null) {
            if (region.equalsIgnoreCase("global")) {
                return new Location(null, null, Location.Basis.GLOBAL, "/" + regionAttr + " = global");
            }
            String[] rz = split(family, region);
            String z = rz[1] != null ? rz[1] : zone;
            return new Location(rz[0], z, Location.Basis.ATTRIBUTE,
                    "/" + regionAttr + (z != null && zoneAttr != null && rz[1] == null ? ", /" + zoneAttr : ""));
        }
        if (zone != null) {
            String r = regionOfZone(zone);
            if (r != null) return new Location(r, zone, Location.Basis.ATTRIBUTE, "/" + zoneAttr);
        }
        String arn = text(values, "arn");
        if (arn != null && arn.startsWith("arn:")) {
            String[] parts = arn.split(":", 6);
            if (parts.length > 4 && !parts[3].isEmpty()) return new Location(parts[3], null, Location.Basis.ATTRIBUTE, "/arn");
        }
        return null;
    }

    /** The region a zone belongs to: {@code eu-central-1a} to {@code eu-central-1}, {@code europe-west4-b} to {@code europe-west4}. */
    public static String regionOfZone(String zone) {
        String z = zone.trim().toLowerCase(Locale.ROOT);
        Matcher gcp = GCP_ZONE.matcher(z);
        if (gcp.matches()) return gcp.group(1);
        Matcher aws = AWS_REGION.matcher(z);
        if (aws.find() && aws.end() < z.length()) return aws.group(1);
        return null;
    }

    /** Normalizes a region attribute, splitting off a zone when the value names one (GCP locations often do). */
    private static String[] split(Resource.Provider family, String value) {
        String v = value.trim();
        switch (family) {
            case AZURE:
                return new String[]{v.toLowerCase(Locale.ROOT).replace(" ", ""), null};
            case GCP: {
                v = v.toLowerCase(Locale.ROOT);
                Matcher zone = GCP_ZONE.matcher(v);
                return zone.matches() ? new String[]{zone.group(1), v} : new String[]{v, null};
            }
            case AWS:
                return new String[]{v.toLowerCase(Locale.ROOT), null};
            default:
                return new String[]{v, null};
        }
    }

    private static String unknownRegionAttribute(Set<String> unknownPaths) {
        for (String a : REGION_ATTRIBUTES) if (unknownPaths.contains("/" + a)) return "/" + a;
        for (String a : ZONE_ATTRIBUTES) if (unknownPaths.contains("/" + a)) return "/" + a;
        return null;
    }

    private static String text(JsonNode values, String attribute) {
        JsonNode v = values.get(attribute);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
