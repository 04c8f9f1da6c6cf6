package dev.tollgate.facts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persistent disks, Cloud Storage, Filestore, Managed Lustre, Cloud NAT, forwarding rules and Cloud KMS. */
final class GcpServices {

    private GcpServices() {}

    static void register(Map<String, Pricer> m) {
        for (String t : List.of("google_compute_disk", "gcp:compute/disk:Disk")) m.put(t, GcpServices::disk);
        for (String t : List.of("google_compute_region_disk", "gcp:compute/regionDisk:RegionDisk")) m.put(t, GcpServices::regionDisk);
        for (String t : List.of("google_storage_bucket", "gcp:storage/bucket:Bucket")) m.put(t, GcpServices::bucket);
        for (String t : List.of("google_filestore_instance", "gcp:filestore/instance:Instance")) m.put(t, GcpServices::filestore);
        for (String t : List.of("google_lustre_instance", "gcp:lustre/instance:Instance")) m.put(t, GcpServices::lustre);
        for (String t : List.of("google_compute_router_nat", "gcp:compute/routerNat:RouterNat")) m.put(t, GcpServices::nat);
        for (String t : List.of("google_compute_forwarding_rule", "gcp:compute/forwardingRule:ForwardingRule",
                "google_compute_global_forwarding_rule", "gcp:compute/globalForwardingRule:GlobalForwardingRule")) m.put(t, GcpServices::forwardingRule);
        for (String t : List.of("google_kms_crypto_key", "gcp:kms/cryptoKey:CryptoKey")) m.put(t, GcpServices::kms);
    }

    static void disk(Pricing p) {
        persistentDisk(p, "");
    }

    static void regionDisk(Pricing p) {
        persistentDisk(p, "regional-");
    }

    private static void persistentDisk(Pricing p, String prefix) {
        String type = GcpCompute.lastSegment(p.attrs.text("type"));
        if (type == null) {
            type = "pd-standard";
            p.assumptions.add("type not set: Compute Engine creates pd-standard");
        }
        Double size = p.number("size", "size");
        if (size == null) {
            if (!p.isUnknown("size")) p.unpriced("size not set (it comes from the image or snapshot)");
            return;
        }
        pd(p, "Disk", prefix + type, BigDecimal.valueOf(size), p.attrs.number("provisioned_iops", "provisionedIops"));
    }

    static void pd(Pricing p, String label, String type, BigDecimal sizeGb, Double iops) {
        p.priceModel = PriceModel.ON_DEMAND;
        p.lookupOne("compute-disk", type, PriceModel.ON_DEMAND)
                .ifPresent(price -> p.charge(label + " (" + type + ", " + Pricing.plain(sizeGb) + " GB)", sizeGb, price));
        if (iops != null && (type.endsWith("pd-extreme") || type.endsWith("hyperdisk-extreme"))) {
            p.lookupOne("compute-disk", type + "-iops", PriceModel.ON_DEMAND)
                    .ifPresent(price -> p.charge(label + " provisioned IOPS", BigDecimal.valueOf(iops), price));
        }
    }

    static void bootDisk(Pricing p) {
        Double size = p.attrs.number("boot_disk.initialize_params.size", "bootDisk.initializeParams.size");
        String type = GcpCompute.lastSegment(p.attrs.text("boot_disk.initialize_params.type", "bootDisk.initializeParams.type"));
        if (size == null || type == null) {
            p.notes.add("boot disk not priced: the plan does not give its " + (size == null ? "size" : "type") + " (the image decides)");
            return;
        }
        pd(p, "Boot disk", type, BigDecimal.valueOf(size), null);
    }

    static void bucket(Pricing p) {
        String storageClass = p.givenText(UsageKey.STORAGE_CLASS).orElse(null);
        if (storageClass == null) storageClass = p.attrs.text("storage_class", "storageClass");
        if (storageClass == null) {
            storageClass = "STANDARD";
            p.assumptions.add("storage_class not set: Cloud Storage uses STANDARD");
        }
        BigDecimal gb = p.usage(UsageKey.STORAGE_GB);
        p.priceModel = PriceModel.ON_DEMAND;
        p.chargeTiered("Storage (" + storageClass + ")", gb, p.lookup("cloud-storage", storageClass, PriceModel.ON_DEMAND));
        String prefix = storageClass.equals("STANDARD") ? "" : storageClass + "-";
        AwsStorage.requests(p, "Class A operations", "cloud-storage", prefix + "class-a-operations", UsageKey.MONTHLY_PUT_REQUESTS);
        AwsStorage.requests(p, "Class B operations", "cloud-storage", prefix + "class-b-operations", UsageKey.MONTHLY_GET_REQUESTS);
    }

