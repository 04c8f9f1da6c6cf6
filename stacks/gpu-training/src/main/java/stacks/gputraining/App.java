package stacks.gputraining;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.aws.eks.Cluster;
import com.pulumi.aws.eks.ClusterArgs;
import com.pulumi.aws.eks.NodeGroup;
import com.pulumi.aws.eks.NodeGroupArgs;
import com.pulumi.aws.eks.inputs.ClusterAccessConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigProviderArgs;
import com.pulumi.aws.eks.inputs.ClusterVpcConfigArgs;
import com.pulumi.aws.eks.inputs.NodeGroupScalingConfigArgs;
import com.pulumi.aws.eks.inputs.NodeGroupTaintArgs;
import com.pulumi.aws.fsx.LustreFileSystem;
import com.pulumi.aws.fsx.LustreFileSystemArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.List;
import java.util.Map;

/**
 * GPU training platform: private network, EKS with a p5 node group, Lustre scratch space and a dataset bucket.
 * {@code main} hands {@link #stack} to Pulumi; Tollgate calls {@link #stack} directly under mocks.
 */
public final class App {

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    public static void stack(Context ctx) {
        var config = ctx.config();
        var tags = Tags.from(config);
        var region = ctx.config("aws").require("region");

        var key = new Key("data-key", KeyArgs.builder()
                .description("Customer-managed key for training data, cluster secrets and scratch space")
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .tags(tags)
                .build());

        var network = new Network("training", region, tags);

        var clusterRole = role("cluster-role", "eks.amazonaws.com", tags,
                List.of("AmazonEKSClusterPolicy"));
        var nodeRole = role("gpu-node-role", "ec2.amazonaws.com", tags,
                List.of("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"));

        var cluster = new Cluster("training", ClusterArgs.builder()
                .version("1.31")
                .roleArn(clusterRole.role().arn())
                .vpcConfig(ClusterVpcConfigArgs.builder()
                        .subnetIds(network.privateSubnetIds())
                        .endpointPrivateAccess(true)
                        .endpointPublicAccess(false)
                        .build())
                .accessConfig(ClusterAccessConfigArgs.builder().authenticationMode("API").build())
                .encryptionConfig(ClusterEncryptionConfigArgs.builder()
                        .resources("secrets")
                        .provider(ClusterEncryptionConfigProviderArgs.builder().keyArn(key.arn()).build())
                        .build())
                .tags(tags)
                .build(), CustomResourceOptions.builder().dependsOn(clusterRole.attachments()).build());

        var gpuNodes = config.getInteger("gpuNodes").orElse(2);
        var nodeGroup = new NodeGroup("gpu-nodes", NodeGroupArgs.builder()
                .clusterName(cluster.name())
                .nodeRoleArn(nodeRole.role().arn())
                .subnetIds(network.privateSubnetIds())
                .instanceTypes(config.get("gpuInstanceType").orElse("p5.48xlarge"))
                .capacityType(config.get("capacityType").orElse("SPOT"))
                .amiType("AL2_x86_64_GPU")
                .diskSize(500)
                .scalingConfig(NodeGroupScalingConfigArgs.builder()
                        .minSize(0).desiredSize(gpuNodes).maxSize(gpuNodes).build())
                .labels(Map.of("tollgate.dev/accelerator", "nvidia-h100"))
                .taints(NodeGroupTaintArgs.builder().key("nvidia.com/gpu").value("present").effect("NO_SCHEDULE").build())
                .tags(tags)
                .build(), CustomResourceOptions.builder().dependsOn(nodeRole.attachments()).build());

        var scratch = new LustreFileSystem("scratch", LustreFileSystemArgs.builder()
                .deploymentType("SCRATCH_2")
                .storageCapacity(config.getInteger("scratchGiB").orElse(2400))
                .subnetIds(network.privateSubnetIds().applyValue(ids -> ids.get(0)))
                .dataCompressionType("LZ4")
                .tags(tags)
                .build());

        var bucket = datasetBucket(ctx.projectName() + "-" + ctx.stackName() + "-datasets",
                config.get("bucketKey").orElse("customer-managed"), config.getBoolean("bucketPublic").orElse(false), key, tags);

        ctx.export("clusterName", cluster.name());
        ctx.export("nodeGroup", nodeGroup.nodeGroupName());
        ctx.export("scratchDns", scratch.dnsName());
        ctx.export("datasetBucket", bucket.bucket());
    }

    private static BucketV2 datasetBucket(String bucketName, String keyChoice, boolean publicAccess, Key key,
                                          Map<String, String> tags) {
        var bucket = new BucketV2("datasets", BucketV2Args.builder().bucket(bucketName).tags(tags).build());

        var byDefault = switch (keyChoice) {
            case "customer-managed" -> BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs.builder()
                    .sseAlgorithm("aws:kms").kmsMasterKeyId(key.arn()).build();
            case "aws-managed" -> BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs.builder()
                    .sseAlgorithm("AES256").build();
            default -> throw new IllegalArgumentException(
                    "gpu-training:bucketKey must be customer-managed or aws-managed, got '" + keyChoice + "'");
        };
        new BucketServerSideEncryptionConfigurationV2("datasets-encryption",
                BucketServerSideEncryptionConfigurationV2Args.builder()
                        .bucket(bucket.id())
                        .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                                .applyServerSideEncryptionByDefault(byDefault)
                                .bucketKeyEnabled(true)
                                .build())
                        .build());

        var block = new BucketPublicAccessBlock("datasets-public-access", BucketPublicAccessBlockArgs.builder()
                .bucket(bucket.id())
                .blockPublicAcls(!publicAccess)
                .blockPublicPolicy(!publicAccess)
                .ignorePublicAcls(!publicAccess)
                .restrictPublicBuckets(!publicAccess)
                .build());

        new BucketVersioningV2("datasets-versioning", BucketVersioningV2Args.builder()
                .bucket(bucket.id())
                .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder().status("Enabled").build())
                .build());

        if (publicAccess) {
            new BucketPolicy("datasets-public-read", BucketPolicyArgs.builder()
                    .bucket(bucket.id())
                    .policy("""
                            {"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*",\
                            "Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*"}]}""".formatted(bucketName))
                    .build(), CustomResourceOptions.builder().dependsOn(block).build());
        }
        return bucket;
    }

    private record RoleWithPolicies(Role role, List<Resource> attachments) {}

    private static RoleWithPolicies role(String name, String service, Map<String, String> tags, List<String> managedPolicies) {
        var role = new Role(name, RoleArgs.builder()
                .assumeRolePolicy("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",\
                        "Principal":{"Service":"%s"}}]}""".formatted(service))
                .tags(tags)
                .build());
        List<Resource> attachments = managedPolicies.stream()
                .<Resource>map(policy -> new RolePolicyAttachment(name + "-" + policy, RolePolicyAttachmentArgs.builder()
                        .role(role.name())
                        .policyArn("arn:aws:iam::aws:policy/" + policy)
                        .build()))
                .toList();
        return new RoleWithPolicies(role, attachments);
    }
}
