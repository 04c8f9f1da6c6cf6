package stacks.inferenceeu;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.gcp.Provider;
import com.pulumi.gcp.ProviderArgs;
import com.pulumi.gcp.container.Cluster;
import com.pulumi.gcp.container.ClusterArgs;
import com.pulumi.gcp.container.NodePool;
import com.pulumi.gcp.container.NodePoolArgs;
import com.pulumi.gcp.container.inputs.ClusterDatabaseEncryptionArgs;
import com.pulumi.gcp.container.inputs.ClusterIpAllocationPolicyArgs;
import com.pulumi.gcp.container.inputs.ClusterPrivateClusterConfigArgs;
import com.pulumi.gcp.container.inputs.ClusterWorkloadIdentityConfigArgs;
import com.pulumi.gcp.container.inputs.NodePoolNodeConfigArgs;
import com.pulumi.gcp.container.inputs.NodePoolNodeConfigGuestAcceleratorArgs;
import com.pulumi.gcp.container.inputs.NodePoolNodeConfigGuestAcceleratorGpuDriverInstallationConfigArgs;
import com.pulumi.gcp.kms.CryptoKey;
import com.pulumi.gcp.kms.CryptoKeyArgs;
import com.pulumi.gcp.kms.CryptoKeyIAMMember;
import com.pulumi.gcp.kms.CryptoKeyIAMMemberArgs;
import com.pulumi.gcp.kms.KeyRing;
import com.pulumi.gcp.kms.KeyRingArgs;
import com.pulumi.gcp.serviceaccount.Account;
import com.pulumi.gcp.serviceaccount.AccountArgs;
import com.pulumi.gcp.storage.Bucket;
import com.pulumi.gcp.storage.BucketArgs;
import com.pulumi.gcp.storage.BucketIAMMember;
import com.pulumi.gcp.storage.BucketIAMMemberArgs;
import com.pulumi.gcp.storage.inputs.BucketEncryptionArgs;
import com.pulumi.gcp.storage.inputs.BucketVersioningArgs;
import com.pulumi.resources.CustomResourceOptions;

import java.util.Map;

/**
 * Model serving on GKE with an L4 and an H100 pool, models in a CMEK bucket.
 * {@code main} hands {@link #stack} to Pulumi; Tollgate calls {@link #stack} directly under mocks.
 */
public final class App {

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    public static void stack(Context ctx) {
        var config = ctx.config();
        var gcpConfig = ctx.config("gcp");
        var gcpProject = gcpConfig.require("project");
        var region = gcpConfig.require("region");
        var labels = Labels.from(config);

        // One explicit provider so project, region and labels are stated once and visible in the plan.
        var provider = new Provider("europe", ProviderArgs.builder()
                .project(gcpProject)
                .region(region)
                .defaultLabels(labels)
                .build());
        var onProvider = CustomResourceOptions.builder().provider(provider).build();

        var nodeAccount = new Account("gke-nodes", AccountArgs.builder()
                .accountId("gke-inference-nodes")
                .displayName("GKE inference nodes")
                .build(), onProvider);

        var network = new Network("inference", region, onProvider);

        var keyRing = new KeyRing("inference", KeyRingArgs.builder()
                .name("inference-" + ctx.stackName())
                .location(region)
                .build(), onProvider);
        var key = new CryptoKey("models", CryptoKeyArgs.builder()
                .keyRing(keyRing.id())
                .rotationPeriod("7776000s")
                .purpose("ENCRYPT_DECRYPT")
                .build(), onProvider);

        var cluster = new Cluster("inference", ClusterArgs.builder()
                .location(region)
                .network(network.networkId())
                .subnetwork(network.subnetworkId())
                .removeDefaultNodePool(true)
                .initialNodeCount(1)
                .deletionProtection(true)
                .ipAllocationPolicy(ClusterIpAllocationPolicyArgs.builder()
                        .clusterSecondaryRangeName(Network.PODS_RANGE)
                        .servicesSecondaryRangeName(Network.SERVICES_RANGE)
                        .build())
                .privateClusterConfig(ClusterPrivateClusterConfigArgs.builder()
                        .enablePrivateNodes(true)
                        .enablePrivateEndpoint(false)
                        .masterIpv4CidrBlock("172.16.0.0/28")
                        .build())
                .databaseEncryption(ClusterDatabaseEncryptionArgs.builder()
                        .state("ENCRYPTED")
                        .keyName(key.id())
                        .build())
                .workloadIdentityConfig(ClusterWorkloadIdentityConfigArgs.builder()
                        .workloadPool(gcpProject + ".svc.id.goog")
                        .build())
                .resourceLabels(labels)
                .build(), onProvider);

        var spot = config.getBoolean("spot").orElse(true);
        var l4 = gpuPool("l4-pool", cluster, region + "-a", config.get("l4MachineType").orElse("g2-standard-8"),
                "nvidia-l4", 1, config.getInteger("l4Nodes").orElse(2), spot, nodeAccount, labels, onProvider);
        var h100MachineType = config.get("h100MachineType").orElse("a3-highgpu-8g");
        var h100 = gpuPool("h100-pool", cluster, region + "-b", h100MachineType,
                "nvidia-h100-80gb", h100Count(h100MachineType), config.getInteger("h100Nodes").orElse(1), spot,
                nodeAccount, labels, onProvider);

        var bucket = modelBucket(ctx, config.get("bucketLocation").orElse(region.toUpperCase()),
                config.get("bucketKey").orElse("customer-managed"), config.getBoolean("bucketPublic").orElse(false),
                key, config.require("projectNumber"), onProvider);

        ctx.export("clusterName", cluster.name());
        ctx.export("l4Pool", l4.name());
        ctx.export("h100Pool", h100.name());
        ctx.export("modelBucket", bucket.url());
    }

