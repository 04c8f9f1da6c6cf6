package dev.tollgate.facts;

import dev.tollgate.plan.Kinds;
import dev.tollgate.plan.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.tollgate.facts.TestPlans.plan;
import static dev.tollgate.facts.TestPlans.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimatorComputeTest {

    static final BigDecimal HOURS = BigDecimal.valueOf(730);
    static final Catalogue CATALOGUE = Catalogue.bundled();

    static BigDecimal price(String provider, String sku, String region, PriceModel model) {
        return CATALOGUE.price(provider, Catalogue.COMPUTE, sku, region, model).orElseThrow().amount();
    }

    static ResourceCost one(Resource r) {
        return new Estimator(CATALOGUE).estimate(plan(r)).resources().get(0);
    }

    static ResourceCost one(Resource r, String usageYaml) {
        return new Estimator(CATALOGUE, Usage.parse("usage.yml", usageYaml), Clock.systemUTC(), Catalogue.DEFAULT_MAX_AGE)
                .estimate(plan(r)).resources().get(0);
    }

    static void assertMoney(BigDecimal expected, BigDecimal actual) {
        assertEquals(0, expected.compareTo(actual), "expected " + expected + " but was " + actual);
    }

    static Resource eksGroup(String region, String after) {
        return res("aws_eks_node_group.gpu", "aws_eks_node_group").kind(Kinds.COMPUTE_GPU_NODE_GROUP).region(region).after(after).build();
    }

    // ---- node group scaling ----

    @Test
    void nodeGroupIsPricedAtDesiredSize() {
        ResourceCost c = one(eksGroup("us-east-1",
                "{'instance_types':['p5.48xlarge'],'capacity_type':'ON_DEMAND','scaling_config':[{'desired_size':4,'min_size':2,'max_size':8}]}"));
        assertMoney(price("aws", "p5.48xlarge", "us-east-1", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(4)).multiply(HOURS), c.monthlyUsd());
        assertMoney(BigDecimal.valueOf(4 * 730), c.components().get(0).quantity());
        assertTrue(c.assumptions().contains("priced at scaling_config.desired_size = 4 (scales 2..8)"), c.assumptions().toString());
    }

    @Test
    void usageNodesOverrideDesiredSize() {
        ResourceCost c = one(eksGroup("us-east-1",
                        "{'instance_types':['p5.48xlarge'],'scaling_config':[{'desired_size':4,'min_size':2,'max_size':8}]}"),
                "resource_usage:\n  aws_eks_node_group.gpu:\n    nodes: 6\n    monthly_hours: 400\n");
        assertMoney(price("aws", "p5.48xlarge", "us-east-1", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(6 * 400)), c.monthlyUsd());
        assertTrue(c.assumptions().contains("nodes = 6 nodes (usage entry 'aws_eks_node_group.gpu')"), c.assumptions().toString());
        assertTrue(c.assumptions().contains("monthly_hours = 400 hours (usage entry 'aws_eks_node_group.gpu')"), c.assumptions().toString());
    }

    @Test
    void unknownDesiredSizeFallsBackToMinimum() {
        Resource r = res("aws_eks_node_group.gpu", "aws_eks_node_group").region("us-east-1")
                .after("{'instance_types':['g5.xlarge'],'scaling_config':[{'min_size':2,'max_size':8}]}")
                .unknown("/scaling_config/0/desired_size").build();
        ResourceCost c = one(r);
        assertMoney(price("aws", "g5.xlarge", "us-east-1", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(2)).multiply(HOURS), c.monthlyUsd());
        assertTrue(c.assumptions().contains("scaling_config.desired_size unknown until apply: priced at min_size = 2 (scales 2..8)"), c.assumptions().toString());
    }

    @Test
    void pulumiNodeGroupReadsCamelCaseInputs() {
        Resource r = res("urn:pulumi:dev::ml::aws:eks/nodeGroup:NodeGroup::gpu", "aws:eks/nodeGroup:NodeGroup").region("eu-central-1")
                .after("{'instanceTypes':['g6e.xlarge'],'capacityType':'ON_DEMAND','scalingConfig':{'desiredSize':3,'minSize':1,'maxSize':5}}").build();
        ResourceCost c = one(r);
        assertEquals(ResourceCost.Status.PRICED, c.status(), c.unpriced().toString());
        assertMoney(price("aws", "g6e.xlarge", "eu-central-1", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(3)).multiply(HOURS), c.monthlyUsd());
    }

    @Test
    void pulumiInstancesReadTheirInputNames() {
        Resource ec2 = res("urn:pulumi:dev::ml::aws:ec2/instance:Instance::train", "aws:ec2/instance:Instance").region("us-east-1")
                .after("{'instanceType':'p5.4xlarge','instanceMarketOptions':{'marketType':'spot'}}").build();
        assertEquals(List.of("no spot price for p5.4xlarge in us-east-1 (us-east-1 has on_demand)"), one(ec2).unpriced());
        Resource gce = res("urn:pulumi:dev::ml::gcp:compute/instance:Instance::train", "gcp:compute/instance:Instance").zone("europe-west4-a")
                .after("{'machineType':'a3-highgpu-8g','scheduling':{'provisioningModel':'SPOT'},'guestAccelerators':[{'type':'nvidia-h100-80gb','count':8}]}").build();
        ResourceCost g = one(gce);
        assertMoney(price("gcp", "a3-highgpu-8g", "europe-west4", PriceModel.SPOT).multiply(HOURS), g.monthlyUsd());
        assertTrue(g.notes().contains("accelerators are part of the a3-highgpu-8g machine price"), g.notes().toString());
        Resource vm = res("urn:pulumi:dev::ml::azure-native:compute:VirtualMachine::train", "azure-native:compute:VirtualMachine").region("swedencentral")
                .after("{'hardwareProfile':{'vmSize':'Standard_ND96isr_H100_v5'},'priority':'Regular'}").build();
        assertMoney(price("azure", "Standard_ND96isr_H100_v5", "swedencentral", PriceModel.ON_DEMAND).multiply(HOURS), one(vm).monthlyUsd());
    }

    @Test
    void gkeRegionalPoolCountsNodesPerZone() {
        Resource regional = res("google_container_node_pool.a3", "google_container_node_pool").region("europe-west4")
                .after("{'location':'europe-west4','node_count':2,'node_config':[{'machine_type':'a3-highgpu-8g'}]}").build();
        ResourceCost c = one(regional);
        assertMoney(price("gcp", "a3-highgpu-8g", "europe-west4", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(6)).multiply(HOURS), c.monthlyUsd());
        assertTrue(c.assumptions().contains("regional node pool: node counts are per zone, x 3 zones"), c.assumptions().toString());

        Resource twoZones = res("google_container_node_pool.a3", "google_container_node_pool").region("europe-west4")
                .after("{'location':'europe-west4','node_locations':['europe-west4-a','europe-west4-b'],'node_count':2,"
                        + "'node_config':[{'machine_type':'a3-highgpu-8g'}]}").build();
        assertMoney(price("gcp", "a3-highgpu-8g", "europe-west4", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(4)).multiply(HOURS), one(twoZones).monthlyUsd());
    }

    @Test
    void gkePoolTotalAutoscalingLimitsAreNotMultiplied() {
        Resource r = res("gcp:container/nodePool:NodePool", "gcp:container/nodePool:NodePool").region("us-central1")
                .after("{'location':'us-central1','nodeConfig':{'machineType':'g2-standard-8'},'autoscaling':{'totalMinNodeCount':1,'totalMaxNodeCount':10}}")
                .unknown("/nodeCount").build();
        ResourceCost c = one(r);
        assertMoney(price("gcp", "g2-standard-8", "us-central1", PriceModel.ON_DEMAND).multiply(HOURS), c.monthlyUsd());
    }

    // ---- purchase options ----

    @Test
    void gkeSpotPoolUsesTheSpotPrice() {
        Resource r = res("google_container_node_pool.spot", "google_container_node_pool").zone("europe-west4-a")
                .after("{'location':'europe-west4-a','node_count':1,'node_config':[{'machine_type':'a3-highgpu-8g','spot':true}]}").build();
        ResourceCost c = one(r);
        assertEquals("spot", c.priceModel());
        assertMoney(price("gcp", "a3-highgpu-8g", "europe-west4", PriceModel.SPOT).multiply(HOURS), c.monthlyUsd());
        assertTrue(c.assumptions().contains("spot pricing: node_config.spot = true"), c.assumptions().toString());
    }

    @Test
    void gcpProvisioningModelSpotAndPreemptibleAreSpot() {
        Resource spot = res("google_compute_instance.a", "google_compute_instance").zone("us-central1-a")
                .after("{'machine_type':'a2-highgpu-1g','scheduling':[{'provisioning_model':'SPOT'}]}").build();
        Resource preemptible = res("google_compute_instance.b", "google_compute_instance").zone("us-central1-a")
                .after("{'machine_type':'a2-highgpu-1g','scheduling':[{'preemptible':true}]}").build();
        BigDecimal expected = price("gcp", "a2-highgpu-1g", "us-central1", PriceModel.SPOT).multiply(HOURS);
        assertMoney(expected, one(spot).monthlyUsd());
        assertMoney(expected, one(preemptible).monthlyUsd());
    }

    @Test
    void azureSpotPriorityUsesTheSpotPrice() {
        Resource r = res("azurerm_kubernetes_cluster_node_pool.gpu", "azurerm_kubernetes_cluster_node_pool").region("westeurope")
                .after("{'vm_size':'Standard_NC24ads_A100_v4','node_count':2,'priority':'Spot'}").build();
        ResourceCost c = one(r);
        assertEquals("spot", c.priceModel());
        assertMoney(price("azure", "Standard_NC24ads_A100_v4", "westeurope", PriceModel.SPOT).multiply(BigDecimal.valueOf(2)).multiply(HOURS), c.monthlyUsd());
    }

    @Test
    void eksSpotWithoutASpotPriceIsUnpricedNotOnDemand() {
        ResourceCost c = one(eksGroup("us-east-1", "{'instance_types':['g5.xlarge'],'capacity_type':'SPOT','scaling_config':[{'desired_size':2}]}"));
        assertEquals(ResourceCost.Status.UNPRICED, c.status());
        assertMoney(BigDecimal.ZERO, c.monthlyUsd());
        assertEquals(List.of("no spot price for g5.xlarge in us-east-1 (us-east-1 has on_demand)"), c.unpriced());
        assertEquals("spot", c.priceModel());
    }

    @Test
    void committedUseFromTagOrUsage() {
        Resource tagged = res("google_compute_instance.train", "google_compute_instance").zone("europe-west4-b")
                .after("{'machine_type':'a3-highgpu-8g'}").tag("tollgate:price-model", "cud_1y").build();
        ResourceCost c = one(tagged);
        assertEquals("cud_1y", c.priceModel());
        assertMoney(price("gcp", "a3-highgpu-8g", "europe-west4", PriceModel.CUD_1Y).multiply(HOURS), c.monthlyUsd());
        assertTrue(c.assumptions().contains("price model cud_1y (tag tollgate:price-model)"));

        ResourceCost fromUsage = one(tagged, "resource_usage:\n  google_compute_instance.*:\n    price_model: cud_3y\n");
        assertEquals("cud_3y", fromUsage.priceModel());
        assertMoney(price("gcp", "a3-highgpu-8g", "europe-west4", PriceModel.CUD_3Y).multiply(HOURS), fromUsage.monthlyUsd());
    }

    @Test
    void savingsPlanFromUsageAndMissingReservedPrice() {
        Resource vm = res("azurerm_linux_virtual_machine.a100", "azurerm_linux_virtual_machine").region("westeurope")
                .after("{'size':'Standard_NC24ads_A100_v4'}").build();
        ResourceCost sp = one(vm, "defaults:\n  price_model: savings_plan_1y\n");
        assertMoney(price("azure", "Standard_NC24ads_A100_v4", "westeurope", PriceModel.SAVINGS_PLAN_1Y).multiply(HOURS), sp.monthlyUsd());

        Resource ec2 = res("aws_instance.a", "aws_instance").region("us-east-1").after("{'instance_type':'p5.48xlarge'}")
                .tag("tollgate:price-model", "reserved_1y").build();
        assertEquals(List.of("no reserved_1y price for p5.48xlarge in us-east-1 (us-east-1 has on_demand)"), one(ec2).unpriced());
    }

    @Test
    void badPriceModelTagIsReported() {
        Resource ec2 = res("aws_instance.a", "aws_instance").region("us-east-1").after("{'instance_type':'p5.48xlarge'}")
                .tag("tollgate:price-model", "cheap").build();
        assertTrue(one(ec2).unpriced().get(0).startsWith("tag tollgate:price-model = 'cheap' is not a price model"));
    }

    // ---- missing facts ----

    @Test
    void unknownRegionIsUnpriced() {
        Resource r = res("aws_instance.a", "aws_instance").after("{'instance_type':'p5.48xlarge'}").build();
        ResourceCost c = one(r);
        assertEquals(ResourceCost.Status.UNPRICED, c.status());
        assertEquals(List.of("region unknown: no region in the test plan"), c.unpriced());

        ResourceCost mars = one(res("aws_instance.a", "aws_instance").region("mars-east-1").after("{'instance_type':'p5.48xlarge'}").build());
        assertEquals(List.of("region 'mars-east-1' is not a known aws region"), mars.unpriced());
    }

    @Test
    void unknownInstanceTypeIsUnpricedWithReason() {
        ResourceCost c = one(res("aws_instance.a", "aws_instance").region("us-east-1").after("{'instance_type':'p9.96xlarge'}").build());
        assertEquals(List.of("unknown instance type p9.96xlarge (not in the aws catalogue)"), c.unpriced());
    }

    @Test
    void missingPriceInAKnownRegionIsUnpriced() {
        ResourceCost c = one(res("aws_instance.a", "aws_instance").region("eu-central-2").after("{'instance_type':'g5.xlarge'}").build());
        assertEquals(ResourceCost.Status.UNPRICED, c.status());
        assertEquals(List.of("no on_demand price for g5.xlarge in eu-central-2; on_demand prices exist for cn-north-1, eu-central-1, "
                + "eu-north-1, eu-west-1, eu-west-2, us-east-1"), c.unpriced());
    }

    @Test
    void yuanPriceIsNotConverted() {
        ResourceCost c = one(res("aws_instance.a", "aws_instance").region("cn-north-1").after("{'instance_type':'g5.xlarge'}").build());
        assertEquals(1, c.unpriced().size());
        assertTrue(c.unpriced().get(0).startsWith("price of g5.xlarge in cn-north-1 is in CNY (catalogue/prices.csv:"), c.unpriced().toString());
        assertTrue(c.unpriced().get(0).endsWith("); Tollgate converts no currency"));
    }

    @Test
    void instanceTypeKnownOnlyAfterApplyIsUnpriced() {
        Resource r = res("aws_instance.a", "aws_instance").region("us-east-1").after("{}").unknown("/instance_type").build();
        assertEquals(List.of("instance_type unknown until apply (instance_type)"), one(r).unpriced());
    }

    // ---- groups that reference templates ----

    @Test
    void autoscalingGroupTakesItsTypeFromTheReferencedLaunchTemplate() {
        Resource lt = res("aws_launch_template.gpu", "aws_launch_template").region("us-east-1")
                .after("{'name':'gpu','instance_type':'g6.12xlarge'}").build();
        Resource asg = res("aws_autoscaling_group.gpu", "aws_autoscaling_group").region("us-east-1")
                .after("{'desired_capacity':3,'min_size':1,'max_size':6,'launch_template':[{'version':'$Latest'}]}")
                .unknown("/launch_template/0/id").build();
        Estimate e = new Estimator(CATALOGUE).estimate(plan(TestPlans.edges("aws_autoscaling_group.gpu", "aws_launch_template.gpu", "launch_template[0].id"), lt, asg));
        assertEquals(ResourceCost.Status.FREE, e.resource("aws_launch_template.gpu").status());
        ResourceCost group = e.resource("aws_autoscaling_group.gpu");
        assertMoney(price("aws", "g6.12xlarge", "us-east-1", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(3)).multiply(HOURS), group.monthlyUsd());
        assertTrue(group.assumptions().contains("instance type g6.12xlarge from aws_launch_template.gpu"));
    }

    @Test
    void mixedInstancesGroupSplitsOnDemandAndSpot() {
        Resource asg = res("aws_autoscaling_group.mixed", "aws_autoscaling_group").region("us-east-1")
                .after("{'desired_capacity':4,'mixed_instances_policy':[{'instances_distribution':[{'on_demand_base_capacity':0,"
                        + "'on_demand_percentage_above_base_capacity':50}],'launch_template':[{'override':[{'instance_type':'g5.xlarge'}]}]}]}").build();
        ResourceCost c = one(asg);
        assertMoney(price("aws", "g5.xlarge", "us-east-1", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(2)).multiply(HOURS), c.monthlyUsd());
        assertTrue(c.unpriced().contains("no spot price for g5.xlarge in us-east-1 (us-east-1 has on_demand)"), c.unpriced().toString());
        assertEquals(ResourceCost.Status.PARTIAL, c.status());
    }

    @Test
    void aksClusterPricesTierAndDefaultPool() {
        Resource aks = res("azurerm_kubernetes_cluster.main", "azurerm_kubernetes_cluster").region("East US")
                .after("{'sku_tier':'Standard','default_node_pool':[{'vm_size':'Standard_NC24ads_A100_v4','node_count':2}]}").build();
        ResourceCost c = one(aks);
        assertEquals("eastus", c.region());
        BigDecimal expected = CATALOGUE.price("azure", "aks", "standard-tier", "eastus", PriceModel.ON_DEMAND).orElseThrow().amount().multiply(HOURS)
                .add(price("azure", "Standard_NC24ads_A100_v4", "eastus", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(2)).multiply(HOURS));
        assertMoney(expected, c.monthlyUsd());
        assertEquals(2, c.components().size());
    }

    @Test
    void aksNodePoolWithoutALocationTakesItsClustersRegion() {
        Resource aks = res("azurerm_kubernetes_cluster.main", "azurerm_kubernetes_cluster").region("westeurope")
                .after("{'sku_tier':'Free','default_node_pool':[{'vm_size':'Standard_NC24ads_A100_v4','node_count':1}]}").build();
        Resource pool = res("azurerm_kubernetes_cluster_node_pool.gpu", "azurerm_kubernetes_cluster_node_pool")
                .after("{'vm_size':'Standard_NC24ads_A100_v4','node_count':2}").unknown("/kubernetes_cluster_id").build();
        Estimate e = new Estimator(CATALOGUE).estimate(plan(TestPlans.edges("azurerm_kubernetes_cluster_node_pool.gpu",
                "azurerm_kubernetes_cluster.main", "kubernetes_cluster_id"), aks, pool));
        ResourceCost c = e.resource("azurerm_kubernetes_cluster_node_pool.gpu");
        assertEquals("westeurope", c.region());
        assertTrue(c.assumptions().contains("region westeurope from its cluster azurerm_kubernetes_cluster.main"), c.assumptions().toString());
        assertMoney(price("azure", "Standard_NC24ads_A100_v4", "westeurope", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(2)).multiply(HOURS), c.monthlyUsd());
    }

    @Test
    void pulumiAgentPoolAndVmScaleSet() {
        Resource pool = res("urn:pulumi:dev::ml::azure-native:containerservice:AgentPool::gpu", "azure-native:containerservice:AgentPool")
                .region("westeurope").after("{'vmSize':'Standard_NC24ads_A100_v4','count':3,'scaleSetPriority':'Regular'}").build();
        assertMoney(price("azure", "Standard_NC24ads_A100_v4", "westeurope", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(3)).multiply(HOURS),
                one(pool).monthlyUsd());
        Resource vmss = res("urn:pulumi:dev::ml::azure-native:compute:VirtualMachineScaleSet::gpu", "azure-native:compute:VirtualMachineScaleSet")
                .region("northeurope").after("{'sku':{'name':'Standard_NC24ads_A100_v4','capacity':2}}").build();
        assertMoney(price("azure", "Standard_NC24ads_A100_v4", "northeurope", PriceModel.ON_DEMAND).multiply(BigDecimal.valueOf(2)).multiply(HOURS),
                one(vmss).monthlyUsd());
    }

    @Test
    void windowsVmIsPartialBecauseTheLicenceIsNotPriced() {
        ResourceCost c = one(res("azurerm_windows_virtual_machine.w", "azurerm_windows_virtual_machine").region("westeurope")
                .after("{'size':'Standard_NC24ads_A100_v4'}").build());
        assertEquals(ResourceCost.Status.PARTIAL, c.status());
        assertTrue(c.unpriced().get(0).startsWith("Windows licence"));
    }

    @Test
    void gcpN1WithAttachedGpuNeedsAnAcceleratorPrice() {
        ResourceCost c = one(res("google_compute_instance.n1", "google_compute_instance").zone("us-central1-a")
                .after("{'machine_type':'n1-standard-8','guest_accelerator':[{'type':'nvidia-tesla-t4','count':1}]}").build());
        assertEquals(List.of("unknown instance type n1-standard-8 (not in the gcp catalogue)",
                "no gcp compute-accelerator prices in the catalogue (add them to prices.csv in a --catalogue directory)"), c.unpriced());
    }

    // ---- carbon ----

    @Test
    void carbonOfAGpuNodeGroupFollowsItsStatedBasis() {
        ResourceCost c = one(eksGroup("us-east-1", "{'instance_types':['p5.48xlarge'],'scaling_config':[{'desired_size':2}]}"),
                "defaults:\n  utilization: 0.6\n");
        InstanceShape p5 = CATALOGUE.instance("aws", "p5.48xlarge").orElseThrow();
        double min = CATALOGUE.energy("aws", "us-east-1", EnergyFactor.CPU_MIN_WATTS).orElseThrow().value();
        double max = CATALOGUE.energy("aws", "us-east-1", EnergyFactor.CPU_MAX_WATTS).orElseThrow().value();
        double mem = CATALOGUE.energy("aws", "us-east-1", EnergyFactor.MEMORY_KWH_PER_GB_HOUR).orElseThrow().value();
        double pue = CATALOGUE.energy("aws", "us-east-1", EnergyFactor.PUE).orElseThrow().value();
        double grid = CATALOGUE.gridIntensity("aws", "us-east-1").orElseThrow().gramsPerKwh();
        double watts = 8 * 700 * 0.6 + 192 * (min + 0.6 * (max - min)) + 2048 * mem * 1000;
        double kg = watts * 2 * 730 / 1000 * pue * grid / 1000;
        assertEquals(kg, c.carbonKgMonth(), 0.001);
        // The hand computation with the figures written out: 3360 + 192 x 2.396 + 802.816 = 4622.848 W.
        assertEquals(4622.848, watts, 1e-6);
        assertEquals("8 x NVIDIA H100/SXM5 700 W x 60% + 192 vCPU x (0.74 + 60% x (3.5 - 0.74)) W + 2048 GiB x 0.000392 kWh/GB-h"
                + " = 4622.8 W per node; x 2 node(s) x 730 h x PUE 1.135 x 379.069 gCO2e/kWh (aws us-east-1)", c.carbonBasis());
    }

    @Test
    void carbonIsNotGuessedWhenAFigureIsMissing() {
        ResourceCost p4d = one(res("aws_instance.a", "aws_instance").region("us-east-1").after("{'instance_type':'p4d.24xlarge'}").build());
        assertNull(p4d.carbonKgMonth());
        assertEquals("not estimated: no power figure for NVIDIA A100 40GB (p4d.24xlarge) in gpus.csv", p4d.carbonBasis());

        ResourceCost noGrid = one(res("aws_instance.a", "aws_instance").region("eu-central-2").after("{'instance_type':'g6.xlarge'}").build());
        assertEquals("not estimated: no grid carbon intensity for aws eu-central-2 in carbon.csv", noGrid.carbonBasis());
    }

    // ---- overrides ----

    @TempDir
    Path dir;

    @Test
    void negotiatedDiscountShowsOnTheComponent() throws IOException {
        Files.writeString(dir.resolve("discounts.csv"), "provider,service,sku,region,price_model,percent,as_of,source\n"
                + "aws,compute,p5*,*,on_demand,20,2026-10-01,EDP 2026\n");
        Catalogue c = Catalogue.load(List.of(dir));
        ResourceCost cost = new Estimator(c).estimate(plan(res("aws_instance.a", "aws_instance").region("us-east-1")
                .after("{'instance_type':'p5.48xlarge'}").build())).resources().get(0);
        Component comp = cost.components().get(0);
        assertMoney(new BigDecimal("20"), comp.discountPercent());
        assertMoney(price("aws", "p5.48xlarge", "us-east-1", PriceModel.ON_DEMAND).multiply(new BigDecimal("0.8")), comp.unitPriceUsd());
        assertTrue(cost.notes().get(0).startsWith("negotiated discount 20% on p5.48xlarge (" + dir.resolve("discounts.csv") + ":2)"), cost.notes().toString());
    }

    @Test
    void staleFiguresUsedAreReported() {
        Clock later = Clock.fixed(Instant.parse("2027-09-01T00:00:00Z"), ZoneOffset.UTC);
        Estimator e = new Estimator(CATALOGUE, Usage.none(), later, java.time.Period.ofDays(180));
        Estimate est = e.estimate(plan(res("aws_instance.a", "aws_instance").region("us-east-1").after("{'instance_type':'p5.48xlarge'}").build()));
        assertTrue(est.staleWarnings().stream().anyMatch(w -> w.startsWith("price p5.48xlarge us-east-1 (catalogue/prices.csv:")
                && w.endsWith(") is from 2026-07-20, 408 days ago (limit 180 days)")), est.staleWarnings().toString());
        Estimate fresh = new Estimator(CATALOGUE, Usage.none(), Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC),
                java.time.Period.ofDays(180)).estimate(plan(res("aws_instance.a", "aws_instance").region("us-east-1")
                .after("{'instance_type':'p5.48xlarge'}").build()));
        assertTrue(fresh.staleWarnings().stream().noneMatch(w -> w.startsWith("price ")), fresh.staleWarnings().toString());
    }
}
