package stacks.sovereignde;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.aws.Provider;
import com.pulumi.aws.ProviderArgs;
import com.pulumi.aws.ebs.Volume;
import com.pulumi.aws.ebs.VolumeArgs;
import com.pulumi.aws.ec2.Instance;
import com.pulumi.aws.ec2.InstanceArgs;
import com.pulumi.aws.ec2.inputs.InstanceInstanceMarketOptionsArgs;
import com.pulumi.aws.ec2.inputs.InstanceMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.InstanceRootBlockDeviceArgs;
import com.pulumi.aws.iam.InstanceProfile;
import com.pulumi.aws.iam.InstanceProfileArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.inputs.ProviderDefaultTagsArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sovereign GPU workload: GPU instances in an isolated VPC, a dataset cache volume and a dataset bucket,
 * all encrypted with one customer-managed key, through one explicit provider that carries region and tags.
 * {@code main} hands {@link #stack} to Pulumi; Tollgate calls {@link #stack} directly under mocks.
 */
public final class App {
    static final List<String> TAGS = List.of("team", "project", "cost-center", "environment", "data-classification");

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    public static void stack(Context ctx) {
        var config = ctx.config();
        var region = config.get("region").orElse("eusc-de-east-1");
        var partition = Partition.of(region);
        var customerKeys = switch (config.get("keys").orElse("customer-managed")) {
            case "customer-managed" -> true;
            case "aws-managed" -> false;
            default -> throw new IllegalArgumentException(
                    "sovereign-de:keys must be customer-managed or aws-managed, got '" + config.require("keys") + "'");
        };
        var publicAccess = config.getBoolean("publicAccess").orElse(false);

        var tags = new LinkedHashMap<String, String>();
        for (var key : TAGS) tags.put(key, config.require(key));
        tags.put("sovereignty", config.get("sovereignty").orElse("required"));

        // Region and tags are stated once, on the provider every resource uses.
        var provider = new Provider("sovereign", partition.configure(ProviderArgs.builder()
                .region(region)
                .defaultTags(ProviderDefaultTagsArgs.builder().tags(tags).build()), region)
                .build());
        var onProvider = CustomResourceOptions.builder().provider(provider).build();

        var key = customerKeys ? new Key("data-key", KeyArgs.builder()
                .description("Customer-managed key for sovereign data: volumes, datasets")
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .multiRegion(false)
                .build(), onProvider) : null;

        var network = new IsolatedNetwork("sovereign", region, publicAccess, onProvider);

        var role = new Role("gpu-instance-role", RoleArgs.builder()
                .assumeRolePolicy("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",\
                        "Principal":{"Service":"ec2.amazonaws.com"}}]}""")
                .build(), onProvider);
        new RolePolicyAttachment("gpu-instance-ssm", RolePolicyAttachmentArgs.builder()
                .role(role.name())
                .policyArn(partition.managedPolicy("AmazonSSMManagedInstanceCore"))
                .build(), onProvider);
        var profile = new InstanceProfile("gpu-instance-profile", InstanceProfileArgs.builder()
                .role(role.name())
                .build(), onProvider);

        var spot = config.getBoolean("spot").orElse(true);
        var instances = new ArrayList<Instance>();
        for (int i = 0; i < config.getInteger("gpuNodes").orElse(2); i++) {
            var root = InstanceRootBlockDeviceArgs.builder().volumeType("gp3").volumeSize(200).encrypted(true);
            if (key != null) root.kmsKeyId(key.arn());
            var args = InstanceArgs.builder()
                    .ami(config.require("ami"))
                    .instanceType(config.get("gpuInstanceType").orElse("g6e.12xlarge"))
                    .subnetId(network.subnetIds().get(i % network.subnetIds().size()))
                    .vpcSecurityGroupIds(network.securityGroupId().applyValue(List::of))
                    .iamInstanceProfile(profile.name())
                    .associatePublicIpAddress(false)
                    .rootBlockDevice(root.build())
                    .metadataOptions(InstanceMetadataOptionsArgs.builder().httpTokens("required").build())
                    .tags(Map.of("Name", "gpu-" + i));
            if (spot) args.instanceMarketOptions(InstanceInstanceMarketOptionsArgs.builder().marketType("spot").build());
            instances.add(new Instance("gpu-" + i, args.build(), onProvider));
        }

        var cache = VolumeArgs.builder()
                .availabilityZone(region + "a")
                .type("gp3")
                .size(2000)
                .encrypted(true);
        if (key != null) cache.kmsKeyId(key.arn());
        // Training jobs attach the cache to whichever instance runs them (the instance role allows it).
        new Volume("dataset-cache", cache.build(), onProvider);

        var bucket = DatasetBucket.create("datasets", ctx.projectName() + "-" + ctx.stackName() + "-datasets", key, publicAccess, partition, onProvider);

        ctx.export("region", region);
        ctx.export("partition", partition.name());
        ctx.export("instances", instances.size());
        ctx.export("datasetBucket", bucket.bucket());
    }
}
