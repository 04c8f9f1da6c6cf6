package stacks.sovereignde;

import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.VpcEndpoint;
import com.pulumi.aws.ec2.VpcEndpointArgs;
import com.pulumi.aws.ec2.inputs.SecurityGroupEgressArgs;
import com.pulumi.aws.ec2.inputs.SecurityGroupIngressArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A VPC with no way to the internet: two private subnets, an S3 gateway endpoint for datasets, and a security
 * group that admits only the VPC itself (unless the stack opens SSH, which the violation config does).
 */
final class IsolatedNetwork extends ComponentResource {
    private static final String CIDR = "10.90.0.0/16";

    private final List<Output<String>> subnetIds = new ArrayList<>();
    private final Output<String> securityGroupId;

    IsolatedNetwork(String name, String region, boolean sshFromInternet, CustomResourceOptions onProvider) {
        super("sovereignde:index:IsolatedNetwork", name, ComponentResourceOptions.builder()
                .providers(onProvider.getProvider().orElseThrow()).build());
        var child = CustomResourceOptions.merge(onProvider, CustomResourceOptions.builder().parent(this).build());

        var vpc = new Vpc(name + "-vpc", VpcArgs.builder()
                .cidrBlock(CIDR)
                .enableDnsHostnames(true)
                .enableDnsSupport(true)
                .tags(Map.of("Name", name + "-vpc"))
                .build(), child);
        var routes = new RouteTable(name + "-private-rt", RouteTableArgs.builder().vpcId(vpc.id()).build(), child);
        var zones = List.of("a", "b");
        for (int i = 0; i < zones.size(); i++) {
            var zone = zones.get(i);
            var subnet = new Subnet(name + "-private-" + zone, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .cidrBlock("10.90." + (16 * (i + 1)) + ".0/20")
                    .availabilityZone(region + zone)
                    .tags(Map.of("Name", name + "-private-" + zone))
                    .build(), child);
            new RouteTableAssociation(name + "-private-" + zone + "-rt", RouteTableAssociationArgs.builder()
                    .subnetId(subnet.id())
                    .routeTableId(routes.id())
                    .build(), child);
            subnetIds.add(subnet.id());
        }
        new VpcEndpoint(name + "-s3", VpcEndpointArgs.builder()
                .vpcId(vpc.id())
                .serviceName("com.amazonaws." + region + ".s3")
                .vpcEndpointType("Gateway")
                .routeTableIds(routes.id().applyValue(List::of))
                .build(), child);

        var ingress = new ArrayList<SecurityGroupIngressArgs>();
        ingress.add(SecurityGroupIngressArgs.builder()
                .description("inside the VPC").protocol("-1").fromPort(0).toPort(0).cidrBlocks(CIDR).build());
        if (sshFromInternet) {
            ingress.add(SecurityGroupIngressArgs.builder()
                    .description("SSH from anywhere").protocol("tcp").fromPort(22).toPort(22).cidrBlocks("0.0.0.0/0").build());
        }
        var group = new SecurityGroup(name + "-gpu-sg", SecurityGroupArgs.builder()
                .description("GPU instances")
                .vpcId(vpc.id())
                .ingress(ingress)
                .egress(SecurityGroupEgressArgs.builder()
                        .description("inside the VPC").protocol("-1").fromPort(0).toPort(0).cidrBlocks(CIDR).build())
                .build(), child);
        this.securityGroupId = group.id();
        registerOutputs(Map.of("securityGroupId", securityGroupId));
    }

    List<Output<String>> subnetIds() {
        return subnetIds;
    }

    Output<String> securityGroupId() {
        return securityGroupId;
    }
}