    private static NodePool gpuPool(String name, Cluster cluster, String zone, String machineType, String accelerator,
                                    int acceleratorsPerNode, int nodes, boolean spot, Account serviceAccount,
                                    Map<String, String> labels, CustomResourceOptions options) {
        return new NodePool(name, NodePoolArgs.builder()
                .cluster(cluster.name())
                .location(cluster.location())
                .nodeLocations(zone)
                .nodeCount(nodes)
                .nodeConfig(NodePoolNodeConfigArgs.builder()
                        .machineType(machineType)
                        .spot(spot)
                        .diskSizeGb(200)
                        .diskType("pd-balanced")
                        .guestAccelerators(NodePoolNodeConfigGuestAcceleratorArgs.builder()
                                .type(accelerator)
                                .count(acceleratorsPerNode)
                                .gpuDriverInstallationConfig(
                                        NodePoolNodeConfigGuestAcceleratorGpuDriverInstallationConfigArgs.builder()
                                                .gpuDriverVersion("LATEST").build())
                                .build())
                        .serviceAccount(serviceAccount.email())
                        .oauthScopes("https://www.googleapis.com/auth/cloud-platform")
                        .resourceLabels(labels)
                        .build())
                .build(), options);
    }

    /** a3-highgpu-Ng carries N H100s. */
    private static int h100Count(String machineType) {
        var suffix = machineType.substring(machineType.lastIndexOf('-') + 1);
        if (!suffix.endsWith("g")) {
            throw new IllegalArgumentException("inference-eu:h100MachineType must be an a3-highgpu-<N>g type, got '" + machineType + "'");
        }
        return Integer.parseInt(suffix.substring(0, suffix.length() - 1));
    }

    private static Bucket modelBucket(Context ctx, String location, String keyChoice, boolean publicRead, CryptoKey key,
                                      String projectNumber, CustomResourceOptions options) {
        var storageAgent = "serviceAccount:service-" + projectNumber + "@gs-project-accounts.iam.gserviceaccount.com";
        var args = BucketArgs.builder()
                .name(ctx.projectName() + "-models-" + ctx.stackName())
                .location(location)
                .storageClass("STANDARD")
                .uniformBucketLevelAccess(true)
                .publicAccessPrevention(publicRead ? "inherited" : "enforced")
                .versioning(BucketVersioningArgs.builder().enabled(true).build());

        Bucket bucket;
        switch (keyChoice) {
            case "customer-managed" -> {
                // The storage service agent must hold the key before the bucket can use it.
                var grant = new CryptoKeyIAMMember("models-key-storage-agent", CryptoKeyIAMMemberArgs.builder()
                        .cryptoKeyId(key.id())
                        .role("roles/cloudkms.cryptoKeyEncrypterDecrypter")
                        .member(storageAgent)
                        .build(), options);
                args.encryption(BucketEncryptionArgs.builder().defaultKmsKeyName(key.id()).build());
                bucket = new Bucket("models", args.build(), CustomResourceOptions.merge(options,
                        CustomResourceOptions.builder().dependsOn(grant).build()));
            }
            case "google-managed" -> bucket = new Bucket("models", args.build(), options);
            default -> throw new IllegalArgumentException(
                    "inference-eu:bucketKey must be customer-managed or google-managed, got '" + keyChoice + "'");
        }

        if (publicRead) {
            new BucketIAMMember("models-public-read", BucketIAMMemberArgs.builder()
                    .bucket(bucket.name())
                    .role("roles/storage.objectViewer")
                    .member("allUsers")
                    .build(), options);
        }
        return bucket;
    }
}
