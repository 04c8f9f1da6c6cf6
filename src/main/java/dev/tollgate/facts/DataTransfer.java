package dev.tollgate.facts;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Data a resource sends, from its usage entry: internet egress (tiered), inter-region and inter-zone transfer.
 * A plan never says how much data moves, so this is priced only when the usage file gives a figure.
 */
final class DataTransfer {

    private DataTransfer() {}

    private static final Set<String> GCS_TYPES = Set.of("google_storage_bucket", "gcp:storage/bucket:Bucket");

    static void apply(Pricing p) {
        p.givenUsage(UsageKey.MONTHLY_EGRESS_GB).filter(gb -> gb.signum() > 0).ifPresent(gb -> {
            // Cloud Storage has its own egress rates; other GCP resources use the network's.
            String service = GCS_TYPES.contains(p.resource.type()) ? "cloud-storage" : "data-transfer";
            p.chargeTiered("Internet egress", gb, p.lookup(service, "internet-egress", PriceModel.ON_DEMAND));
        });
        p.givenUsage(UsageKey.MONTHLY_INTER_REGION_GB).filter(gb -> gb.signum() > 0).ifPresent(gb ->
                p.lookupOne("data-transfer", "inter-region", PriceModel.ON_DEMAND)
                        .ifPresent(price -> p.charge("Inter-region data transfer", gb, price)));
        p.givenUsage(UsageKey.MONTHLY_INTER_ZONE_GB).filter(gb -> gb.signum() > 0).ifPresent(gb ->
                p.lookupOne("data-transfer", "inter-zone", PriceModel.ON_DEMAND)
                        .ifPresent(price -> p.charge("Inter-zone data transfer", gb, price)));
    }

    /** Charges a usage-driven GB quantity (data processed) when positive; looks the price up either way. */
    static void processed(Pricing p, String name, String service, String sku) {
        BigDecimal gb = p.usage(UsageKey.MONTHLY_DATA_PROCESSED_GB);
        p.lookupOne(service, sku, PriceModel.ON_DEMAND).ifPresent(price -> {
            if (gb.signum() > 0) p.charge(name, gb, price);
        });
    }
}
