package dev.tollgate.pulumi;

import com.google.protobuf.Empty;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pulumirpc.AnalyzerGrpc;
import pulumirpc.AnalyzerOuterClass.AnalyzeDiagnostic;
import pulumirpc.AnalyzerOuterClass.AnalyzeRequest;
import pulumirpc.AnalyzerOuterClass.AnalyzeStackRequest;
import pulumirpc.AnalyzerOuterClass.AnalyzerHandshakeRequest;
import pulumirpc.AnalyzerOuterClass.AnalyzerPropertyDependencies;
import pulumirpc.AnalyzerOuterClass.AnalyzerProviderResource;
import pulumirpc.AnalyzerOuterClass.AnalyzerResource;
import pulumirpc.AnalyzerOuterClass.AnalyzerStackConfigureRequest;
import pulumirpc.AnalyzerOuterClass.ConfigureAnalyzerRequest;
import pulumirpc.AnalyzerOuterClass.EnforcementLevel;
import pulumirpc.AnalyzerOuterClass.PolicyConfig;
import pulumirpc.AnalyzerOuterClass.PolicyInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The analyzer plugin as the Pulumi engine runs it: the launcher script started as a process from a folder whose path
 * has spaces, the port read from its first stdout line, and every RPC called over gRPC with resources of the stacks.
 */
class AnalyzerProtocolTest {
    @TempDir
    static Path temp;
    static Process plugin;
    static ManagedChannel channel;
    static AnalyzerGrpc.AnalyzerBlockingStub analyzer;
    static Path stderr;

