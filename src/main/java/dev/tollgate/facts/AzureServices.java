package dev.tollgate.facts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Managed disks, storage accounts, Managed Lustre, NAT gateways, load balancers, public IPs and Key Vault keys. */
final class AzureServices {

    private AzureServices() {}

    static void register(Map<String, Pricer> m) {
        for (String t : List.of("azurerm_managed_disk", "azure-native:compute:Disk", "azure:compute/managedDisk:ManagedDisk")) m.put(t, AzureServices::disk);
        for (String t : List.of("azurerm_storage_account", "azure-native:storage:StorageAccount", "azure:storage/account:Account")) m.put(t, AzureServices::storageAccount);
        for (String t : List.of("azurerm_managed_lustre_file_system", "azure-native:storagecache:AmlFilesystem")) m.put(t, AzureServices::lustre);
        for (String t : List.of("azurerm_nat_gateway", "azure-native:network:NatGateway", "azure:network/natGateway:NatGateway")) m.put(t, AzureServices::nat);
        for (String t : List.of("azurerm_lb", "azure-native:network:LoadBalancer", "azure:lb/loadBalancer:LoadBalancer")) m.put(t, AzureServices::loadBalancer);
        for (String t : List.of("azurerm_public_ip", "azure-native:network:PublicIPAddress", "azure:network/publicIp:PublicIp")) m.put(t, AzureServices::publicIp);
        for (String t : List.of("azurerm_public_ip_prefix", "azure-native:network:PublicIPPrefix")) m.put(t, AzureServices::publicIpPrefix);
        for (String t : List.of("azurerm_key_vault_key", "azure-native:keyvault:Key", "azure:keyvault/key:Key")) m.put(t, AzureServices::key);
    }

    /** Disk tier names and sizes in GiB: a disk is billed as the smallest tier that holds it. */
    private static final int[] TIER_SIZES = {4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32767};
    private static final String[] TIER_NUMBERS = {"1", "2", "3", "4", "6", "10", "15", "20", "30", "40", "50", "60", "70", "80"};

    static void disk(Pricing p) {
        Optional<String> type = p.requireText("storage_account_type", "storage_account_type", "sku.name");
        Double size = p.number("disk_size_gb", "disk_size_gb", "diskSizeGB");
        if (type.isEmpty()) return;
        if (size == null) {
            if (!p.isUnknown("disk_size_gb", "diskSizeGB")) p.unpriced("disk_size_gb not set (it comes from the source image or snapshot)");
            return;
        }
        managedDisk(p, "Disk", type.get(), size, BigDecimal.ONE);
    }

    /** Charges {@code count} disks of the tier that holds {@code sizeGib}: {@code Premium_LRS} 100 GiB → P10. */
    static void managedDisk(Pricing p, String label, String type, double sizeGib, BigDecimal count) {
        p.priceModel = PriceModel.ON_DEMAND;
        String letter = type.startsWith("Premium_") ? "P" : type.startsWith("StandardSSD_") ? "E" : type.startsWith("Standard_") ? "S" : null;
        if (letter == null) {
            p.lookupOne("managed-disk", type, PriceModel.ON_DEMAND)
                    .ifPresent(price -> p.charge(label + " (" + type + ", " + Pricing.plain(BigDecimal.valueOf(sizeGib)) + " GiB)",
                            Quantities.storage(BigDecimal.valueOf(sizeGib), "GiB", price), price));
            return;
        }
        int i = 0;
        while (i < TIER_SIZES.length && TIER_SIZES[i] < sizeGib) i++;
        if (i == TIER_SIZES.length) {
            p.unpriced(label + ": " + Pricing.plain(BigDecimal.valueOf(sizeGib)) + " GiB is larger than any " + type + " tier");
            return;
        }
        // Standard HDD starts at S4.
        if (letter.equals("S") && i < 3) i = 3;
        String tier = letter + TIER_NUMBERS[i];
        String sku = type + "-" + tier;
        p.assumptions.add(label + ": " + Pricing.plain(BigDecimal.valueOf(sizeGib)) + " GiB billed as tier " + tier + " (" + TIER_SIZES[i] + " GiB)");
        p.lookupOne("managed-disk", sku, PriceModel.ON_DEMAND).ifPresent(price -> p.charge(label + " (" + sku + ")", count, price));
    }

    static void storageAccount(Pricing p) {
        String tier = p.attrs.text("account_tier");
        String replication = p.attrs.text("account_replication_type");
        String skuName = p.attrs.text("sku.name");
        if (skuName != null && skuName.contains("_")) {
            tier = skuName.substring(0, skuName.indexOf('_'));
            replication = skuName.substring(skuName.indexOf('_') + 1);
        }
        String access = p.attrs.text("access_tier", "accessTier");
        if (access == null) {
            access = "Hot";
            p.assumptions.add("access_tier not set: Azure uses Hot");
        }
        if (tier == null || replication == null) {
            p.unpriced("account tier or replication type not set");
            return;
        }
        String sku = "blob-" + tier + "-" + access + "-" + replication;
        BigDecimal gb = p.usage(UsageKey.STORAGE_GB);
        p.priceModel = PriceModel.ON_DEMAND;
        p.chargeTiered("Blob storage (" + tier + " " + access + " " + replication + ")", gb, p.lookup("storage", sku, PriceModel.ON_DEMAND));
    }