    static void filestore(Pricing p) {
        Optional<String> tier = p.requireText("tier", "tier");
        Double capacity = p.number("file_shares.capacity_gb", "file_shares.capacity_gb", "fileShares.capacityGb");
        p.priceModel = PriceModel.ON_DEMAND;
        if (tier.isEmpty()) return;
        Optional<Price> price = p.lookupOne("filestore", tier.get(), PriceModel.ON_DEMAND);
        if (capacity == null) {
            if (!p.isUnknown("file_shares.capacity_gb", "fileShares.capacityGb")) p.unpriced("file_shares.capacity_gb not set");
            return;
        }
        price.ifPresent(pr -> p.charge("Capacity (" + tier.get() + ")", Quantities.storage(BigDecimal.valueOf(capacity), "GiB", pr), pr));
    }

    /** Managed Lustre bills provisioned capacity at a rate per throughput tier; SKU = the tier in MB/s per TiB. */
    static void lustre(Pricing p) {
        Double capacity = p.number("capacity_gib", "capacity_gib", "capacityGib");
        Double tier = p.number("per_unit_storage_throughput", "per_unit_storage_throughput", "perUnitStorageThroughput");
        p.priceModel = PriceModel.ON_DEMAND;
        if (tier == null) {
            if (!p.isUnknown("per_unit_storage_throughput", "perUnitStorageThroughput")) p.unpriced("per_unit_storage_throughput not set");
            return;
        }
        String sku = Pricing.plain(BigDecimal.valueOf(tier));
        Optional<Price> price = p.lookupOne("managed-lustre", sku, PriceModel.ON_DEMAND);
        if (capacity == null) {
            if (!p.isUnknown("capacity_gib", "capacityGib")) p.unpriced("capacity_gib not set");
            return;
        }
        price.ifPresent(pr -> p.charge("Capacity (" + sku + " MB/s/TiB, " + Pricing.plain(BigDecimal.valueOf(capacity)) + " GiB)",
                Quantities.storage(BigDecimal.valueOf(capacity), "GiB", pr), pr));
    }

    /** Cloud NAT: a per-VM gateway charge (VMs from usage {@code nodes}) and data processed. */
    static void nat(Pricing p) {
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal hours = p.hours();
        p.lookupOne("cloud-nat", "vm-hour", PriceModel.ON_DEMAND).ifPresent(price -> {
            Optional<BigDecimal> vms = p.givenUsage(UsageKey.NODES);
            if (vms.isEmpty()) p.unpriced("number of VMs using the gateway not given (set nodes in a usage file)");
            else p.charge("Gateway (" + Pricing.plain(vms.get()) + " VMs)", vms.get().multiply(hours), price);
        });
        DataTransfer.processed(p, "Data processed", "cloud-nat", "data-processed");
    }

    static void forwardingRule(Pricing p) {
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal hours = p.hours();
        p.lookupOne("load-balancing", "forwarding-rule-first-5", PriceModel.ON_DEMAND).ifPresent(price -> {
            p.assumptions.add("priced at the rate of a project's first five forwarding rules");
            p.charge("Forwarding rule", hours, price);
        });
        DataTransfer.processed(p, "Ingress data processed", "load-balancing", "ingress-data-processed");
    }

    static void kms(Pricing p) {
        String given = p.attrs.text("version_template.protection_level", "versionTemplate.protectionLevel");
        String level = given == null ? "SOFTWARE" : given;
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal months = Quantities.months(p.hours());
        String keySku = switch (level) {
            case "SOFTWARE" -> "software-key";
            case "HSM" -> "hsm-key-first-2000";
            default -> level.toLowerCase(java.util.Locale.ROOT) + "-key";
        };
        if (level.equals("HSM")) p.assumptions.add("priced at the rate of a project's first 2000 HSM key versions");
        p.lookupOne("kms", keySku, PriceModel.ON_DEMAND).ifPresent(price -> p.charge("Key version (" + level + ")", months, price));
        String opsSku = level.equals("HSM") ? "hsm-operations" : "software-operations";
        AwsStorage.requests(p, "Key operations", "kms", opsSku, UsageKey.MONTHLY_REQUESTS);
    }
}
