package dev.tollgate.facts;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Virtual machines, scale sets, AKS clusters and node pools; Terraform (azurerm) and Pulumi types. */
final class AzureCompute {

    private AzureCompute() {}

    static void register(Map<String, Pricer> m) {
        for (String t : List.of("azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine", "azurerm_virtual_machine",
                "azure-native:compute:VirtualMachine", "azure:compute/linuxVirtualMachine:LinuxVirtualMachine",
                "azure:compute/windowsVirtualMachine:WindowsVirtualMachine")) m.put(t, AzureCompute::vm);
        for (String t : List.of("azurerm_linux_virtual_machine_scale_set", "azurerm_windows_virtual_machine_scale_set",
                "azurerm_orchestrated_virtual_machine_scale_set", "azure-native:compute:VirtualMachineScaleSet",
                "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet")) m.put(t, AzureCompute::scaleSet);
        for (String t : List.of("azurerm_kubernetes_cluster", "azure-native:containerservice:ManagedCluster",
                "azure:containerservice/kubernetesCluster:KubernetesCluster")) m.put(t, AzureCompute::aksCluster);
        for (String t : List.of("azurerm_kubernetes_cluster_node_pool", "azure-native:containerservice:AgentPool",
                "azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool")) m.put(t, AzureCompute::aksNodePool);
    }

    static void vm(Pricing p) {
        Optional<String> size = p.requireText("size", "size", "vm_size", "hardwareProfile.vmSize");
        Optional<PriceModel> model = p.purchaseOption(spot(p.attrs.text("priority")));
        windows(p);
        if (size.isPresent() && model.isPresent()) Compute.instances(p, "VM usage", size.get(), BigDecimal.ONE, model.get());
        osDisk(p, BigDecimal.ONE, "os_disk", "storage_os_disk", "storageProfile.osDisk");
    }

    static void scaleSet(Pricing p) {
        Optional<String> size = p.requireText("sku", "sku", "sku_name", "sku.name");
        Double instances = p.attrs.number("instances", "sku.capacity");
        boolean unknown = p.isUnknown("instances", "sku.capacity");
        Optional<BigDecimal> nodes = Compute.groupSize(p, "instances", instances, unknown, "instances", null, null);
        Optional<PriceModel> model = p.purchaseOption(spot(p.attrs.text("priority", "virtualMachineProfile.priority")));
        windows(p);
        if (size.isPresent() && nodes.isPresent() && model.isPresent()) {
            Compute.instances(p, "VM usage", size.get(), nodes.get(), model.get());
            osDisk(p, nodes.get(), "os_disk", "virtualMachineProfile.storageProfile.osDisk");
        }
    }

    /** The control plane by SKU tier, and the node pools declared inside the cluster resource. */
    static void aksCluster(Pricing p) {
        String tier = p.attrs.text("sku_tier", "sku.tier");
        if (tier == null || tier.equals("Free")) {
            p.notes.add("Free tier: no control-plane charge" + (tier == null ? " (sku_tier not set)" : ""));
        } else {
            BigDecimal hours = p.hours();
            String sku = tier.toLowerCase(java.util.Locale.ROOT) + "-tier";
            p.lookupOne("aks", sku, PriceModel.ON_DEMAND).ifPresent(price -> p.charge("Control plane (" + tier + " tier)", hours, price));
        }
        p.priceModel = PriceModel.ON_DEMAND;
        JsonNode defaultPool = p.attrs.get("default_node_pool");
        if (defaultPool != null) {
            JsonNode pool = defaultPool.isArray() ? defaultPool.get(0) : defaultPool;
            pool(p, "Default node pool", pool, true);
            return;
        }
        JsonNode profiles = p.attrs.get("agentPoolProfiles");
        if (profiles != null && profiles.isArray()) {
            for (JsonNode profile : profiles) {
                pool(p, "Agent pool " + profile.path("name").asText(""), profile, profiles.size() == 1);
            }
        }
    }

    static void aksNodePool(Pricing p) {
        Optional<String> size = p.requireText("vm_size", "vm_size", "vmSize");
        Double count = p.attrs.number("node_count", "count");
        boolean unknown = p.isUnknown("node_count", "count");
        Double min = p.attrs.number("min_count", "minCount");
        Double max = p.attrs.number("max_count", "maxCount");
        Optional<BigDecimal> nodes = Compute.groupSize(p, "node_count", count, unknown, "min_count", min, max);
        Optional<PriceModel> model = p.purchaseOption(spot(p.attrs.text("priority", "scaleSetPriority")));
        if (size.isPresent() && nodes.isPresent() && model.isPresent()) Compute.instances(p, "Node usage", size.get(), nodes.get(), model.get());
    }

    /** One node pool given inline, Terraform ({@code vm_size}, {@code node_count}) or Pulumi ({@code vmSize}, {@code count}). */
    private static void pool(Pricing p, String label, JsonNode pool, boolean usageApplies) {
        String size = Attrs.text(pool, "vm_size", "vmSize");
        Double count = Attrs.number(pool, "node_count", "count");
        Double min = Attrs.number(pool, "min_count", "minCount");
        Double max = Attrs.number(pool, "max_count", "maxCount");
        if (size == null) {
            p.unpriced(label + ": vm_size not set or unknown until apply");
            return;
        }
        Optional<BigDecimal> nodes;
        if (usageApplies) {
            nodes = Compute.groupSize(p, label + " node_count", count, false, "min_count", min, max);
        } else {
            p.notes.add(label + ": usage nodes is not applied to a cluster with several inline pools");
            nodes = Optional.ofNullable(count != null ? count : min).map(BigDecimal::valueOf);
            if (nodes.isEmpty()) p.unpriced(label + ": node count not set");
        }
        String priority = Attrs.text(pool, "priority", "scaleSetPriority");
        Optional<PriceModel> model = p.purchaseOption(spot(priority));
        if (nodes.isPresent() && model.isPresent()) Compute.instances(p, label, size, nodes.get(), model.get());
    }

    private static void windows(Pricing p) {
        boolean windows = p.resource.type().contains("windows") || p.resource.type().contains("Windows")
                || "Windows".equalsIgnoreCase(p.attrs.text("storageProfile.osDisk.osType", "virtualMachineProfile.storageProfile.osDisk.osType"))
                || p.attrs.get("osProfile.windowsConfiguration", "virtualMachineProfile.osProfile.windowsConfiguration") != null;
        if (windows) p.unpriced("Windows licence: the catalogue has Linux prices only, so the Windows surcharge is not priced");
    }

    private static void osDisk(Pricing p, BigDecimal count, String... paths) {
        JsonNode disk = p.attrs.get(paths);
        if (disk == null) return;
        JsonNode d = disk.isArray() ? disk.get(0) : disk;
        String type = Attrs.text(d, "storage_account_type", "managed_disk_type");
        if (type == null && d.has("managedDisk")) type = Attrs.text(d.get("managedDisk"), "storageAccountType");
        Double size = Attrs.number(d, "disk_size_gb", "diskSizeGB");
        if (type == null || size == null) {
            p.notes.add("OS disk not priced: the plan does not give its " + (type == null ? "storage account type" : "size") + " (the image decides)");
            return;
        }
        AzureServices.managedDisk(p, "OS disk", type, size, count);
    }

    private static String spot(String priority) {
        return "Spot".equalsIgnoreCase(priority) ? "priority = Spot" : null;
    }
}
