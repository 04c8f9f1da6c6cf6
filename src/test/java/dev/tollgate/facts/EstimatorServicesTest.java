package dev.tollgate.facts;

import dev.tollgate.plan.Kinds;
import dev.tollgate.plan.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.tollgate.facts.EstimatorComputeTest.HOURS;
import static dev.tollgate.facts.EstimatorComputeTest.assertMoney;
import static dev.tollgate.facts.EstimatorComputeTest.one;
import static dev.tollgate.facts.TestPlans.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimatorServicesTest {

    static BigDecimal rate(String provider, String service, String sku, String region) {
        return Catalogue.bundled().price(provider, service, sku, region, PriceModel.ON_DEMAND).orElseThrow().amount();
    }

    @Test
    void eksControlPlaneIsHourly() {
        ResourceCost c = one(res("aws_eks_cluster.main", "aws_eks_cluster").kind(Kinds.COMPUTE_K8S_CLUSTER).region("us-east-1").after("{'version':'1.31'}").build());
        assertMoney(rate("aws", "eks", "control-plane-standard", "us-east-1").multiply(HOURS), c.monthlyUsd());
        ResourceCost extended = one(res("aws_eks_cluster.main", "aws_eks_cluster").region("us-east-1")
                .after("{'upgrade_policy':[{'support_type':'EXTENDED'}]}").build());
        assertMoney(rate("aws", "eks", "control-plane-extended", "us-east-1").multiply(HOURS), extended.monthlyUsd());
    }

    @Test
    void ebsGp3ChargesStorageIopsAndThroughputAboveBaseline() {
        ResourceCost c = one(res("aws_ebs_volume.data", "aws_ebs_volume").region("us-east-1")
                .after("{'type':'gp3','size':1000,'iops':6000,'throughput':250}").build());
        BigDecimal expected = rate("aws", "ebs", "gp3", "us-east-1").multiply(BigDecimal.valueOf(1000))
                .add(rate("aws", "ebs", "gp3-iops", "us-east-1").multiply(BigDecimal.valueOf(3000)))
                .add(rate("aws", "ebs", "gp3-throughput", "us-east-1").multiply(BigDecimal.valueOf(125)));
        assertMoney(expected, c.monthlyUsd());
        assertEquals(3, c.components().size());
    }

    @Test
    void io2AboveTheCataloguedTierIsPartlyUnpriced() {
        ResourceCost c = one(res("aws_ebs_volume.fast", "aws_ebs_volume").region("us-east-1").after("{'type':'io2','size':100,'iops':40000}").build());
        assertEquals(ResourceCost.Status.PARTIAL, c.status());
        assertMoney(rate("aws", "ebs", "io2", "us-east-1").multiply(BigDecimal.valueOf(100))
                .add(rate("aws", "ebs", "io2-iops", "us-east-1").multiply(BigDecimal.valueOf(32000))), c.monthlyUsd());
    }

    @Test
    void s3StorageBeyondTheCataloguedTierIsReportedNotExtrapolated() {
        ResourceCost c = EstimatorComputeTest.one(res("aws_s3_bucket.datasets", "aws_s3_bucket").region("us-east-1").after("{'bucket':'datasets'}").build(),
                "resource_usage:\n  aws_s3_bucket.datasets:\n    storage_gb: 60000\n");
        assertMoney(rate("aws", "s3", "STANDARD", "us-east-1").multiply(BigDecimal.valueOf(51200)), c.monthlyUsd());
        assertEquals(List.of("no price for Storage (STANDARD) beyond 51200 GB of 60000 (s3/STANDARD tiers in the catalogue end there)"), c.unpriced());
    }

    @Test
    void bucketWithoutUsageShowsTheZeroAssumption() {
        ResourceCost c = one(res("aws_s3_bucket.logs", "aws_s3_bucket").region("us-east-1").after("{}").build());
        assertEquals(ResourceCost.Status.PRICED, c.status());
        assertMoney(BigDecimal.ZERO, c.monthlyUsd());
        assertTrue(c.assumptions().contains("storage_gb = 0 GB (Tollgate default; set storage_gb in a usage file)"), c.assumptions().toString());
    }

    @Test
    void internetEgressIsChargedAcrossTiers() {
        ResourceCost c = EstimatorComputeTest.one(res("aws_nat_gateway.main", "aws_nat_gateway").region("eu-central-1").after("{}").build(),
                "resource_usage:\n  aws_nat_gateway.main:\n    monthly_egress_gb: 15000\n    monthly_inter_region_gb: 100\n");
        List<Price> tiers = Catalogue.bundled().prices("aws", "data-transfer", "internet-egress", "eu-central-1", PriceModel.ON_DEMAND);
        BigDecimal expected = tiers.get(0).amount().multiply(BigDecimal.valueOf(10240))
                .add(tiers.get(1).amount().multiply(BigDecimal.valueOf(15000 - 10240)))
                .add(rate("aws", "data-transfer", "inter-region", "eu-central-1").multiply(BigDecimal.valueOf(100)));
        assertMoney(expected, c.monthlyUsd());
        // The NAT gateway itself has no eu-central-1 price in the catalogue.
        assertTrue(c.unpriced().contains("no on_demand price for nat-gateway/hour in eu-central-1; on_demand prices exist for us-east-1"), c.unpriced().toString());
    }

    @Test
    void natGatewayChargesHoursAndDataProcessed() {
        ResourceCost c = EstimatorComputeTest.one(res("aws_nat_gateway.main", "aws_nat_gateway").region("us-east-1").after("{}").build(),
                "resource_usage:\n  aws_nat_gateway.*:\n    monthly_data_processed_gb: 1000\n");
        assertMoney(rate("aws", "nat-gateway", "hour", "us-east-1").multiply(HOURS)
                .add(rate("aws", "nat-gateway", "data-processed", "us-east-1").multiply(BigDecimal.valueOf(1000))), c.monthlyUsd());
    }

    @Test
    void loadBalancerFixedChargeIsQuotedPer730Hours() {
        ResourceCost c = one(res("aws_lb.api", "aws_lb").region("us-east-1").after("{'load_balancer_type':'network'}").build());
        assertMoney(rate("aws", "elb", "network", "us-east-1"), c.monthlyUsd());
        assertEquals("month-730h", c.components().get(0).unit());
    }

    @Test
    void kmsKeyIsAMonthlyFee() {
        ResourceCost c = one(res("aws_kms_key.data", "aws_kms_key").region("us-east-1").after("{}").build());
        assertMoney(rate("aws", "kms", "key", "us-east-1"), c.monthlyUsd());
    }

    @Test
    void gcsMultiRegionBucket() {
        ResourceCost c = EstimatorComputeTest.one(res("google_storage_bucket.ckpt", "google_storage_bucket").region("eu").after("{'location':'EU'}").build(),
                "resource_usage:\n  google_storage_bucket.ckpt:\n    storage_gb: 1000\n    monthly_egress_gb: 2000\n");
        List<Price> egress = Catalogue.bundled().prices("gcp", "cloud-storage", "internet-egress", "EU", PriceModel.ON_DEMAND);
        assertMoney(rate("gcp", "cloud-storage", "STANDARD", "EU").multiply(BigDecimal.valueOf(1000))
                .add(egress.get(0).amount().multiply(BigDecimal.valueOf(1024)))
                .add(egress.get(1).amount().multiply(BigDecimal.valueOf(2000 - 1024))), c.monthlyUsd());
        assertEquals("EU", c.region());
    }

    @Test
    void gcpDiskDefaultsToPdStandard() {
        ResourceCost c = one(res("google_compute_disk.scratch", "google_compute_disk").zone("us-central1-a").after("{'size':500}").build());
        assertMoney(rate("gcp", "compute-disk", "pd-standard", "us-central1").multiply(BigDecimal.valueOf(500)), c.monthlyUsd());
        assertTrue(c.assumptions().contains("type not set: Compute Engine creates pd-standard"));
    }

    @Test
    void azureManagedDiskIsBilledByTier() {
        ResourceCost c = one(res("azurerm_managed_disk.data", "azurerm_managed_disk").region("eastus")
                .after("{'storage_account_type':'Premium_LRS','disk_size_gb':100}").build());
        assertMoney(rate("azure", "managed-disk", "Premium_LRS-P10", "eastus"), c.monthlyUsd());
        assertTrue(c.assumptions().contains("Disk: 100 GiB billed as tier P10 (128 GiB)"), c.assumptions().toString());
    }

    @Test
    void azureKeyVaultHsmKey() {
        ResourceCost c = one(res("azurerm_key_vault_key.cmk", "azurerm_key_vault_key").region("eastus")
                .after("{'key_type':'RSA-HSM','key_size':3072}").build());
        assertMoney(rate("azure", "key-vault", "hsm-key-rsa-3072-first-250", "eastus"), c.monthlyUsd());
    }

    @Test
    void fileSystemsWithoutCataloguePricesSaySo() {
        ResourceCost fsx = one(res("aws_fsx_lustre_file_system.scratch", "aws_fsx_lustre_file_system").region("eu-central-1")
                .after("{'storage_capacity':4800,'deployment_type':'PERSISTENT_2','per_unit_storage_throughput':250}").build());
        assertEquals(ResourceCost.Status.UNPRICED, fsx.status());
        assertEquals(List.of("no aws fsx-lustre prices in the catalogue (add them to prices.csv in a --catalogue directory)"), fsx.unpriced());

        ResourceCost filestore = one(res("google_filestore_instance.nfs", "google_filestore_instance").zone("us-central1-a")
                .after("{'tier':'ZONAL','file_shares':[{'capacity_gb':10240}]}").build());
        assertEquals(List.of("no gcp filestore prices in the catalogue (add them to prices.csv in a --catalogue directory)"), filestore.unpriced());

        ResourceCost amlfs = one(res("azurerm_managed_lustre_file_system.ml", "azurerm_managed_lustre_file_system").region("westeurope")
                .after("{'sku_name':'AMLFS-Durable-Premium-250','storage_capacity_in_tb':8}").build());
        assertEquals(List.of("no azure managed-lustre prices in the catalogue (add them to prices.csv in a --catalogue directory)"), amlfs.unpriced());
    }

    @TempDir
    Path dir;

    @Test
    void lustreIsPricedOnceTheCatalogueHasARow() throws IOException {
        Files.writeString(dir.resolve("prices.csv"), CatalogueOverrideTest.PRICE_HEADER
                + "aws,fsx-lustre,PERSISTENT_2-250,eu-central-1,on_demand,GB-month,0.21,USD,2026-11-01,AWS price list (quote)\n"
                + "azure,managed-lustre,AMLFS-Durable-Premium-250,westeurope,on_demand,TiB-month,250,USD,2026-11-01,Azure quote\n");
        Catalogue c = Catalogue.load(List.of(dir));
        Estimator e = new Estimator(c);
        ResourceCost fsx = e.estimate(TestPlans.plan(res("aws_fsx_lustre_file_system.scratch", "aws_fsx_lustre_file_system").region("eu-central-1")
                .after("{'storage_capacity':4800,'deployment_type':'PERSISTENT_2','per_unit_storage_throughput':250}").build())).resources().get(0);
        assertMoney(new BigDecimal("0.21").multiply(BigDecimal.valueOf(4800)), fsx.monthlyUsd());
        ResourceCost amlfs = e.estimate(TestPlans.plan(res("azurerm_managed_lustre_file_system.ml", "azurerm_managed_lustre_file_system").region("westeurope")
                .after("{'sku_name':'AMLFS-Durable-Premium-250','storage_capacity_in_tb':8}").build())).resources().get(0);
        assertMoney(BigDecimal.valueOf(2000), amlfs.monthlyUsd());
    }

    @Test
    void freeResourcesArePricedAtZeroWithANote() {
        for (Resource r : List.of(
                res("aws_vpc.main", "aws_vpc").kind(Kinds.NETWORK_VPC).region("us-east-1").build(),
                res("aws_subnet.a", "aws_subnet").kind(Kinds.NETWORK_SUBNET).region("us-east-1").build(),
                res("aws_iam_role.node", "aws_iam_role").kind(Kinds.SECURITY_IAM).build(),
                res("aws_security_group.node", "aws_security_group").kind(Kinds.NETWORK_FIREWALL).region("us-east-1").build(),
                res("google_compute_network.vpc", "google_compute_network").build(),
                res("azurerm_resource_group.rg", "azurerm_resource_group").region("westeurope").build())) {
            ResourceCost c = one(r);
            assertEquals(ResourceCost.Status.FREE, c.status(), r.address());
            assertMoney(BigDecimal.ZERO, c.monthlyUsd());
            assertEquals(List.of(), c.unpriced());
            assertEquals(List.of("free: the provider does not charge for " + r.type()), c.notes());
        }
    }

    @Test
    void elasticIpNeedsAPublicIpv4Price() {
        ResourceCost c = one(res("aws_eip.nat", "aws_eip").region("eu-central-1").after("{'domain':'vpc'}").build());
        assertEquals(List.of("no aws public-ip prices in the catalogue (add them to prices.csv in a --catalogue directory)"), c.unpriced());
    }

    @Test
    void bucketReplicationIsInterRegionTransferFromUsage() {
        Resource r = res("aws_s3_bucket_replication_configuration.datasets", "aws_s3_bucket_replication_configuration").region("eu-central-1").build();
        ResourceCost none = one(r);
        assertEquals(ResourceCost.Status.PRICED, none.status());
        assertTrue(none.assumptions().contains("monthly_inter_region_gb = 0 GB (Tollgate default; set monthly_inter_region_gb in a usage file)"));
        ResourceCost some = EstimatorComputeTest.one(r, "resource_usage:\n  aws_s3_bucket_replication_configuration.datasets:\n    monthly_inter_region_gb: 500\n");
        assertMoney(rate("aws", "data-transfer", "inter-region", "eu-central-1").multiply(BigDecimal.valueOf(500)), some.monthlyUsd());
        assertEquals(1, some.components().size());
    }

    @Test
    void unsupportedTypeIsUnpricedNotFree() {
        ResourceCost c = one(res("aws_sagemaker_endpoint.llm", "aws_sagemaker_endpoint").region("us-east-1").build());
        assertEquals(ResourceCost.Status.UNPRICED, c.status());
        assertEquals(List.of("resource type aws_sagemaker_endpoint is not priced by Tollgate"), c.unpriced());
        assertNull(c.carbonKgMonth());
    }
}
