package stacks.sovereignde;

import com.pulumi.azurenative.authorization.RoleAssignment;
import com.pulumi.azurenative.managedidentity.UserAssignedIdentity;
import com.pulumi.azurenative.resources.ResourceGroup;
import com.pulumi.azurenative.storage.BlobContainer;
import com.pulumi.azurenative.storage.BlobContainerArgs;
import com.pulumi.azurenative.storage.StorageAccount;
import com.pulumi.azurenative.storage.StorageAccountArgs;
import com.pulumi.azurenative.storage.enums.DefaultAction;
import com.pulumi.azurenative.storage.enums.PublicAccess;
import com.pulumi.azurenative.storage.inputs.EncryptionArgs;
import com.pulumi.azurenative.storage.inputs.EncryptionIdentityArgs;
import com.pulumi.azurenative.storage.inputs.IdentityArgs;
import com.pulumi.azurenative.storage.inputs.KeyVaultPropertiesArgs;
import com.pulumi.azurenative.storage.inputs.NetworkRuleSetArgs;
import com.pulumi.azurenative.storage.inputs.SkuArgs;
import com.pulumi.resources.CustomResourceOptions;

import java.util.List;
import java.util.Map;

/** The dataset storage account (zone-redundant, so copies stay in the region) and its one container. */
final class DatasetStorage {
    /** A Key Vault key the account encrypts with, by vault URI and key name. */
    record CustomerKey(String vaultUri, String keyName) {}

    private DatasetStorage() {}

    static StorageAccount create(String name, ResourceGroup group, String location, UserAssignedIdentity identity,
                                 CustomerKey customerKey, boolean publicAccess, Map<String, String> tags,
                                 RoleAssignment keyAccess) {
        var encryption = EncryptionArgs.builder().requireInfrastructureEncryption(true);
        if (customerKey != null) {
            encryption.keySource("Microsoft.Keyvault")
                    .keyVaultProperties(KeyVaultPropertiesArgs.builder()
                            .keyVaultUri(customerKey.vaultUri())
                            .keyName(customerKey.keyName())
                            .build())
                    .encryptionIdentity(EncryptionIdentityArgs.builder()
                            .encryptionUserAssignedIdentity(identity.id())
                            .build());
        } else {
            encryption.keySource("Microsoft.Storage");
        }

        var account = new StorageAccount(name, StorageAccountArgs.builder()
                .accountName("stsovllm" + name.replaceAll("[^a-z0-9]", ""))
                .resourceGroupName(group.name())
                .location(location)
                .kind("StorageV2")
                .sku(SkuArgs.builder().name("Standard_ZRS").build())
                .identity(IdentityArgs.builder()
                        .type("UserAssigned")
                        .userAssignedIdentities(identity.id().applyValue(List::of))
                        .build())
                .encryption(encryption.build())
                .allowBlobPublicAccess(publicAccess)
                .publicNetworkAccess(publicAccess ? "Enabled" : "Disabled")
                .networkRuleSet(NetworkRuleSetArgs.builder()
                        .defaultAction(publicAccess ? DefaultAction.Allow : DefaultAction.Deny)
                        .bypass("AzureServices")
                        .build())
                .minimumTlsVersion("TLS1_2")
                .enableHttpsTrafficOnly(true)
                .allowSharedKeyAccess(false)
                .tags(tags)
                .build(), CustomResourceOptions.builder().dependsOn(keyAccess).build());

        new BlobContainer(name + "-container", BlobContainerArgs.builder()
                .accountName(account.name())
                .resourceGroupName(group.name())
                .containerName(name)
                .publicAccess(publicAccess ? PublicAccess.Blob : PublicAccess.None)
                .build());
        return account;
    }
}
