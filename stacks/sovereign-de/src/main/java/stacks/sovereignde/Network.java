package stacks.sovereignde;

import com.pulumi.azurenative.network.NatGateway;
import com.pulumi.azurenative.network.NatGatewayArgs;
import com.pulumi.azurenative.network.NetworkSecurityGroup;
import com.pulumi.azurenative.network.NetworkSecurityGroupArgs;
import com.pulumi.azurenative.network.PublicIPAddress;
import com.pulumi.azurenative.network.PublicIPAddressArgs;
import com.pulumi.azurenative.network.Subnet;
import com.pulumi.azurenative.network.SubnetArgs;
import com.pulumi.azurenative.network.VirtualNetwork;
import com.pulumi.azurenative.network.VirtualNetworkArgs;
import com.pulumi.azurenative.network.inputs.AddressSpaceArgs;
import com.pulumi.azurenative.network.inputs.NatGatewaySkuArgs;
import com.pulumi.azurenative.network.inputs.PublicIPAddressSkuArgs;
import com.pulumi.azurenative.network.inputs.SecurityRuleArgs;
import com.pulumi.azurenative.network.inputs.SubResourceArgs;
import com.pulumi.azurenative.resources.ResourceGroup;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.Map;

/**
 * A VNet with one subnet that admits nothing from the internet and leaves through a NAT gateway.
 * A component, so the plan shows these resources as children of one network.
 */
final class Network extends ComponentResource {
    private final Output<String> subnetId;

    Network(String name, ResourceGroup group, String location, Map<String, String> tags) {
        super("sovereignde:index:Network", name, ComponentResourceOptions.Empty);
        var child = CustomResourceOptions.builder().parent(this).build();

        var vnet = new VirtualNetwork(name + "-vnet", VirtualNetworkArgs.builder()
                .resourceGroupName(group.name())
                .location(location)
                .addressSpace(AddressSpaceArgs.builder().addressPrefixes("10.80.0.0/16").build())
                .tags(tags)
                .build(), child);
        var nsg = new NetworkSecurityGroup(name + "-nsg", NetworkSecurityGroupArgs.builder()
                .resourceGroupName(group.name())
                .location(location)
                .securityRules(SecurityRuleArgs.builder()
                        .name("deny-internet-inbound")
                        .priority(4000)
                        .direction("Inbound")
                        .access("Deny")
                        .protocol("*")
                        .sourceAddressPrefix("Internet")
                        .sourcePortRange("*")
                        .destinationAddressPrefix("*")
                        .destinationPortRange("*")
                        .build())
                .tags(tags)
                .build(), child);
        var egressIp = new PublicIPAddress(name + "-egress-ip", PublicIPAddressArgs.builder()
                .resourceGroupName(group.name())
                .location(location)
                .sku(PublicIPAddressSkuArgs.builder().name("Standard").build())
                .publicIPAllocationMethod("Static")
                .tags(tags)
                .build(), child);
        var nat = new NatGateway(name + "-nat", NatGatewayArgs.builder()
                .resourceGroupName(group.name())
                .location(location)
                .sku(NatGatewaySkuArgs.builder().name("Standard").build())
                .publicIpAddresses(SubResourceArgs.builder().id(egressIp.id()).build())
                .tags(tags)
                .build(), child);
        var subnet = new Subnet(name + "-gpu-subnet", SubnetArgs.builder()
                .resourceGroupName(group.name())
                .virtualNetworkName(vnet.name())
                .addressPrefix("10.80.1.0/24")
                .networkSecurityGroup(com.pulumi.azurenative.network.inputs.NetworkSecurityGroupArgs.builder()
                        .id(nsg.id()).build())
                .natGateway(SubResourceArgs.builder().id(nat.id()).build())
                .build(), child);

        this.subnetId = subnet.id();
        registerOutputs(Map.of("subnetId", subnetId));
    }

    Output<String> subnetId() {
        return subnetId;
    }
}
