package dev.tollgate.pulumi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MockRunnerTest {
    static final Path GPU_TRAINING = Path.of("stacks/gpu-training");
    static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    static ProgramRun run(Path dir, String stack) {
        var project = PulumiProject.load(dir);
        try (var loader = ProgramLoader.shared()) {
            return MockRunner.run(loader, project, StackConfig.load(project, stack));
        }
    }

    static Registration find(ProgramRun run, String type, String name) {
        return run.registrations().stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + name + " in " + run.registrations()));
    }

    @Test
    void recordsEveryRegistrationInProgramOrderWithUrns() {
        var run = run(GPU_TRAINING, "dev");

        assertEquals(28, run.registrations().size());
        var stack = run.registrations().get(0);
        assertEquals("pulumi:pulumi:Stack", stack.type());
        assertEquals("urn:pulumi:dev::gpu-training::pulumi:pulumi:Stack::gpu-training-dev", stack.urn());
        assertEquals("aws:kms/key:Key", run.registrations().get(1).type());
        assertTrue(run.registrations().stream().allMatch(r -> r.operation() == Registration.Operation.REGISTER));
        assertTrue(run.invokes().isEmpty());
    }

    @Test
    void ordersRegistrationsAsTheProgramConstructsThem() {
        var first = run(Path.of("stacks/sovereign-de"), "violation").registrations().stream().map(Registration::name).toList();
        for (int i = 0; i < 3; i++) {
            var again = run(Path.of("stacks/sovereign-de"), "violation").registrations().stream().map(Registration::name).toList();
            assertEquals(first, again);
        }
        assertEquals(List.of("sovereign-de-violation", "sovereign", "sovereign", "sovereign-vpc"), first.subList(0, 4));
        assertEquals(List.of("gpu-0", "gpu-1", "gpu-2", "gpu-3", "dataset-cache"), first.subList(first.indexOf("gpu-0"), first.indexOf("gpu-0") + 5));
    }

    @Test
    void capturesParentDependenciesPropertyDependenciesAndUnknowns() {
        var run = run(GPU_TRAINING, "dev");
        var network = find(run, "gputraining:index:Network", "training");
        var vpc = find(run, "aws:ec2/vpc:Vpc", "training-vpc");
        var subnet = find(run, "aws:ec2/subnet:Subnet", "training-private-a");
        var nat = find(run, "aws:ec2/natGateway:NatGateway", "training-nat");
        var gateway = find(run, "aws:ec2/internetGateway:InternetGateway", "training-igw");
        var sse = find(run, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                "datasets-encryption");
        var key = find(run, "aws:kms/key:Key", "data-key");

        assertFalse(network.custom());
        assertEquals(network.urn(), vpc.parent());
        assertTrue(vpc.urn().contains("$gputraining:index:Network$aws:ec2/vpc:Vpc::training-vpc"));
        assertEquals(List.of(vpc.urn()), subnet.propertyDependencies().get("vpcId"));
        // dependsOn(gateway) is a dependency without a property behind it.
        assertTrue(nat.dependencies().contains(gateway.urn()));
        assertFalse(nat.propertyDependencies().values().stream().anyMatch(urns -> urns.contains(gateway.urn())));
        assertEquals(List.of(key.urn()), sse.propertyDependencies().get("rules"));

        // A new resource has no id yet, so whatever is derived from one is unknown, as in a real preview.
        assertEquals(UNKNOWN, subnet.inputs().get("vpcId").asText());
        var byDefault = sse.inputs().at("/rules/0/applyServerSideEncryptionByDefault");
        assertEquals("aws:kms", byDefault.get("sseAlgorithm").asText());
        assertEquals(UNKNOWN, byDefault.get("kmsMasterKeyId").asText());
        // An ARN is computed by the provider: unknown, yet still a dependency of what uses it.
        var cluster = find(run, "aws:eks/cluster:Cluster", "training");
        assertEquals(UNKNOWN, cluster.inputs().at("/encryptionConfig/provider/keyArn").asText());
        assertTrue(cluster.propertyDependencies().get("encryptionConfig").contains(key.urn()));
        assertEquals(2400.0, find(run, "aws:fsx/lustreFileSystem:LustreFileSystem", "scratch").inputs().get("storageCapacity").asDouble());
    }

    @Test
    void defaultProviderIsEmptyAndTypesDeclareTheirOutputs() {
        var run = run(GPU_TRAINING, "dev");
        var nodes = find(run, "aws:eks/nodeGroup:NodeGroup", "gpu-nodes");

        assertEquals("", nodes.provider());
        assertNull(nodes.providerUrn());
        assertEquals("6.83.0", nodes.packageVersion());
        assertTrue(nodes.outputProperties().containsAll(List.of("arn", "capacityType", "tags", "tagsAll")));
        assertFalse(nodes.outputProperties().contains("id"));
        assertEquals(List.of(), find(run, "gputraining:index:Network", "training").outputProperties());
    }

    @Test
    void configDecidesWhatTheProgramRegisters() {
        var dev = run(GPU_TRAINING, "dev");
        var violation = run(GPU_TRAINING, "violation");
        var devNodes = find(dev, "aws:eks/nodeGroup:NodeGroup", "gpu-nodes").inputs();
        var violationNodes = find(violation, "aws:eks/nodeGroup:NodeGroup", "gpu-nodes").inputs();

        assertEquals("SPOT", devNodes.get("capacityType").asText());
        assertEquals("ON_DEMAND", violationNodes.get("capacityType").asText());
        assertEquals(4.0, violationNodes.at("/scalingConfig/desiredSize").asDouble());
        // The violation config adds a public bucket policy.
        assertEquals(dev.registrations().size() + 1, violation.registrations().size());
        assertTrue(find(violation, "aws:s3/bucketPolicy:BucketPolicy", "datasets-public-read").inputs()
                .get("policy").asText().contains("\"Principal\":\"*\""));
    }

    @Test
    void explicitProviderIsReferencedByUrnAndId() {
        var run = run(Path.of("stacks/sovereign-de"), "dev");
        var provider = find(run, "pulumi:providers:aws", "sovereign");
        var volume = find(run, "aws:ebs/volume:Volume", "dataset-cache");

        assertEquals(provider.urn(), volume.providerUrn());
        assertTrue(volume.provider().startsWith(provider.urn() + "::"));
        assertEquals("eusc-de-east-1", provider.inputs().get("region").asText());
    }

    @Test
    void stackOutputsAreKnownOrUnknownAsInAPreview() {
        var run = run(Path.of("stacks/sovereign-de"), "dev");

        assertEquals("aws-eusc", run.outputs().get("partition").value().asText());
        assertTrue(run.outputs().get("partition").known());
        assertEquals(2, run.outputs().get("instances").value().asInt());
        assertEquals("sovereign-de-dev-datasets", run.outputs().get("datasetBucket").value().asText());
    }

    @Test
    void aMissingRequiredConfigValueFailsNamingTheKey(@TempDir Path dir) throws IOException {
        copyProject(GPU_TRAINING, dir);
        Files.writeString(dir.resolve("Pulumi.dev.yaml"), """
                config:
                  aws:region: eu-central-1
                  gpu-training:team: ml-platform
                """);

        var e = assertThrows(PulumiException.class, () -> run(dir, "dev"));
        assertTrue(e.getMessage().contains("the program failed under mocks"), e.getMessage());
        assertTrue(e.getMessage().contains("gpu-training:project"), e.getMessage());
    }

    @Test
    void aProgramWithoutAContextMethodIsRefusedWithTheFix(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: lambda-only\nruntime: java\n");
        Files.writeString(dir.resolve("Pulumi.dev.yaml"), "config: {}\n");
        var source = dir.resolve("src/main/java/dev/tollgate/pulumi/fixture/LambdaOnly.java");
        Files.createDirectories(source.getParent());
        // The class itself is compiled into the tests; only its source path matters for discovery.
        Files.writeString(source, "// see src/test/java/dev/tollgate/pulumi/fixture/LambdaOnly.java\n");

        var e = assertThrows(PulumiException.class, () -> run(dir, "dev"));
        assertTrue(e.getMessage().contains("public static void stack(Context ctx)"), e.getMessage());
    }

    static void copyProject(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (var f : files.filter(p -> !p.toString().contains("target")).toList()) {
                var target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }
}
