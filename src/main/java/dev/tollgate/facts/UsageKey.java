package dev.tollgate.facts;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a usage file may say about a resource: the things a plan cannot know. Each key has a built-in default,
 * used (and shown as an assumption) when neither the resource's entry nor the file's {@code defaults} give it.
 */
public enum UsageKey {
    /** Hours per month the resource runs; a month is 730 hours. */
    MONTHLY_HOURS("monthly_hours", 730.0, "hours"),
    /** Node count of a group, overriding its desired size. */
    NODES("nodes", null, "nodes"),
    /** Zones a regional GKE node pool spans, when the plan does not list node_locations. */
    ZONES("zones", 3.0, "zones"),
    /** Data stored in a bucket or file system. */
    STORAGE_GB("storage_gb", 0.0, "GB"),
    /** Data sent to the internet. */
    MONTHLY_EGRESS_GB("monthly_egress_gb", 0.0, "GB"),
    /** Data sent to other regions of the same provider. */
    MONTHLY_INTER_REGION_GB("monthly_inter_region_gb", 0.0, "GB"),
    /** Data sent across zones of the same region. */
    MONTHLY_INTER_ZONE_GB("monthly_inter_zone_gb", 0.0, "GB"),
    /** Data through a NAT gateway or load balancer. */
    MONTHLY_DATA_PROCESSED_GB("monthly_data_processed_gb", 0.0, "GB"),
    /** API requests or key operations (KMS, Key Vault). */
    MONTHLY_REQUESTS("monthly_requests", 0.0, "requests"),
    /** Write-class object storage requests (S3 PUT/COPY/POST/LIST, GCS class A). */
    MONTHLY_PUT_REQUESTS("monthly_put_requests", 0.0, "requests"),
    /** Read-class object storage requests (S3 GET/SELECT, GCS class B). */
    MONTHLY_GET_REQUESTS("monthly_get_requests", 0.0, "requests"),
    /** Average load balancer capacity units over the month. */
    AVERAGE_LCUS("average_lcus", 0.0, "LCU"),
    /** Average CPU and accelerator utilisation, 0..1, for the carbon estimate (CCF's default is 50%). */
    UTILIZATION("utilization", 0.5, ""),
    /** Purchase option: reserved or committed capacity the plan cannot show ({@link PriceModel} ids). */
    PRICE_MODEL("price_model", null, ""),
    /** Object storage class when the plan leaves it to lifecycle rules (S3 STANDARD_IA, GCS NEARLINE...). */
    STORAGE_CLASS("storage_class", null, "");

    private final String id;
    private final Double builtIn;
    private final String unit;

    UsageKey(String id, Double builtIn, String unit) {
        this.id = id;
        this.builtIn = builtIn;
        this.unit = unit;
    }

    public String id() {
        return id;
    }

    /** The built-in default, or null when there is none (the estimator then uses what the plan says). */
    public Double builtIn() {
        return builtIn;
    }

    public String unit() {
        return unit;
    }

    public boolean textual() {
        return this == PRICE_MODEL || this == STORAGE_CLASS;
    }

    public static Optional<UsageKey> parse(String id) {
        for (UsageKey k : values()) if (k.id.equals(id)) return Optional.of(k);
        return Optional.empty();
    }

    public static String ids() {
        return Arrays.stream(values()).map(UsageKey::id).collect(Collectors.joining(", "));
    }
}
