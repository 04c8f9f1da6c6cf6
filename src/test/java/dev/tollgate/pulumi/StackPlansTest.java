package dev.tollgate.pulumi;

import dev.tollgate.facts.Catalogue;
import dev.tollgate.facts.Estimate;
import dev.tollgate.facts.Estimator;
import dev.tollgate.facts.ResourceCost;
import dev.tollgate.plan.Edge;
import dev.tollgate.plan.Location;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Source;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** Each stack under mocks with its dev and violation config, as Tollgate's plan model and estimator see it. */
public class StackPlansTest {
    static final List<String> REQUIRED_TAGS = List.of("team", "project", "cost-center", "environment", "data-classification");
    private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();
    private static final Estimator ESTIMATOR = new Estimator(Catalogue.bundled());

    public static Plan plan(String stack, String config) {
        return PLANS.computeIfAbsent(stack + "/" + config, k -> {
            try (var loader = ProgramLoader.shared()) {
                return PulumiExtractor.extract(Path.of("stacks", stack), config, loader).plan();
            }
        });
    }

    static Resource resource(Plan plan, String type, String name) {
        return plan.resources().stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + name));
    }

    static Map<String, Long> kinds(Plan plan) {
        return plan.resources().stream().collect(Collectors.groupingBy(Resource::kind, TreeMap::new, Collectors.counting()));
    }

    static Set<String> regions(Plan plan) {
        return plan.resources().stream().filter(r -> r.location().known()).map(r -> r.location().region())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    static BigDecimal monthly(Plan plan) {
        return ESTIMATOR.estimate(plan).totalMonthlyUsd();
    }

    static void assertBetween(long low, long high, BigDecimal value) {
        assertTrue(value.compareTo(BigDecimal.valueOf(low)) >= 0 && value.compareTo(BigDecimal.valueOf(high)) <= 0,
                value + " is not within " + low + ".." + high);
    }

    static void assertNoUnknownRegions(Plan plan) {
        var unknown = plan.resources().stream().filter(r -> r.location().basis() == Location.Basis.UNKNOWN)
                .map(r -> r.address() + ": " + r.location().detail()).toList();
        assertEquals(List.of(), unknown);
    }

    // ------------------------------------------------------------------ gpu-training (AWS, default provider)

    @Test
    void gpuTrainingDev() {
        var plan = plan("gpu-training", "dev");

        assertEquals(new Source(Source.Tool.PULUMI, Source.Format.PULUMI_PROGRAM, "java sdk 1.36.1", null,
                Path.of("stacks/gpu-training").toString()), plan.source());
        assertEquals("dev", plan.stack());
        assertEquals(28, plan.resources().size());
        assertEquals(Map.ofEntries(
                Map.entry("compute.gpu_node_group", 1L), Map.entry("compute.k8s_cluster", 1L),
                Map.entry("meta.component", 1L), Map.entry("meta.stack", 1L), Map.entry("network.address", 1L),
                Map.entry("network.nat_gateway", 1L), Map.entry("network.route", 6L), Map.entry("network.subnet", 3L),
                Map.entry("network.vpc", 1L), Map.entry("security.iam", 6L), Map.entry("security.kms_key", 1L),
                Map.entry("storage.bucket_policy", 3L), Map.entry("storage.file_system", 1L),
                Map.entry("storage.object_bucket", 1L)), kinds(plan));
        assertTrue(plan.resources().stream().allMatch(r -> r.action() == Resource.Action.CREATE));

        // The default provider takes its region from stack config; subnets name their zone.
        assertEquals(Set.of("eu-central-1"), regions(plan));
        assertNoUnknownRegions(plan);
        var nodes = resource(plan, "aws:eks/nodeGroup:NodeGroup", "gpu-nodes");
        assertEquals(new Location("eu-central-1", null, Location.Basis.STACK_CONFIG, "stack config aws:region"), nodes.location());
        var subnet = resource(plan, "aws:ec2/subnet:Subnet", "training-private-b");
        assertEquals(new Location("eu-central-1", "eu-central-1b", Location.Basis.ATTRIBUTE, "/availabilityZone"), subnet.location());
        assertEquals(Location.Basis.GLOBAL, resource(plan, "aws:iam/role:Role", "gpu-node-role").location().basis());

        assertEquals("SPOT", nodes.after().get("capacityType").asText());
        assertEquals(2, nodes.after().at("/scalingConfig/desiredSize").intValue());
        assertTrue(nodes.tags().keySet().containsAll(REQUIRED_TAGS));
        assertEquals("personal", nodes.tags().get("data-classification"));
        assertFalse(nodes.tags().containsKey("sovereignty"));
        // The node group's cluster name comes from the cluster: only known after apply.
        assertTrue(nodes.unknownPaths().contains("/clusterName"));
        assertTrue(plan.unknowns().contains(new Plan.Unknown(nodes.address(), "/clusterName")));
    }

    @Test
    void gpuTrainingEdges() {
        var plan = plan("gpu-training", "dev");
        var network = resource(plan, "gputraining:index:Network", "training");
        var vpc = resource(plan, "aws:ec2/vpc:Vpc", "training-vpc");
        var subnet = resource(plan, "aws:ec2/subnet:Subnet", "training-private-a");
        var nat = resource(plan, "aws:ec2/natGateway:NatGateway", "training-nat");
        var gateway = resource(plan, "aws:ec2/internetGateway:InternetGateway", "training-igw");
        var sse = resource(plan, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "datasets-encryption");
        var bucket = resource(plan, "aws:s3/bucketV2:BucketV2", "datasets");
        var key = resource(plan, "aws:kms/key:Key", "data-key");
        var cluster = resource(plan, "aws:eks/cluster:Cluster", "training");

        assertTrue(plan.edges().contains(new Edge(vpc.address(), network.address(), Edge.Kind.PARENT, null)));
        assertEquals(network.address(), vpc.module());
        assertTrue(plan.edges().contains(new Edge(subnet.address(), vpc.address(), Edge.Kind.PROPERTY_DEPENDENCY, "vpcId")));
        assertTrue(plan.edges().contains(new Edge(nat.address(), gateway.address(), Edge.Kind.DEPENDENCY, null)), "dependsOn");
        assertTrue(plan.edges().contains(new Edge(sse.address(), key.address(), Edge.Kind.PROPERTY_DEPENDENCY, "rules")));
        assertTrue(plan.edges().contains(new Edge(sse.address(), bucket.address(), Edge.Kind.PROPERTY_DEPENDENCY, "bucket")));
        assertTrue(plan.edges().contains(new Edge(cluster.address(), key.address(), Edge.Kind.PROPERTY_DEPENDENCY, "encryptionConfig")));
        // Default providers are not registered under mocks, so there is no provider edge to draw.
        assertTrue(plan.edges().stream().noneMatch(e -> e.kind() == Edge.Kind.PROVIDER));
        // Every edge joins two resources of the plan.
        var addresses = plan.resources().stream().map(Resource::address).collect(Collectors.toSet());
        assertTrue(plan.edges().stream().allMatch(e -> addresses.contains(e.from()) && addresses.contains(e.to())));
    }

    @Test
    void gpuTrainingViolation() {
        var plan = plan("gpu-training", "violation");

        assertEquals(29, plan.resources().size(), "one more: the public bucket policy");
        assertEquals(Set.of("us-east-1"), regions(plan));
        var nodes = resource(plan, "aws:eks/nodeGroup:NodeGroup", "gpu-nodes");
        assertEquals("ON_DEMAND", nodes.after().get("capacityType").asText());
        assertEquals("required", nodes.tags().get("sovereignty"));
        var byDefault = resource(plan, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                "datasets-encryption").after().at("/rules/0/applyServerSideEncryptionByDefault");
        assertEquals("AES256", byDefault.get("sseAlgorithm").asText());
        assertFalse(byDefault.has("kmsMasterKeyId"));
        assertTrue(resource(plan, "aws:s3/bucketPolicy:BucketPolicy", "datasets-public-read").after()
                .get("policy").asText().contains("\"Principal\":\"*\""));
    }

    @Test
    void gpuTrainingCost() {
        // Four on-demand p5.48xlarge at the catalogue's us-east-1 price: 4 x 55.04 x 730 = 160,716.80, plus EKS and NAT.
        var violation = ESTIMATOR.estimate(plan("gpu-training", "violation"));
        assertBetween(160_700, 161_000, violation.totalMonthlyUsd());
        var nodes = cost(violation, "gpu-nodes");
        assertEquals(0, new BigDecimal("160716.8").compareTo(nodes.monthlyUsd()));

        // The catalogue has no eu-central-1 prices for AWS: dev stays unpriced, and says so, rather than guessed.
        var dev = ESTIMATOR.estimate(plan("gpu-training", "dev"));
        assertEquals(0, BigDecimal.ZERO.compareTo(dev.totalMonthlyUsd()));
        assertEquals(ResourceCost.Status.UNPRICED, cost(dev, "gpu-nodes").status());
        assertEquals(List.of("no spot price for p5.48xlarge in eu-central-1"), cost(dev, "gpu-nodes").unpriced());
    }

    // ------------------------------------------------------------------ inference-eu (GCP, explicit provider)

    @Test
    void inferenceEuDev() {
        var plan = plan("inference-eu", "dev");

        assertEquals(15, plan.resources().size());
        assertEquals(Map.ofEntries(
                Map.entry("compute.gpu_node_group", 2L), Map.entry("compute.k8s_cluster", 1L),
                Map.entry("meta.component", 1L), Map.entry("meta.provider", 1L), Map.entry("meta.stack", 1L),
                Map.entry("network.nat_gateway", 1L), Map.entry("network.route", 1L), Map.entry("network.subnet", 1L),
                Map.entry("network.vpc", 1L), Map.entry("security.iam", 2L), Map.entry("security.kms_key", 2L),
                Map.entry("storage.object_bucket", 1L)), kinds(plan));
        assertEquals(Set.of("europe-west4"), regions(plan));
        assertNoUnknownRegions(plan);

        var provider = resource(plan, "pulumi:providers:gcp", "europe");
        var key = resource(plan, "gcp:kms/cryptoKey:CryptoKey", "models");
        assertEquals(new Location("europe-west4", null, Location.Basis.PROVIDER_CONFIG, "provider europe: /region"), key.location());
        assertEquals(provider.address(), key.providerConfig());
        assertTrue(plan.edges().contains(new Edge(key.address(), provider.address(), Edge.Kind.PROVIDER, null)));
        // A VPC network is global on GCP.
        assertEquals(Location.Basis.GLOBAL, resource(plan, "gcp:compute/network:Network", "inference-vpc").location().basis());

        // The provider's default labels reach every resource whose type takes labels.
        assertTrue(key.tags().keySet().containsAll(REQUIRED_TAGS), key.tags().toString());
        assertFalse(key.after().has("labels"), "the key sets no labels itself");
        var bucket = resource(plan, "gcp:storage/bucket:Bucket", "models");
        assertEquals("restricted", bucket.tags().get("data-classification"));
        assertEquals("enforced", bucket.after().get("publicAccessPrevention").asText());
        assertTrue(bucket.unknownPaths().contains("/encryption/defaultKmsKeyName"));
        for (var pool : List.of("l4-pool", "h100-pool")) {
            var r = resource(plan, "gcp:container/nodePool:NodePool", pool);
            assertEquals("compute.gpu_node_group", r.kind());
            assertTrue(r.tags().keySet().containsAll(REQUIRED_TAGS), pool + " carries its nodes' labels");
            assertTrue(r.after().at("/nodeConfig/spot").booleanValue());
        }
        assertEquals("a3-highgpu-8g", resource(plan, "gcp:container/nodePool:NodePool", "h100-pool").after()
                .at("/nodeConfig/machineType").asText());
    }

    @Test
    void inferenceEuViolation() {
        var plan = plan("inference-eu", "violation");

        assertEquals(15, plan.resources().size(), "the public IAM member replaces the key grant");
        assertEquals(Set.of("us", "us-central1"), regions(plan));
        var bucket = resource(plan, "gcp:storage/bucket:Bucket", "models");
        assertEquals(new Location("us", null, Location.Basis.ATTRIBUTE, "/location"), bucket.location());
        assertFalse(bucket.after().has("encryption"));
        assertEquals("allUsers", resource(plan, "gcp:storage/bucketIAMMember:BucketIAMMember", "models-public-read")
                .after().get("member").asText());
    }

    @Test
    void inferenceEuCost() {
        // Dev: 2 spot g2-standard-8 (2 x 0.47082) + 1 spot a3-highgpu-8g (44.118779) in europe-west4, 730 hours.
        var dev = ESTIMATOR.estimate(plan("inference-eu", "dev"));
        assertBetween(32_850, 32_950, dev.totalMonthlyUsd());
        // Violation: 4 on-demand a3-highgpu-8g in us-central1 dominate.
        assertBetween(259_000, 260_500, monthly(plan("inference-eu", "violation")));
    }

    // ------------------------------------------------------------------ sovereign-de (AWS European Sovereign Cloud)

    @Test
    void sovereignDeDev() {
        var plan = plan("sovereign-de", "dev");

        assertEquals(22, plan.resources().size());
        assertEquals(Map.ofEntries(
                Map.entry("compute.instance", 2L), Map.entry("meta.component", 1L), Map.entry("meta.provider", 1L),
                Map.entry("meta.stack", 1L), Map.entry("network.firewall", 1L), Map.entry("network.route", 4L),
                Map.entry("network.subnet", 2L), Map.entry("network.vpc", 1L), Map.entry("security.iam", 3L),
                Map.entry("security.kms_key", 1L), Map.entry("storage.block_volume", 1L),
                Map.entry("storage.bucket_policy", 3L), Map.entry("storage.object_bucket", 1L)), kinds(plan));
        assertEquals(Set.of("eusc-de-east-1"), regions(plan));
        assertNoUnknownRegions(plan);

        var provider = resource(plan, "pulumi:providers:aws", "sovereign");
        var volume = resource(plan, "aws:ebs/volume:Volume", "dataset-cache");
        assertEquals(new Location("eusc-de-east-1", "eusc-de-east-1a", Location.Basis.ATTRIBUTE, "/availabilityZone"),
                volume.location());
        var instance = resource(plan, "aws:ec2/instance:Instance", "gpu-0");
        assertEquals(new Location("eusc-de-east-1", null, Location.Basis.PROVIDER_CONFIG, "provider sovereign: /region"),
                instance.location());
        assertTrue(plan.edges().contains(new Edge(instance.address(), provider.address(), Edge.Kind.PROVIDER, null)));

        // Tags come only from the provider's default tags, merged as AWS reports them in tagsAll.
        assertFalse(volume.after().has("tags"));
        assertTrue(volume.tags().keySet().containsAll(REQUIRED_TAGS));
        assertEquals("required", volume.tags().get("sovereignty"));
        assertEquals("gpu-0", instance.tags().get("Name"));
        assertEquals("required", instance.tags().get("sovereignty"));
        // Provider settings travel as JSON text; the plan shows them decoded where Pulumi's preview would.
        assertTrue(provider.after().get("skipRegionValidation").asBoolean());

        var key = resource(plan, "aws:kms/key:Key", "data-key");
        assertTrue(plan.edges().contains(new Edge(volume.address(), key.address(), Edge.Kind.PROPERTY_DEPENDENCY, "kmsKeyId")));
        assertEquals(Map.of("datasetBucket", "sovereign-de-dev-datasets", "instances", "2", "partition", "aws-eusc",
                        "region", "eusc-de-east-1"),
                plan.outputs().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().asText())));
    }

    @Test
    void sovereignDeViolation() {
        var plan = plan("sovereign-de", "violation");

        assertEquals(24, plan.resources().size());
        assertEquals(0, kinds(plan).getOrDefault("security.kms_key", 0L), "AWS-managed keys: no key of its own");
        assertEquals(Set.of("us-east-1"), regions(plan));
        var group = resource(plan, "aws:ec2/securityGroup:SecurityGroup", "sovereign-gpu-sg");
        assertTrue(group.after().get("ingress").toString().contains("0.0.0.0/0"));
        assertEquals("p5.48xlarge", resource(plan, "aws:ec2/instance:Instance", "gpu-3").after().get("instanceType").asText());
    }

    @Test
    void sovereignDeCost() {
        // Four on-demand p5.48xlarge in us-east-1 plus a 2 TB gp3 volume.
        assertBetween(160_900, 161_000, monthly(plan("sovereign-de", "violation")));
        // The catalogue has no price for the European Sovereign Cloud at all.
        var dev = ESTIMATOR.estimate(plan("sovereign-de", "dev"));
        assertTrue(cost(dev, "gpu-0").unpriced().contains("no spot price for g6e.12xlarge in eusc-de-east-1"),
                cost(dev, "gpu-0").unpriced().toString());
    }

    static ResourceCost cost(Estimate estimate, String name) {
        return estimate.resources().stream().filter(r -> r.address().endsWith("::" + name)).findFirst()
                .orElseThrow(() -> new AssertionError("no cost for " + name));
    }
}
