package stacks.sovereignde;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.azurenative.authorization.RoleAssignment;
import com.pulumi.azurenative.authorization.RoleAssignmentArgs;
import com.pulumi.azurenative.compute.DiskEncryptionSet;
import com.pulumi.azurenative.compute.DiskEncryptionSetArgs;
import com.pulumi.azurenative.compute.inputs.EncryptionSetIdentityArgs;
import com.pulumi.azurenative.compute.inputs.KeyForDiskEncryptionSetArgs;
import com.pulumi.azurenative.compute.inputs.SourceVaultArgs;
import com.pulumi.azurenative.keyvault.Key;
import com.pulumi.azurenative.keyvault.KeyArgs;
import com.pulumi.azurenative.keyvault.Vault;
import com.pulumi.azurenative.keyvault.VaultArgs;
import com.pulumi.azurenative.keyvault.enums.SkuFamily;
import com.pulumi.azurenative.keyvault.enums.SkuName;
import com.pulumi.azurenative.keyvault.inputs.KeyPropertiesArgs;
import com.pulumi.azurenative.keyvault.inputs.NetworkRuleSetArgs;
import com.pulumi.azurenative.keyvault.inputs.SkuArgs;
import com.pulumi.azurenative.keyvault.inputs.VaultPropertiesArgs;
import com.pulumi.azurenative.managedidentity.UserAssignedIdentity;
import com.pulumi.azurenative.managedidentity.UserAssignedIdentityArgs;
import com.pulumi.azurenative.resources.ResourceGroup;
import com.pulumi.azurenative.resources.ResourceGroupArgs;
import com.pulumi.resources.CustomResourceOptions;

import java.util.Map;

/**
 * A sovereign GPU workload in Germany: GPU scale set, HSM-backed customer-managed keys, private storage.
 * {@code main} hands {@link #stack} to Pulumi; Tollgate calls {@link #stack} directly under mocks.
 */
public final class App {
    /** Built-in role "Key Vault Crypto Service Encryption User": lets a service wrap and unwrap with the key. */
    private static final String CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6";

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    public static void stack(Context ctx) {
        var config = ctx.config();
        var azure = ctx.config("azure-native");
        var location = azure.require("location");
        var tags = Tags.from(config);
        var customerKeys = switch (config.get("keys").orElse("customer-managed")) {
            case "customer-managed" -> true;
            case "microsoft-managed" -> false;
            default -> throw new IllegalArgumentException(
                    "sovereign-de:keys must be customer-managed or microsoft-managed, got '" + config.require("keys") + "'");
        };
        var publicAccess = config.getBoolean("publicAccess").orElse(false);

        var group = new ResourceGroup("sovereign", ResourceGroupArgs.builder()
                .resourceGroupName("rg-" + ctx.projectName() + "-" + ctx.stackName())
                .location(location)
                .tags(tags)
                .build());
        var identity = new UserAssignedIdentity("workload", UserAssignedIdentityArgs.builder()
                .resourceGroupName(group.name())
                .location(location)
                .tags(tags)
                .build());

        var vaultName = "kv-sovllm-" + ctx.stackName();
        var vault = new Vault("keys", VaultArgs.builder()
                .vaultName(vaultName)
                .resourceGroupName(group.name())
                .location(location)
                .properties(VaultPropertiesArgs.builder()
                        .tenantId(azure.require("tenantId"))
                        .sku(SkuArgs.builder().family(SkuFamily.A).name(SkuName.Premium).build())
                        .enableRbacAuthorization(true)
                        .enableSoftDelete(true)
                        .softDeleteRetentionInDays(90)
                        .enablePurgeProtection(true)
                        .publicNetworkAccess(publicAccess ? "Enabled" : "Disabled")
                        .networkAcls(NetworkRuleSetArgs.builder()
                                .defaultAction(publicAccess ? "Allow" : "Deny")
                                .bypass("AzureServices")
                                .build())
                        .build())
                .tags(tags)
                .build());
        var key = new Key("data-key", KeyArgs.builder()
                .keyName("data-key")
                .vaultName(vault.name())
                .resourceGroupName(group.name())
                .properties(KeyPropertiesArgs.builder().kty("RSA-HSM").keySize(3072).build())
                .tags(tags)
                .build());
        var keyAccess = new RoleAssignment("workload-key-access", RoleAssignmentArgs.builder()
                .scope(vault.id())
                .principalId(identity.principalId())
                .principalType("ServicePrincipal")
                .roleDefinitionId("/subscriptions/" + azure.require("subscriptionId")
                        + "/providers/Microsoft.Authorization/roleDefinitions/" + CRYPTO_SERVICE_ENCRYPTION_USER)
                .build());

        var diskKeys = customerKeys
                ? new DiskEncryptionSet("gpu-disks", DiskEncryptionSetArgs.builder()
                        .resourceGroupName(group.name())
                        .location(location)
                        .encryptionType("EncryptionAtRestWithCustomerKey")
                        .identity(EncryptionSetIdentityArgs.builder()
                                .type("UserAssigned")
                                .userAssignedIdentities(identity.id().applyValue(java.util.List::of))
                                .build())
                        .activeKey(KeyForDiskEncryptionSetArgs.builder()
                                .keyUrl(key.keyUriWithVersion())
                                .sourceVault(SourceVaultArgs.builder().id(vault.id()).build())
                                .build())
                        .rotationToLatestKeyVersionEnabled(true)
                        .tags(tags)
                        .build(), CustomResourceOptions.builder().dependsOn(keyAccess).build())
                : null;

        var network = new Network("sovereign", group, location, tags);

        var gpus = GpuScaleSet.create("gpu", group, location, network.subnetId(),
                config.get("gpuSku").orElse("Standard_NC40ads_H100_v5"), config.getInteger("gpuNodes").orElse(2),
                config.get("priority").orElse("Spot"), config.require("sshPublicKey"), diskKeys, tags);

        var storage = DatasetStorage.create("datasets", group, location, identity,
                customerKeys ? new DatasetStorage.CustomerKey("https://" + vaultName + ".vault.azure.net", "data-key") : null,
                publicAccess, tags, keyAccess);

        ctx.export("resourceGroup", group.name());
        ctx.export("scaleSet", gpus.name());
        ctx.export("storageAccount", storage.name());
        ctx.export("tags", Map.copyOf(tags));
    }
}