    /** Azure Managed Lustre bills capacity by SKU (throughput tier); capacity is given in TiB. */
    static void lustre(Pricing p) {
        Optional<String> sku = p.requireText("sku_name", "sku_name", "sku.name");
        Double tib = p.number("storage_capacity_in_tb", "storage_capacity_in_tb", "storageCapacityTiB");
        p.priceModel = PriceModel.ON_DEMAND;
        if (sku.isEmpty()) return;
        Optional<Price> price = p.lookupOne("managed-lustre", sku.get(), PriceModel.ON_DEMAND);
        if (tib == null) {
            if (!p.isUnknown("storage_capacity_in_tb", "storageCapacityTiB")) p.unpriced("storage_capacity_in_tb not set");
            return;
        }
        price.ifPresent(pr -> p.charge("Capacity (" + sku.get() + ", " + Pricing.plain(BigDecimal.valueOf(tib)) + " TiB)",
                Quantities.storage(BigDecimal.valueOf(tib), "TiB", pr), pr));
    }

    static void nat(Pricing p) {
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal hours = p.hours();
        p.lookupOne("nat-gateway", "hour", PriceModel.ON_DEMAND).ifPresent(price -> p.charge("NAT gateway", hours, price));
        DataTransfer.processed(p, "Data processed", "nat-gateway", "data-processed");
    }

    /** Standard load balancers bill rules hourly and data processed; Basic ones were free (retired 2025). */
    static void loadBalancer(Pricing p) {
        String sku = p.attrs.text("sku", "sku.name");
        if (sku == null) {
            p.unpriced("sku not set");
            return;
        }
        p.priceModel = PriceModel.ON_DEMAND;
        if (sku.equals("Basic")) {
            p.free = true;
            p.notes.add("Basic load balancer: no charge");
            return;
        }
        BigDecimal hours = p.hours();
        p.lookupOne("load-balancer", "rules", PriceModel.ON_DEMAND).ifPresent(price -> p.charge("Load balancing rules", hours, price));
        DataTransfer.processed(p, "Data processed", "load-balancer", "data-processed");
    }

    static void publicIp(Pricing p) {
        String sku = p.attrs.text("sku", "sku.name");
        String allocation = p.attrs.text("allocation_method", "publicIPAllocationMethod");
        if (sku == null) {
            p.unpriced("sku not set");
            return;
        }
        if (allocation == null) allocation = "Static";
        String id = sku.toLowerCase(java.util.Locale.ROOT) + "-" + allocation.toLowerCase(java.util.Locale.ROOT);
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal hours = p.hours();
        String name = "Public IP (" + sku + ", " + allocation + ")";
        p.lookupOne("public-ip", id, PriceModel.ON_DEMAND).ifPresent(price -> p.charge(name, hours, price));
    }

    static void publicIpPrefix(Pricing p) {
        p.priceModel = PriceModel.ON_DEMAND;
        BigDecimal hours = p.hours();
        p.lookupOne("public-ip", "prefix", PriceModel.ON_DEMAND).ifPresent(price -> p.charge("Public IP prefix", hours, price));
    }

    /** HSM-protected keys cost a monthly fee; every key's operations are charged from usage. */
    static void key(Pricing p) {
        String type = p.attrs.text("key_type", "properties.kty");
        Double size = p.attrs.number("key_size", "properties.keySize");
        p.priceModel = PriceModel.ON_DEMAND;
        if (type == null) {
            p.unpriced("key_type not set");
            return;
        }
        boolean hsm = type.endsWith("-HSM");
        boolean rsa = type.startsWith("RSA");
        boolean large = size != null && size >= 3072;
        if (hsm) {
            String sku = !rsa ? "hsm-key-" + type.toLowerCase(java.util.Locale.ROOT)
                    : large ? "hsm-key-rsa-3072-first-250" : "hsm-key-rsa-2048";
            if (rsa && large) p.assumptions.add("priced at the rate of a vault's first 250 RSA 3072+ HSM keys");
            BigDecimal months = Quantities.months(p.hours());
            p.lookupOne("key-vault", sku, PriceModel.ON_DEMAND).ifPresent(price -> p.charge("HSM-protected key", months, price));
        }
        String ops = hsm ? "hsm-operations" : rsa && large || !rsa ? "operations-software-rsa-3072" : "operations-software-rsa-2048";
        AwsStorage.requests(p, "Key operations", "key-vault", ops, UsageKey.MONTHLY_REQUESTS);
        if (p.usage.given(UsageKey.MONTHLY_REQUESTS).isEmpty()) p.assumptions.add("no key operations priced (set monthly_requests in a usage file)");
    }
}
