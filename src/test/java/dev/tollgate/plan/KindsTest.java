package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kind catalogue and the GPU machine-type recogniser. */
class KindsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final KindCatalog catalog = KindCatalog.standard();

    @ParameterizedTest
    @ValueSource(strings = {"p5.48xlarge", "p4d.24xlarge", "p5e.48xlarge", "p6-b200.48xlarge", "g6e.12xlarge", "g5g.xlarge",
            "g4dn.xlarge", "gr6.4xlarge", "trn1.32xlarge", "trn2.48xlarge", "inf2.xlarge", "dl1.24xlarge", "ml.p4d.24xlarge",
            "a2-highgpu-1g", "a3-highgpu-8g", "a3-megagpu-8g", "a4-highgpu-8g", "g2-standard-8",
            "Standard_NC24ads_A100_v4", "Standard_ND96isr_H100_v5", "Standard_NV36ads_A10_v5", "Standard_NCC40ads_H100_v5"})
    void gpuMachineTypes(String type) {
        assertTrue(GpuTypes.isGpu(type), type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"m6i.2xlarge", "c7g.large", "t3.micro", "r7a.xlarge", "i4g.large", "m5.4xlarge", "n2-standard-8",
            "e2-medium", "c3-highcpu-22", "Standard_D4s_v5", "Standard_E8as_v5", "Standard_NP10s", "db.r6g.large", ""})
    void notGpuMachineTypes(String type) {
        assertFalse(GpuTypes.isGpu(type), type);
    }

    @Test
    void nodeGroupsWithGpusAreGpuNodeGroups() throws Exception {
        JsonNode eks = MAPPER.readTree("{\"instance_types\": [\"m6i.large\", \"p5.48xlarge\"]}");
        assertEquals(Kinds.COMPUTE_GPU_NODE_GROUP, catalog.kindOf("aws_eks_node_group", eks));
        assertEquals(Kinds.COMPUTE_NODE_GROUP, catalog.kindOf("aws_eks_node_group", MAPPER.readTree("{\"instance_types\": [\"m6i.large\"]}")));
        JsonNode gke = MAPPER.readTree("{\"node_config\": [{\"machine_type\": \"n1-standard-8\", \"guest_accelerator\": [{\"type\": \"nvidia-tesla-t4\", \"count\": 1}]}]}");
        assertEquals(Kinds.COMPUTE_GPU_NODE_GROUP, catalog.kindOf("google_container_node_pool", gke));
        JsonNode gkeNoGpu = MAPPER.readTree("{\"node_config\": [{\"machine_type\": \"n1-standard-8\", \"guest_accelerator\": [{\"count\": 0}]}]}");
        assertEquals(Kinds.COMPUTE_NODE_GROUP, catalog.kindOf("google_container_node_pool", gkeNoGpu));
        assertEquals(Kinds.COMPUTE_GPU_NODE_GROUP, catalog.kindOf("azurerm_kubernetes_cluster_node_pool",
                MAPPER.readTree("{\"vm_size\": \"Standard_NC24ads_A100_v4\"}")));
        assertEquals(Kinds.COMPUTE_GPU_NODE_GROUP, catalog.kindOf("aws:eks/nodeGroup:NodeGroup",
                MAPPER.readTree("{\"instanceTypes\": [\"g6e.xlarge\"]}")));
        // A GPU instance is an instance: only groups become GPU node groups.
        assertEquals(Kinds.COMPUTE_INSTANCE, catalog.kindOf("aws_instance", MAPPER.readTree("{\"instance_type\": \"p5.48xlarge\"}")));
    }

    @Test
    void nodeGroupTakesItsGpuFromTheLaunchTemplate() throws Exception {
        Plan plan = PlanReader.read(new java.io.ByteArrayInputStream(generated(60)), "g.json");
        // Every generated cluster's GPU node group names no instance type: the launch template carries it.
        long gpuGroups = Examples.ofKind(plan, Kinds.COMPUTE_GPU_NODE_GROUP).size();
        long templates = Examples.ofKind(plan, Kinds.COMPUTE_LAUNCH_TEMPLATE).size();
        assertTrue(templates > 0);
        assertEquals(templates, gpuGroups);
        for (Resource r : Examples.ofKind(plan, Kinds.COMPUTE_GPU_NODE_GROUP)) assertFalse(r.values().has("instance_types"));
    }

    @Test
    void lookupsByExactTypePrefixAndSuffix() {
        assertEquals(Kinds.STORAGE_FILE_SYSTEM, catalog.lookup("aws_fsx_lustre_file_system").kind());
        assertEquals(Kinds.SECURITY_IAM, catalog.lookup("aws_iam_role_policy_attachment").kind());
        assertTrue(catalog.lookup("aws_iam_role_policy_attachment").global());
        assertEquals(Kinds.SECURITY_IAM, catalog.lookup("google_storage_bucket_iam_member").kind());
        assertEquals(Kinds.META_PROVIDER, catalog.lookup("pulumi:providers:aws").kind());
        assertEquals(Kinds.META_UTILITY, catalog.lookup("random_pet").kind());
        assertFalse(catalog.lookup("test_instance").known());
        assertEquals(Kinds.OTHER, catalog.kindOf("test_instance", null));
    }

    @Test
    void providerFamilies() {
        assertEquals(Resource.Provider.AWS, catalog.terraformProvider("aws_s3_bucket", "registry.terraform.io/hashicorp/aws"));
        assertEquals(Resource.Provider.GCP, catalog.terraformProvider("google_container_cluster", "registry.terraform.io/hashicorp/google-beta"));
        assertEquals(Resource.Provider.AZURE, catalog.terraformProvider("azurerm_linux_virtual_machine", null));
        assertEquals(Resource.Provider.KUBERNETES, catalog.terraformProvider("helm_release", null));
        assertEquals(Resource.Provider.OTHER, catalog.terraformProvider("null_resource", "registry.terraform.io/hashicorp/null"));
        assertEquals(Resource.Provider.AZURE, catalog.pulumiProvider("azure-native"));
    }

    @Test
    void everyKindInTheCatalogueIsAKnownKind() throws Exception {
        Set<String> known = new HashSet<>();
        for (Field f : Kinds.class.getFields()) known.add((String) f.get(null));
        JsonNode root;
        try (InputStream in = KindCatalog.class.getResourceAsStream("/plan/kinds.json")) {
            root = MAPPER.readTree(in);
        }
        for (String section : new String[]{"types", "prefixes", "suffixes"}) {
            root.get(section).fields().forEachRemaining(e -> {
                String kind = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().get("kind").asText();
                assertTrue(known.contains(kind), e.getKey() + " maps to " + kind + ", which Kinds does not define");
            });
        }
    }

    @Test
    void unknownTypesGetOneNoteEach() {
        Plan plan = PlanReader.read(SharedFixtures.dir("fixtures/terraform-plans")
                .resolve("terraform/internal/command/testdata/show-json/provider-aliasing/output.json"));
        assertEquals(1, plan.notes().size());
        assertEquals("unknown resource type test_instance (10 resources): kind other", plan.notes().get(0).message());
    }

    static byte[] generated(int resources) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new PlanGenerator(3).write(resources, out);
        return out.toByteArray();
    }
}
