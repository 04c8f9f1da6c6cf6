package stacks.inferenceeu;

import com.pulumi.core.Output;
import com.pulumi.gcp.compute.Router;
import com.pulumi.gcp.compute.RouterArgs;
import com.pulumi.gcp.compute.RouterNat;
import com.pulumi.gcp.compute.RouterNatArgs;
import com.pulumi.gcp.compute.Subnetwork;
import com.pulumi.gcp.compute.SubnetworkArgs;
import com.pulumi.gcp.compute.inputs.SubnetworkSecondaryIpRangeArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.Map;

/**
 * A custom-mode VPC with one subnet (plus pod and service ranges) whose private nodes reach out through Cloud NAT.
 * A component, so the plan shows these resources as children of one network.
 */
final class Network extends ComponentResource {
    static final String PODS_RANGE = "pods";
    static final String SERVICES_RANGE = "services";

    private final Output<String> networkId;
    private final Output<String> subnetworkId;

    Network(String name, String region, CustomResourceOptions onProvider) {
        super("inferenceeu:index:Network", name, ComponentResourceOptions.Empty);
        var child = CustomResourceOptions.merge(onProvider, CustomResourceOptions.builder().parent(this).build());

        var vpc = new com.pulumi.gcp.compute.Network(name + "-vpc", com.pulumi.gcp.compute.NetworkArgs.builder()
                .autoCreateSubnetworks(false)
                .routingMode("REGIONAL")
                .build(), child);
        var subnet = new Subnetwork(name + "-subnet", SubnetworkArgs.builder()
                .network(vpc.id())
                .region(region)
                .ipCidrRange("10.60.0.0/20")
                .privateIpGoogleAccess(true)
                .secondaryIpRanges(
                        SubnetworkSecondaryIpRangeArgs.builder().rangeName(PODS_RANGE).ipCidrRange("10.64.0.0/14").build(),
                        SubnetworkSecondaryIpRangeArgs.builder().rangeName(SERVICES_RANGE).ipCidrRange("10.68.0.0/20").build())
                .build(), child);
        var router = new Router(name + "-router", RouterArgs.builder()
                .network(vpc.id())
                .region(region)
                .build(), child);
        new RouterNat(name + "-nat", RouterNatArgs.builder()
                .router(router.name())
                .region(region)
                .natIpAllocateOption("AUTO_ONLY")
                .sourceSubnetworkIpRangesToNat("ALL_SUBNETWORKS_ALL_IP_RANGES")
                .build(), child);

        this.networkId = vpc.id();
        this.subnetworkId = subnet.id();
        registerOutputs(Map.of("networkId", networkId, "subnetworkId", subnetworkId));
    }

    Output<String> networkId() {
        return networkId;
    }

    Output<String> subnetworkId() {
        return subnetworkId;
    }
}
