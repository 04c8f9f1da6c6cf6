package stacks.sovereignde;

import com.pulumi.azurenative.compute.DiskEncryptionSet;
import com.pulumi.azurenative.compute.VirtualMachineScaleSet;
import com.pulumi.azurenative.compute.VirtualMachineScaleSetArgs;
import com.pulumi.azurenative.compute.inputs.ApiEntityReferenceArgs;
import com.pulumi.azurenative.compute.inputs.BillingProfileArgs;
import com.pulumi.azurenative.compute.inputs.DiskEncryptionSetParametersArgs;
import com.pulumi.azurenative.compute.inputs.ImageReferenceArgs;
import com.pulumi.azurenative.compute.inputs.LinuxConfigurationArgs;
import com.pulumi.azurenative.compute.inputs.SecurityProfileArgs;
import com.pulumi.azurenative.compute.inputs.SkuArgs;
import com.pulumi.azurenative.compute.inputs.SshConfigurationArgs;
import com.pulumi.azurenative.compute.inputs.SshPublicKeyArgs;
import com.pulumi.azurenative.compute.inputs.UpgradePolicyArgs;
import com.pulumi.azurenative.compute.inputs.VirtualMachineScaleSetIPConfigurationArgs;
import com.pulumi.azurenative.compute.inputs.VirtualMachineScaleSetManagedDiskParametersArgs;
import com.pulumi.azurenative.compute.inputs.VirtualMachineScaleSetNetworkConfigurationArgs;
import com.pulumi.azurenative.compute.inputs.VirtualMachineScaleSetNetworkProfileArgs;
import com.pulumi.azurenative.compute.inputs.VirtualMachineScaleSetOSDiskArgs;
import com.pulumi.azurenative.compute.inputs.VirtualMachineScaleSetOSProfileArgs;
import com.pulumi.azurenative.compute.inputs.VirtualMachineScaleSetStorageProfileArgs;
import com.pulumi.azurenative.compute.inputs.VirtualMachineScaleSetVMProfileArgs;
import com.pulumi.azurenative.compute.enums.UpgradeMode;
import com.pulumi.azurenative.resources.ResourceGroup;
import com.pulumi.core.Output;

import java.util.Map;

/** The GPU scale set: Ubuntu HPC image, no public IPs, OS disks on the customer key when there is one. */
final class GpuScaleSet {
    private GpuScaleSet() {}

    static VirtualMachineScaleSet create(String name, ResourceGroup group, String location, Output<String> subnetId,
                                         String sku, int nodes, String priority, String sshPublicKey,
                                         DiskEncryptionSet diskKeys, Map<String, String> tags) {
        var managedDisk = VirtualMachineScaleSetManagedDiskParametersArgs.builder().storageAccountType("Premium_LRS");
        if (diskKeys != null) {
            managedDisk.diskEncryptionSet(DiskEncryptionSetParametersArgs.builder().id(diskKeys.id()).build());
        }

        var profile = VirtualMachineScaleSetVMProfileArgs.builder()
                .priority(priority)
                .storageProfile(VirtualMachineScaleSetStorageProfileArgs.builder()
                        .imageReference(ImageReferenceArgs.builder()
                                .publisher("microsoft-dsvm").offer("ubuntu-hpc").sku("2204").version("latest").build())
                        .osDisk(VirtualMachineScaleSetOSDiskArgs.builder()
                                .createOption("FromImage")
                                .diskSizeGB(256)
                                .managedDisk(managedDisk.build())
                                .build())
                        .build())
                .osProfile(VirtualMachineScaleSetOSProfileArgs.builder()
                        .computerNamePrefix("gpu")
                        .adminUsername("azureuser")
                        .linuxConfiguration(LinuxConfigurationArgs.builder()
                                .disablePasswordAuthentication(true)
                                .ssh(SshConfigurationArgs.builder().publicKeys(SshPublicKeyArgs.builder()
                                        .path("/home/azureuser/.ssh/authorized_keys")
                                        .keyData(sshPublicKey)
                                        .build()).build())
                                .build())
                        .build())
                .networkProfile(VirtualMachineScaleSetNetworkProfileArgs.builder()
                        .networkInterfaceConfigurations(VirtualMachineScaleSetNetworkConfigurationArgs.builder()
                                .name("gpu-nic")
                                .primary(true)
                                .enableAcceleratedNetworking(true)
                                .ipConfigurations(VirtualMachineScaleSetIPConfigurationArgs.builder()
                                        .name("internal")
                                        .subnet(ApiEntityReferenceArgs.builder().id(subnetId).build())
                                        .build())
                                .build())
                        .build())
                .securityProfile(SecurityProfileArgs.builder().encryptionAtHost(true).build());
        if ("Spot".equals(priority)) {
            // Pay at most the on-demand price; evicted VMs are removed rather than left holding disks.
            profile.evictionPolicy("Delete").billingProfile(BillingProfileArgs.builder().maxPrice(-1.0).build());
        }

        return new VirtualMachineScaleSet(name, VirtualMachineScaleSetArgs.builder()
                .resourceGroupName(group.name())
                .location(location)
                .sku(SkuArgs.builder().name(sku).tier("Standard").capacity((double) nodes).build())
                .orchestrationMode("Uniform")
                .overprovision(false)
                .upgradePolicy(UpgradePolicyArgs.builder().mode(UpgradeMode.Manual).build())
                .virtualMachineProfile(profile.build())
                .tags(tags)
                .build());
    }
}