    @BeforeAll
    static void startPlugin() throws Exception {
        // A Tollgate "install" and a policy pack, both under paths with spaces.
        var home = temp.resolve("tollgate home");
        var bin = Files.createDirectories(home.resolve("bin"));
        Files.copy(Path.of("bin/pulumi-analyzer-policy-tollgate"), bin.resolve("pulumi-analyzer-policy-tollgate"));
        MockRunnerTest.copyProject(Path.of("policies"), home.resolve("policies"));
        var pack = temp.resolve("my packs/tollgate pack");
        Files.createDirectories(pack);
        MockRunnerTest.copyProject(Path.of("examples/pulumi-policy-pack"), pack);
        stderr = temp.resolve("plugin.err");

        // As the engine does: the pack folder as working directory, engine address and pack folder as arguments.
        var started = System.nanoTime();
        var builder = new ProcessBuilder(bin.resolve("pulumi-analyzer-policy-tollgate").toString(), "--logtostderr", "-v=9",
                "127.0.0.1:0", pack.toString(), "-extra=ignored")
                .directory(pack.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("TOLLGATE_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().remove("TOLLGATE_POLICIES");
        plugin = builder.start();
        var stdout = new BufferedReader(new InputStreamReader(plugin.getInputStream(), StandardCharsets.UTF_8));
        var firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(180, TimeUnit.SECONDS);
        assertNotNull(firstLine, () -> "the plugin exited without a port: " + read(stderr));
        var port = Integer.parseInt(firstLine.trim());
        System.out.printf("analyzer: port line after %d ms%n", (System.nanoTime() - started) / 1_000_000);

        channel = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
        analyzer = AnalyzerGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopPlugin() throws Exception {
        if (channel != null) channel.shutdownNow();
        if (plugin != null) {
            plugin.destroy();
            assertTrue(plugin.waitFor(10, TimeUnit.SECONDS), "the plugin stops when told to");
        }
    }

    @Test
    void answersHandshakeInfoAndPluginInfo() {
        analyzer.handshake(AnalyzerHandshakeRequest.newBuilder().setEngineAddress("127.0.0.1:1").setRootDirectory("/").build());

        var info = analyzer.getAnalyzerInfo(Empty.getDefaultInstance());
        assertEquals("tollgate", info.getName());
        assertEquals("0.1.0", info.getVersion());
        assertTrue(info.getSupportsConfig());
        var byName = info.getPoliciesList().stream().collect(Collectors.toMap(PolicyInfo::getName, p -> p));
        assertEquals(EnforcementLevel.MANDATORY, byName.get("residency.store_jurisdiction").getEnforcementLevel());
        assertEquals(EnforcementLevel.ADVISORY, byName.get("cost.unpriced_cap").getEnforcementLevel());
        assertEquals("Classified stores stay in allowed jurisdictions", byName.get("residency.store_jurisdiction").getDisplayName());
        assertFalse(byName.get("residency.store_jurisdiction").getDescription().isEmpty());
        // The config schema of a cost policy describes the cost parameters it can be given.
        var schema = byName.get("cost.stack_budget").getConfigSchema().getProperties().getFieldsMap();
        assertEquals("object", schema.get("stack_monthly_usd").getStructValue().getFieldsMap().get("type").getStringValue());

        assertEquals("0.1.0", analyzer.getPluginInfo(Empty.getDefaultInstance()).getVersion());
    }

    @Test
    void analyzeAndAnalyzeStackReportViolationsOnceWithTheirLevels() throws Exception {
        configure("violation", "gpu-training", Map.of("aws:region", "us-east-1"));
        analyzer.configure(ConfigureAnalyzerRequest.newBuilder()
                .putPolicyConfig("carbon.lower_carbon_region", PolicyConfig.newBuilder().setEnforcementLevel(EnforcementLevel.DISABLED).build())
                .build());
        var resources = resources(MockRunnerTest.GPU_TRAINING, "violation", "us-east-1");
        var bucket = resources.stream().filter(r -> r.getType().equals("aws:s3/bucketV2:BucketV2")).findFirst().orElseThrow();

        var started = System.nanoTime();
        var one = analyzer.analyze(AnalyzeRequest.newBuilder().setType(bucket.getType()).setUrn(bucket.getUrn())
                .setName(bucket.getName()).setProperties(bucket.getProperties()).setProvider(bucket.getProvider()).build());
        var analyzeMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Set.of("residency.store_jurisdiction", "sovereign.placement", "sovereign.customer_managed_key"), policies(one.getDiagnosticsList()));
        for (var d : one.getDiagnosticsList()) {
            assertEquals(bucket.getUrn(), d.getUrn());
            assertEquals(EnforcementLevel.MANDATORY, d.getEnforcementLevel());
            assertEquals("tollgate", d.getPolicyPackName());
            assertEquals("0.1.0", d.getPolicyPackVersion());
        }

        started = System.nanoTime();
        var all = analyzer.analyzeStack(AnalyzeStackRequest.newBuilder().addAllResources(resources).build());
        var stackMs = (System.nanoTime() - started) / 1_000_000;
        var mandatory = all.getDiagnosticsList().stream().filter(d -> d.getEnforcementLevel() == EnforcementLevel.MANDATORY).toList();
        assertTrue(policies(mandatory).containsAll(Set.of("cost.resource_ceiling", "cost.change_delta", "exposure.public_bucket",
                "sovereign.placement")), policies(mandatory).toString());
        // What Analyze already said about the bucket is not said twice.
        assertTrue(all.getDiagnosticsList().stream().noneMatch(d -> d.getUrn().equals(bucket.getUrn())
                && d.getPolicyName().equals("residency.store_jurisdiction")));
        // Stack-wide findings have no resource URN.
        assertTrue(all.getDiagnosticsList().stream().anyMatch(d -> d.getPolicyName().equals("cost.change_delta") && d.getUrn().isEmpty()));
        assertTrue(all.getDiagnosticsList().stream().anyMatch(d -> d.getEnforcementLevel() == EnforcementLevel.ADVISORY
                && d.getPolicyName().equals("cost.unpriced_cap")));
        assertTrue(all.getDiagnosticsList().stream().noneMatch(d -> d.getPolicyName().equals("carbon.lower_carbon_region")),
                "disabled by the policy pack config");
        System.out.printf("analyzer: Analyze %d ms, AnalyzeStack of %d resources %d ms%n", analyzeMs, resources.size(), stackMs);
    }

    @Test
    void aDevStackGetsNoMandatoryDiagnostics() throws Exception {
        configure("dev", "sovereign-de", Map.of());
        var all = analyzer.analyzeStack(AnalyzeStackRequest.newBuilder()
                .addAllResources(resources(Path.of("stacks/sovereign-de"), "dev", null)).build());
        assertTrue(all.getDiagnosticsList().stream().noneMatch(d -> d.getEnforcementLevel() == EnforcementLevel.MANDATORY),
                all.getDiagnosticsList().toString());
        assertFalse(all.getDiagnosticsList().isEmpty(), "advisories still come through");
    }

    @Test
    void remediateChangesNothing() {
        assertEquals(0, analyzer.remediate(AnalyzeRequest.newBuilder().setType("aws:s3/bucketV2:BucketV2").build())
                .getRemediationsCount());
    }

    static void configure(String stack, String project, Map<String, String> config) {
        analyzer.configureStack(AnalyzerStackConfigureRequest.newBuilder().setStack(stack).setProject(project)
                .setOrganization("organization").setDryRun(true).putAllConfig(config).build());
    }

    static Set<String> policies(List<AnalyzeDiagnostic> diagnostics) {
        return diagnostics.stream().map(AnalyzeDiagnostic::getPolicyName).collect(Collectors.toSet());
    }

    /**
     * A stack's resources as the engine sends them: custom resources carry their provider, the default one included
     * (the real engine registers default providers, which mocks do not).
     */
    static List<AnalyzerResource> resources(Path dir, String stack, String defaultRegion) throws Exception {
        var run = MockRunnerTest.run(dir, stack);
        var byUrn = run.registrations().stream().collect(Collectors.toMap(Registration::urn, r -> r));
        var project = PulumiProject.load(dir).name();
        var out = new java.util.ArrayList<AnalyzerResource>();
        for (var r : run.registrations()) {
            var b = AnalyzerResource.newBuilder().setType(r.type()).setUrn(r.urn()).setName(r.name())
                    .setProperties(struct(r.inputs().toString())).setParent(r.parent()).addAllDependencies(r.dependencies());
            r.propertyDependencies().forEach((k, v) -> b.putPropertyDependencies(k, AnalyzerPropertyDependencies.newBuilder().addAllUrns(v).build()));
            if (r.custom() && !r.isProvider()) {
                var p = AnalyzerProviderResource.newBuilder();
                if (r.providerUrn() != null) {
                    var provider = byUrn.get(r.providerUrn());
                    p.setType(provider.type()).setUrn(provider.urn()).setName(provider.name()).setProperties(struct(provider.inputs().toString()));
                } else {
                    var name = "default_6_83_0";
                    p.setType("pulumi:providers:" + r.packageName()).setName(name)
                            .setUrn("urn:pulumi:" + stack + "::" + project + "::pulumi:providers:" + r.packageName() + "::" + name)
                            .setProperties(struct("{\"region\":\"" + defaultRegion + "\"}"));
                }
                b.setProvider(p);
            }
            out.add(b.build());
        }
        return out;
    }

    static Struct struct(String json) throws Exception {
        var b = Struct.newBuilder();
        JsonFormat.parser().merge(json, b);
        return b.build();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }
}
