package dev.tollgate.facts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.plan.Kinds;
import dev.tollgate.plan.Location;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;
import dev.tollgate.plan.Source;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What pricing adds to a check: estimating a 15,000-resource plan (target under 100 ms), and loading the bundled
 * catalogue, which a long-running service does once. The plan mixes the shapes real AI stacks have: GPU node
 * groups and pools on three clouds, instances, volumes, buckets, NAT gateways, free network resources and types
 * Tollgate does not price.
 * <p>
 * {@code mvn -Pbench verify -Dbench.args='EstimatorBench'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EstimatorBench {

    static final int RESOURCES = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Estimator estimator;
    private Plan plan;

    @Setup
    public void setUp() throws Exception {
        estimator = new Estimator(Catalogue.bundled(), Usage.parse("bench-usage.yml", """
                defaults:
                  utilization: 0.6
                resource_usage:
                  "aws_s3_bucket.*":
                    storage_gb: 20000
                    monthly_egress_gb: 500
                  "aws_nat_gateway.*":
                    monthly_data_processed_gb: 1000
                """), java.time.Clock.systemUTC(), Catalogue.DEFAULT_MAX_AGE);
        List<Resource> resources = new ArrayList<>(RESOURCES);
        String[][] templates = {
                {"aws_eks_node_group", "us-east-1", Kinds.COMPUTE_GPU_NODE_GROUP,
                        "{\"instance_types\":[\"p5.48xlarge\"],\"capacity_type\":\"ON_DEMAND\",\"scaling_config\":[{\"desired_size\":4,\"min_size\":2,\"max_size\":8}]}"},
                {"google_container_node_pool", "europe-west4", Kinds.COMPUTE_GPU_NODE_GROUP,
                        "{\"location\":\"europe-west4\",\"node_count\":2,\"node_config\":[{\"machine_type\":\"a3-highgpu-8g\",\"spot\":true}]}"},
                {"azurerm_kubernetes_cluster_node_pool", "westeurope", Kinds.COMPUTE_GPU_NODE_GROUP,
                        "{\"vm_size\":\"Standard_NC24ads_A100_v4\",\"node_count\":3,\"priority\":\"Regular\"}"},
                {"aws_instance", "eu-central-1", Kinds.COMPUTE_INSTANCE, "{\"instance_type\":\"g6e.xlarge\",\"root_block_device\":[{\"volume_type\":\"gp3\",\"volume_size\":200}]}"},
                {"aws_ebs_volume", "us-east-1", Kinds.STORAGE_BLOCK_VOLUME, "{\"type\":\"gp3\",\"size\":1000,\"iops\":6000}"},
                {"aws_s3_bucket", "us-east-1", Kinds.STORAGE_OBJECT_BUCKET, "{\"bucket\":\"data\"}"},
                {"aws_nat_gateway", "us-east-1", Kinds.NETWORK_NAT_GATEWAY, "{}"},
                {"aws_subnet", "us-east-1", Kinds.NETWORK_SUBNET, "{\"cidr_block\":\"10.0.1.0/24\"}"},
                {"aws_security_group", "us-east-1", Kinds.NETWORK_FIREWALL, "{}"},
                {"aws_instance", "eu-central-2", Kinds.COMPUTE_INSTANCE, "{\"instance_type\":\"g5.xlarge\"}"},
                {"aws_sagemaker_endpoint", "us-east-1", Kinds.OTHER, "{}"},
                {"google_compute_disk", "us-central1", Kinds.STORAGE_BLOCK_VOLUME, "{\"type\":\"pd-ssd\",\"size\":500}"},
        };
        List<JsonNode> parsed = new ArrayList<>();
        for (String[] t : templates) parsed.add(JSON.readTree(t[3]));
        for (int i = 0; i < RESOURCES; i++) {
            int k = i % templates.length;
            String[] t = templates[k];
            String address = "module.team" + (i / 500) + "." + t[0] + ".r" + i;
            Resource.Provider provider = t[0].startsWith("aws") ? Resource.Provider.AWS
                    : t[0].startsWith("google") ? Resource.Provider.GCP : Resource.Provider.AZURE;
            resources.add(new Resource(address, "r" + i, Resource.Mode.MANAGED, provider, t[0], t[2], Resource.Action.CREATE,
                    new Location(t[1], null, Location.Basis.ATTRIBUTE, "region"), null, parsed.get(k), Set.of(), Set.of(),
                    Map.of("team", "ml"), "module.team" + (i / 500), null));
        }
        plan = new Plan(new Source(Source.Tool.TOLLGATE, Source.Format.TOLLGATE_PLAN, null, "1", "bench"), "bench",
                resources, List.of(), Map.of(), Map.of(), List.of(), List.of());
    }

    @Benchmark
    public Estimate estimate15000Resources() {
        return estimator.estimate(plan);
    }

    @Benchmark
    public Catalogue loadBundledCatalogue() {
        return Catalogue.load(List.of());
    }
}
