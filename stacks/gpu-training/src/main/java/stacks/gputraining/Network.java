package stacks.gputraining;

import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.inputs.RouteTableRouteArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A VPC whose workers live in two private subnets and reach out through one NAT gateway in a public subnet.
 * A component, so the plan shows these resources as children of one network.
 */
final class Network extends ComponentResource {
    private final Output<List<String>> privateSubnetIds;

    Network(String name, String region, Map<String, String> tags) {
        super("gputraining:index:Network", name, ComponentResourceOptions.Empty);
        var child = CustomResourceOptions.builder().parent(this).build();

        var vpc = new Vpc(name + "-vpc", VpcArgs.builder()
                .cidrBlock("10.40.0.0/16")
                .enableDnsHostnames(true)
                .enableDnsSupport(true)
                .tags(named(tags, name + "-vpc"))
                .build(), child);

        var publicSubnet = new Subnet(name + "-public-a", SubnetArgs.builder()
                .vpcId(vpc.id())
                .cidrBlock("10.40.0.0/24")
                .availabilityZone(region + "a")
                .mapPublicIpOnLaunch(false)
                .tags(named(tags, name + "-public-a"))
                .build(), child);
        var gateway = new InternetGateway(name + "-igw", InternetGatewayArgs.builder()
                .vpcId(vpc.id())
                .tags(tags)
                .build(), child);
        var natAddress = new Eip(name + "-nat-ip", EipArgs.builder().domain("vpc").tags(tags).build(), child);
        var nat = new NatGateway(name + "-nat", NatGatewayArgs.builder()
                .allocationId(natAddress.id())
                .subnetId(publicSubnet.id())
                .tags(tags)
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(gateway).build());

        var publicRoutes = new RouteTable(name + "-public-rt", RouteTableArgs.builder()
                .vpcId(vpc.id())
                .routes(RouteTableRouteArgs.builder().cidrBlock("0.0.0.0/0").gatewayId(gateway.id()).build())
                .tags(tags)
                .build(), child);
        new RouteTableAssociation(name + "-public-a-rt", RouteTableAssociationArgs.builder()
                .subnetId(publicSubnet.id())
                .routeTableId(publicRoutes.id())
                .build(), child);

        var privateRoutes = new RouteTable(name + "-private-rt", RouteTableArgs.builder()
                .vpcId(vpc.id())
                .routes(RouteTableRouteArgs.builder().cidrBlock("0.0.0.0/0").natGatewayId(nat.id()).build())
                .tags(tags)
                .build(), child);

        var privateIds = new ArrayList<Output<String>>();
        var zones = List.of("a", "b");
        for (int i = 0; i < zones.size(); i++) {
            var zone = zones.get(i);
            var subnet = new Subnet(name + "-private-" + zone, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .cidrBlock("10.40." + (16 * (i + 1)) + ".0/20")
                    .availabilityZone(region + zone)
                    .tags(named(tags, name + "-private-" + zone))
                    .build(), child);
            new RouteTableAssociation(name + "-private-" + zone + "-rt", RouteTableAssociationArgs.builder()
                    .subnetId(subnet.id())
                    .routeTableId(privateRoutes.id())
                    .build(), child);
            privateIds.add(subnet.id());
        }
        this.privateSubnetIds = Output.all(privateIds);
        registerOutputs(Map.of("privateSubnetIds", privateSubnetIds));
    }

    Output<List<String>> privateSubnetIds() {
        return privateSubnetIds;
    }

    private static Map<String, String> named(Map<String, String> tags, String name) {
        var withName = new HashMap<>(tags);
        withName.put("Name", name);
        return withName;
    }
}
