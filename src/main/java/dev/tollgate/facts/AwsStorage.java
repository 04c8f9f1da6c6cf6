package dev.tollgate.facts;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** EBS volumes, S3 buckets, EFS and FSx for Lustre file systems; Terraform and Pulumi types. */
final class AwsStorage {

    private AwsStorage() {}

    static void register(Map<String, Pricer> m) {
        for (String t : List.of("aws_ebs_volume", "aws:ebs/volume:Volume")) m.put(t, AwsStorage::volume);
        for (String t : List.of("aws_s3_bucket", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")) m.put(t, AwsStorage::bucket);
        for (String t : List.of("aws_efs_file_system", "aws:efs/fileSystem:FileSystem")) m.put(t, AwsStorage::efs);
        for (String t : List.of("aws_fsx_lustre_file_system", "aws:fsx/lustreFileSystem:LustreFileSystem")) m.put(t, AwsStorage::lustre);
        for (String t : List.of("aws_s3_bucket_replication_configuration", "aws:s3/bucketReplicationConfig:BucketReplicationConfig")) {
            m.put(t, AwsStorage::replication);
        }
    }

    static void volume(Pricing p) {
        String type = p.attrs.text("type");
        if (type == null && !p.isUnknown("type")) {
            type = "gp2";
            p.assumptions.add("type not set: EBS creates gp2");
        }
        Double size = p.number("size", "size");
        if (type == null) {
            p.unpriced("type unknown until apply");
            return;
        }
        if (size == null) {
            if (!p.isUnknown("size")) p.unpriced("size not set (it comes from the snapshot)");
            return;
        }
        ebs(p, "Volume", type, BigDecimal.valueOf(size), p.attrs.number("iops"), p.attrs.number("throughput"), BigDecimal.ONE);
    }

    /** An instance's root volume and extra EBS block devices, where the plan gives both type and size. */
    static void rootAndBlockDevices(Pricing p) {
        device(p, "Root volume", p.attrs.get("root_block_device", "rootBlockDevice"));
        JsonNode devices = p.attrs.get("ebs_block_device", "ebsBlockDevices");
        if (devices != null && devices.isArray()) {
            for (JsonNode d : devices) device(p, "EBS block device " + d.path("device_name").asText(d.path("deviceName").asText("")), d);
        }
    }

    private static void device(Pricing p, String label, JsonNode node) {
        if (node == null) return;
        JsonNode d = node.isArray() ? (node.isEmpty() ? null : node.get(0)) : node;
        if (d == null) return;
        String type = Attrs.text(d, "volume_type", "volumeType");
        Double size = Attrs.number(d, "volume_size", "volumeSize");
        if (type == null || size == null) {
            p.notes.add(label.strip() + " not priced: the plan does not give its " + (type == null ? "volume_type" : "volume_size") + " (the AMI decides)");
            return;
        }
        ebs(p, label.strip(), type, BigDecimal.valueOf(size), Attrs.number(d, "iops"), Attrs.number(d, "throughput"), BigDecimal.ONE);
    }

    /** Storage plus provisioned IOPS and throughput above the free baseline, per volume type. */
    static void ebs(Pricing p, String label, String type, BigDecimal sizeGb, Double iops, Double throughput, BigDecimal count) {
        p.priceModel = PriceModel.ON_DEMAND;
        p.lookupOne("ebs", type, PriceModel.ON_DEMAND)
                .ifPresent(price -> p.charge(label + " storage (" + type + ", " + Pricing.plain(sizeGb) + " GB)", sizeGb.multiply(count), price));
        switch (type) {
            case "gp3" -> {
                if (iops != null && iops > 3000) {
                    BigDecimal extra = BigDecimal.valueOf(iops - 3000).multiply(count);
                    p.lookupOne("ebs", "gp3-iops", PriceModel.ON_DEMAND).ifPresent(price -> p.charge(label + " IOPS above 3000", extra, price));
                }
                if (throughput != null && throughput > 125) {
                    BigDecimal extra = BigDecimal.valueOf(throughput - 125).multiply(count);
                    p.lookupOne("ebs", "gp3-throughput", PriceModel.ON_DEMAND).ifPresent(price -> p.charge(label + " throughput above 125 MB/s", extra, price));
                }
            }
            case "io1", "io2" -> {
                if (iops == null) {
                    p.unpriced(label + " iops not set: " + type + " charges per provisioned IOPS");
                    return;
                }
                BigDecimal provisioned = BigDecimal.valueOf(iops);
                // io2 IOPS above 32,000 are billed in cheaper tiers the catalogue does not have.
                if (type.equals("io2") && iops > 32_000) {
                    p.unpriced("io2 IOPS above 32000 (" + Pricing.plain(provisioned) + " provisioned): no price for the higher tiers in the catalogue");
                    provisioned = BigDecimal.valueOf(32_000);
                }
                BigDecimal q = provisioned.multiply(count);
                p.lookupOne("ebs", type + "-iops", PriceModel.ON_DEMAND).ifPresent(price -> p.charge(label + " provisioned IOPS", q, price));
            }
            default -> { }
        }
    }

    static void bucket(Pricing p) {
        String storageClass = p.givenText(UsageKey.STORAGE_CLASS).orElse("STANDARD");
        if (p.usage.given(UsageKey.STORAGE_CLASS).isEmpty()) p.assumptions.add("objects stored as STANDARD (set storage_class in a usage file for lifecycle tiers)");
        BigDecimal gb = p.usage(UsageKey.STORAGE_GB);
        p.priceModel = PriceModel.ON_DEMAND;
        p.chargeTiered("Storage (" + storageClass + ")", gb, p.lookup("s3", storageClass, PriceModel.ON_DEMAND));
        String prefix = storageClass.equals("STANDARD") ? "" : storageClass + "-";
        requests(p, "PUT/COPY/POST/LIST requests", "s3", prefix + "requests-put", UsageKey.MONTHLY_PUT_REQUESTS);
        requests(p, "GET/SELECT requests", "s3", prefix + "requests-get", UsageKey.MONTHLY_GET_REQUESTS);
    }

    /** Charges request counts from usage, when the usage file gives any. */
    static void requests(Pricing p, String name, String service, String sku, UsageKey key) {
        p.givenUsage(key).filter(n -> n.signum() > 0).ifPresent(n ->
                p.lookupOne(service, sku, PriceModel.ON_DEMAND).ifPresent(price -> p.charge(name, Quantities.requests(n, price), price)));
    }

    /**
     * Replication is billed as inter-region transfer of the replicated data (the replica bucket's storage is priced
     * on that bucket); the amount comes from usage {@code monthly_inter_region_gb}, charged by {@link DataTransfer}.
     */
    static void replication(Pricing p) {
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal gb = p.usage(UsageKey.MONTHLY_INTER_REGION_GB);
        p.notes.add("replicated data is billed as inter-region transfer; the replica's storage is priced on its bucket");
        if (gb.signum() == 0) p.lookup("data-transfer", "inter-region", PriceModel.ON_DEMAND);
    }

    static void efs(Pricing p) {
        boolean oneZone = p.attrs.text("availability_zone_name", "availabilityZoneName") != null;
        String sku = oneZone ? "ONE_ZONE" : "STANDARD";
        BigDecimal gb = p.usage(UsageKey.STORAGE_GB);
        p.priceModel = PriceModel.ON_DEMAND;
        p.lookupOne("efs", sku, PriceModel.ON_DEMAND).ifPresent(price -> {
            if (gb.signum() > 0) p.charge("Storage (" + sku + ")", gb, price);
        });
        if ("provisioned".equals(p.attrs.text("throughput_mode", "throughputMode"))) {
            Double mibps = p.number("provisioned_throughput_in_mibps", "provisioned_throughput_in_mibps", "provisionedThroughputInMibps");
            if (mibps != null) {
                p.lookupOne("efs", "provisioned-throughput", PriceModel.ON_DEMAND)
                        .ifPresent(price -> p.charge("Provisioned throughput", BigDecimal.valueOf(mibps), price));
            }
        }
    }

    /**
     * FSx for Lustre bills storage capacity per GB-month at a rate set by deployment type and throughput tier;
     * the catalogue SKU is {@code DEPLOYMENT[-THROUGHPUT][-HDD]}, e.g. {@code PERSISTENT_2-125}.
     */
    static void lustre(Pricing p) {
        Double capacity = p.number("storage_capacity", "storage_capacity", "storageCapacity");
        String deployment = p.attrs.text("deployment_type", "deploymentType");
        if (deployment == null) {
            deployment = "SCRATCH_1";
            p.assumptions.add("deployment_type not set: FSx uses SCRATCH_1");
        }
        Double throughput = p.attrs.number("per_unit_storage_throughput", "perUnitStorageThroughput");
        String storageType = p.attrs.text("storage_type", "storageType");
        String sku = deployment + (throughput != null ? "-" + Pricing.plain(BigDecimal.valueOf(throughput)) : "")
                + ("HDD".equals(storageType) ? "-HDD" : "");
        p.priceModel = PriceModel.ON_DEMAND;
        Optional<Price> price = p.lookupOne("fsx-lustre", sku, PriceModel.ON_DEMAND);
        if (capacity == null) {
            if (!p.isUnknown("storage_capacity", "storageCapacity")) p.unpriced("storage_capacity not set");
            return;
        }
        price.ifPresent(pr -> p.charge("Storage capacity (" + sku + ", " + Pricing.plain(BigDecimal.valueOf(capacity)) + " GiB)",
                Quantities.storage(BigDecimal.valueOf(capacity), "GiB", pr), pr));
    }
}
