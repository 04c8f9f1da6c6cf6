package dev.tollgate.facts;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where a region is and under whose law ({@code regions.csv}).
 *
 * @param provider          aws, gcp or azure
 * @param partition         {@code aws}, {@code aws-eusc}, {@code aws-us-gov}, {@code aws-cn}, {@code azure-us-gov}, {@code gcp-s3ns}...
 * @param region            the provider's region id
 * @param displayName       the provider's description
 * @param country           ISO 3166 alpha-2 country, or null when no source states it
 * @param city              city when a source names one, else null
 * @param jurisdiction      {@code EU} for EU member states, else the country; null when unknown
 * @param euEea             true inside the EU/EEA, null when unknown
 * @param sovereignOffering name of the sovereign or government offering the region belongs to, or null
 * @param asOf              as-of date
 * @param source            source
 * @param origin            catalogue file and line
 */
public record RegionFacts(
        String provider,
        String partition,
        String region,
        String displayName,
        String country,
        String city,
        String jurisdiction,
        Boolean euEea,
        String sovereignOffering,
        LocalDate asOf,
        String source,
        Origin origin) {

    /** Every jurisdiction a policy may match: the country and, for EU member states, {@code EU} too. */
    public Set<String> jurisdictions() {
        Set<String> out = new LinkedHashSet<>();
        if (country != null) out.add(country);
        if (jurisdiction != null) out.add(jurisdiction);
        return out;
    }

    public boolean sovereign() {
        return sovereignOffering != null;
    }
}
