package dev.tollgate.facts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the ways plans spell a location into catalogue region ids.
 * <ul>
 *   <li>AWS availability zones drop their letter ({@code eu-central-1a} → {@code eu-central-1}); Local Zones drop
 *       their suffix too ({@code us-east-1-bos-1a} → {@code us-east-1}). Zone ids such as {@code euc1-az2}
 *       cannot be mapped without the account's table and give nothing.</li>
 *   <li>GCP zones drop their letter ({@code europe-west4-b} → {@code europe-west4}); Cloud Storage locations are
 *       case-insensitive ({@code eu} → {@code EU}, {@code EUROPE-WEST4} → {@code europe-west4}).</li>
 *   <li>Azure locations may be display names ({@code West Europe} → {@code westeurope}); Azure zones are just
 *       numbers and never name a region.</li>
 * </ul>
 */
public final class RegionNames {

    private RegionNames() {}

    private static final Pattern AWS_ZONE = Pattern.compile("([a-z]{2,4}(?:-[a-z]+)+-\\d+)(?:-[a-z]+-\\d+)?[a-z]");
    private static final Pattern GCP_ZONE = Pattern.compile("([a-z]+(?:-[a-z]+)*\\d+)-[a-z]");

    /** The region a zone belongs to, when the zone's name says so. */
    public static Optional<String> regionOfZone(String provider, String zone) {
        if (zone == null || zone.isBlank()) return Optional.empty();
        String z = zone.strip().toLowerCase(Locale.ROOT);
        return switch (provider) {
            case "aws" -> group(AWS_ZONE.matcher(z));
            case "gcp" -> group(GCP_ZONE.matcher(z));
            case "azure" -> Optional.empty();
            default -> group(AWS_ZONE.matcher(z)).or(() -> group(GCP_ZONE.matcher(z)));
        };
    }

    /** The catalogue spelling of a region as a plan or user wrote it. */
    public static String canonical(String provider, String region) {
        String r = region.strip();
        return switch (provider) {
            case "azure" -> r.toLowerCase(Locale.ROOT).replace(" ", "");
            case "gcp" -> isGcsMultiRegion(r) ? r.toUpperCase(Locale.ROOT) : r.toLowerCase(Locale.ROOT);
            default -> r.toLowerCase(Locale.ROOT);
        };
    }

    private static boolean isGcsMultiRegion(String r) {
        return r.equalsIgnoreCase("EU") || r.equalsIgnoreCase("US") || r.equalsIgnoreCase("ASIA");
    }

    private static Optional<String> group(Matcher m) {
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
