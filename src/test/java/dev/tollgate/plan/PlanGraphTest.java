package dev.tollgate.plan;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edges from Terraform references and depends_on, and Pulumi parents/dependencies, navigated both ways. */
class PlanGraphTest {

    private static Set<String> targets(List<Edge> edges) {
        return edges.stream().map(Edge::to).collect(Collectors.toSet());
    }

    private static Set<String> sources(List<Edge> edges) {
        return edges.stream().map(Edge::from).collect(Collectors.toSet());
    }

    @Test
    void nodeGroupUsesItsClusterSubnetsAndRole() {
        PlanGraph g = new PlanGraph(PlanReader.read(Examples.TRAINING_EU));
        List<Edge> uses = g.uses("aws_eks_node_group.gpu");
        assertTrue(targets(uses).containsAll(Set.of("aws_eks_cluster.main", "aws_subnet.private[0]", "aws_subnet.private[1]",
                "aws_iam_role.nodes")), targets(uses).toString());
        Edge cluster = uses.stream().filter(e -> e.to().equals("aws_eks_cluster.main")).findFirst().orElseThrow();
        assertEquals(Edge.Kind.REFERENCE, cluster.kind());
        assertEquals("cluster_name", cluster.attribute());
        assertTrue(uses.stream().anyMatch(e -> e.kind() == Edge.Kind.DEPENDS_ON
                && e.to().equals("aws_iam_role_policy_attachment.nodes[\"AmazonEKS_CNI_Policy\"]")), "depends_on reaches every for_each instance");
    }

    @Test
    void encryptionAndFileSystemEdges() {
        PlanGraph g = new PlanGraph(PlanReader.read(Examples.TRAINING_EU));
        Edge sse = g.uses("aws_s3_bucket_server_side_encryption_configuration.datasets").stream()
                .filter(e -> e.to().equals("aws_kms_key.datasets")).findFirst().orElseThrow();
        assertEquals("rule.apply_server_side_encryption_by_default.kms_master_key_id", sse.attribute());
        // subnet_ids = [aws_subnet.private[0].id]: only instance 0, not both
        Set<String> fsxSubnets = targets(g.uses("aws_fsx_lustre_file_system.scratch")).stream()
                .filter(a -> a.startsWith("aws_subnet.")).collect(Collectors.toSet());
        assertEquals(Set.of("aws_subnet.private[0]"), fsxSubnets);
    }

    @Test
    void usedByIsTheReverse() {
        PlanGraph g = new PlanGraph(PlanReader.read(Examples.TRAINING_EU));
        assertTrue(sources(g.usedBy("aws_kms_key.datasets")).containsAll(Set.of(
                "aws_eks_cluster.main", "aws_fsx_lustre_file_system.scratch",
                "aws_s3_bucket_server_side_encryption_configuration.datasets")));
        assertTrue(sources(g.usedBy("aws_subnet.private[1]")).contains("aws_eks_node_group.gpu"));
        assertFalse(sources(g.usedBy("aws_subnet.private[1]")).contains("aws_fsx_lustre_file_system.scratch"));
        assertTrue(g.usedBy("aws_eks_node_group.gpu").isEmpty());
    }

    @Test
    void residencyPathFromTheRestrictedBucketToItsUsReplica() {
        PlanGraph g = new PlanGraph(PlanReader.read(Examples.INFERENCE_US_LEAK));
        List<Edge> path = g.path("aws_s3_bucket.datasets", "aws_s3_bucket.replica").orElseThrow();
        assertEquals(2, path.size(), path.toString());
        // Through something that uses both: the replication configuration or the replication role policy.
        String via = path.get(0).from();
        assertEquals(via, path.get(1).from());
        assertTrue(Set.of("aws_s3_bucket_replication_configuration.datasets", "aws_iam_role_policy.replication").contains(via), via);
        assertTrue(g.dependencyPath("aws_s3_bucket.datasets", "aws_s3_bucket.replica").isEmpty(), "no directed chain between two buckets");
        assertEquals(List.of(), g.path("aws_s3_bucket.datasets", "aws_s3_bucket.datasets").orElseThrow());
        assertTrue(g.path("aws_s3_bucket.datasets", "nothing.here").isEmpty());
    }

    @Test
    void directedPathsAndTransitiveDependencies() {
        PlanGraph g = new PlanGraph(PlanReader.read(Examples.INFERENCE_US_LEAK));
        List<Edge> chain = g.dependencyPath("aws_eks_node_group.us", "aws_vpc.us").orElseThrow();
        assertEquals("aws_eks_node_group.us", chain.get(0).from());
        assertEquals("aws_vpc.us", chain.get(chain.size() - 1).to());
        for (int i = 1; i < chain.size(); i++) assertEquals(chain.get(i - 1).to(), chain.get(i).from());
        assertTrue(g.dependencies("aws_eks_node_group.us").containsAll(List.of("aws_eks_cluster.us", "aws_vpc.us", "aws_iam_role.cluster")));
    }

    @Test
    void moduleInstancesAreNeverLinkedAcrossEachOther() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PlanGenerator(7).write(200, out);
        Plan plan = PlanReader.read(new ByteArrayInputStream(out.toByteArray()), "generated.json");
        assertFalse(plan.edges().isEmpty());
        for (Edge e : plan.edges()) {
            String fromModule = e.from().substring(0, e.from().indexOf("].") + 1);
            String toModule = e.to().substring(0, e.to().indexOf("].") + 1);
            assertEquals(fromModule, toModule, e.toString());
        }
    }

    @Test
    void terraformModuleReferencesFollowOutputsAndDependsOn() {
        Plan plan = PlanReader.read(SharedFixtures.dir("fixtures/terraform-plans")
                .resolve("terraform-json/testdata/013_module_depends_on/plan.json"));
        PlanGraph g = new PlanGraph(plan);
        // module "foo" { depends_on = [null_resource.bar] }: everything in the module depends on bar.
        assertTrue(g.uses("module.foo.null_resource.resource").stream()
                .anyMatch(e -> e.to().equals("null_resource.bar") && e.kind() == Edge.Kind.DEPENDS_ON));
        assertTrue(g.uses("module.foo.data.null_data_source.data").stream()
                .anyMatch(e -> e.to().equals("null_resource.bar") && e.kind() == Edge.Kind.DEPENDS_ON));
    }

    @Test
    void pulumiParentsDependenciesAndProviders() {
        PlanGraph g = new PlanGraph(PlanReader.read(Examples.PULUMI_PREVIEW));
        String p = "urn:pulumi:prod::gpu-train::";
        List<Edge> uses = g.uses(p + "aws:eks/nodeGroup:NodeGroup::gpu");
        assertTrue(uses.contains(new Edge(p + "aws:eks/nodeGroup:NodeGroup::gpu", p + "aws:eks/cluster:Cluster::training",
                Edge.Kind.PROPERTY_DEPENDENCY, "clusterName")));
        assertTrue(uses.stream().anyMatch(e -> e.kind() == Edge.Kind.DEPENDENCY));
        assertTrue(uses.stream().anyMatch(e -> e.kind() == Edge.Kind.PARENT && e.to().endsWith("pulumi:pulumi:Stack::gpu-train-prod")));
        assertTrue(uses.stream().anyMatch(e -> e.kind() == Edge.Kind.PROVIDER && e.to().equals(p + "pulumi:providers:aws::us")));
        assertEquals(7, g.usedBy(p + "pulumi:pulumi:Stack::gpu-train-prod").size());
    }
}
