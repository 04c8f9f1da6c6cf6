package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.tollgate.plan.Examples.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where resources live: own attributes, provider configuration (aliases, module-passed), stack config, or a stated unknown. */
class RegionResolutionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Location attributes(Resource.Provider family, String json) throws Exception {
        return RegionResolver.fromAttributes(family, MAPPER.readTree(json));
    }

    @Test
    void zonesGiveTheirRegion() {
        assertEquals("eu-central-1", RegionResolver.regionOfZone("eu-central-1a"));
        assertEquals("us-west-2", RegionResolver.regionOfZone("us-west-2-lax-1a"));
        assertEquals("us-gov-west-1", RegionResolver.regionOfZone("us-gov-west-1b"));
        assertEquals("europe-west4", RegionResolver.regionOfZone("europe-west4-b"));
        assertNull(RegionResolver.regionOfZone("eu-central-1"));
        assertNull(RegionResolver.regionOfZone("euc1-az2"));
    }

    @Test
    void ownAttributesAreNormalizedPerCloud() throws Exception {
        Location azure = attributes(Resource.Provider.AZURE, "{\"location\": \"Germany West Central\"}");
        assertEquals("germanywestcentral", azure.region());
        assertEquals(Location.Basis.ATTRIBUTE, azure.basis());

        Location gkeZonal = attributes(Resource.Provider.GCP, "{\"location\": \"europe-west4-a\"}");
        assertEquals("europe-west4", gkeZonal.region());
        assertEquals("europe-west4-a", gkeZonal.zone());

        Location multiRegion = attributes(Resource.Provider.GCP, "{\"location\": \"EU\"}");
        assertEquals("eu", multiRegion.region());

        Location subnet = attributes(Resource.Provider.AWS, "{\"availability_zone\": \"eu-west-3c\"}");
        assertEquals("eu-west-3", subnet.region());
        assertEquals("eu-west-3c", subnet.zone());
        assertEquals("/availability_zone", subnet.detail());

        Location arn = attributes(Resource.Provider.AWS, "{\"arn\": \"arn:aws:ec2:ap-south-1:123456789012:vpc/vpc-1\"}");
        assertEquals("ap-south-1", arn.region());
        assertNull(attributes(Resource.Provider.AWS, "{\"arn\": \"arn:aws:iam::123456789012:role/x\"}"));

        Location global = attributes(Resource.Provider.AZURE, "{\"location\": \"global\"}");
        assertEquals(Location.Basis.GLOBAL, global.basis());
        assertNull(attributes(Resource.Provider.AWS, "{\"region\": \"\"}"));
    }

    @Test
    void unknownIsNeverASilentDefault() throws Exception {
        JsonNode values = MAPPER.readTree("{\"bucket\": \"b\"}");
        Location providerless = RegionResolver.resolve(new RegionResolver.Facts(Resource.Provider.AWS, "aws_s3_bucket", values,
                Set.of("/region"), Set.of("bucket"), false, Location.unknown("provider aws has no configuration block")));
        assertFalse(providerless.known());
        assertEquals(Location.Basis.UNKNOWN, providerless.basis());
        assertTrue(providerless.detail().contains("/region is only known after apply"), providerless.detail());
        assertTrue(providerless.detail().contains("no configuration block"), providerless.detail());

        Location computedRegion = RegionResolver.resolve(new RegionResolver.Facts(Resource.Provider.AWS, "aws_s3_bucket", values,
                Set.of("/region"), Set.of("bucket"), false,
                new Location("eu-west-1", null, Location.Basis.PROVIDER_CONFIG, "provider aws")));
        assertEquals("eu-west-1", computedRegion.region(), "a computed region attribute follows the provider");
    }

    @Test
    void providerAliasesInModulesFromTheTerraformFixture() {
        Plan plan = PlanReader.read(SharedFixtures.dir("fixtures/terraform-plans")
                .resolve("terraform/internal/command/testdata/show-json/provider-aliasing/output.json"));
        assertEquals("elsewhere", resource(plan, "test_instance.test_backup").location().region());
        assertEquals("somewhere", resource(plan, "test_instance.test").location().region());
        // child passes test.second = test.backup; sibling passes test.second = test
        assertEquals("elsewhere", resource(plan, "module.child.test_instance.test_secondary").location().region());
        assertEquals("somewhere", resource(plan, "module.sibling.test_instance.test_secondary").location().region());
        assertEquals("elsewhere", resource(plan, "module.child.module.grandchild.test_instance.test_alternate").location().region());
        assertEquals("test.backup", resource(plan, "module.child.module.grandchild.test_instance.test_alternate").providerConfig());
        assertEquals(Location.Basis.PROVIDER_CONFIG, resource(plan, "test_instance.test").location().basis());
    }

    @Test
    void modulePassedAndInheritedProviders() {
        Plan plan = PlanReader.read(Examples.MODULE_PROVIDERS);
        Resource passed = resource(plan, "module.net.aws_subnet.a");
        assertEquals("eu-central-1", passed.location().region(), "providers = { aws = aws.frankfurt }, region = var.fra_region");
        assertEquals("aws.frankfurt", passed.providerConfig());
        assertTrue(passed.location().detail().contains("var.fra_region"), passed.location().detail());

        assertEquals("eu-west-1", resource(plan, "module.legacy.aws_vpc.v").location().region(), "legacy:aws inherits the root aws");
        assertEquals("eu-north-1", resource(plan, "module.storage.aws_s3_bucket.b").location().region(), "module provider from the call's argument");
        assertEquals("eu-north-1", resource(plan, "module.storage.module.logs.aws_cloudwatch_log_group.g").location().region());
        assertEquals("module.storage:aws", resource(plan, "module.storage.module.logs.aws_cloudwatch_log_group.g").providerConfig());
    }

    @Test
    void regionsThePlanCannotDetermineSayWhy() {
        Plan plan = PlanReader.read(Examples.MODULE_PROVIDERS);
        Location orphan = resource(plan, "module.orphan.aws_s3_bucket.r").location();
        assertEquals(Location.Basis.UNKNOWN, orphan.basis());
        assertTrue(orphan.detail().contains("aliased provider aws.replica"), orphan.detail());
        assertEquals("module.orphan:aws.replica", resource(plan, "module.orphan.aws_s3_bucket.r").providerConfig());

        Location pinned = resource(plan, "aws_s3_bucket.pinned").location();
        assertEquals(Location.Basis.UNKNOWN, pinned.basis(), "region = var.x unknown until apply must not fall back to the provider");
        assertTrue(pinned.detail().contains("/region is set in configuration but only known after apply"), pinned.detail());

        assertTrue(resource(plan, "aws_instance.noregion").location().detail().contains("sets no region"));
        assertTrue(resource(plan, "aws_instance.fromlocal").location().detail().contains("local.region"));
    }

    @Test
    void gcpZoneAndAzureLocation() {
        Plan plan = PlanReader.read(Examples.MODULE_PROVIDERS);
        Location gcp = resource(plan, "google_compute_instance.trainer").location();
        assertEquals("europe-west4", gcp.region());
        assertEquals("europe-west4-b", gcp.zone());
        assertEquals("westeurope", resource(plan, "azurerm_resource_group.rg").location().region());
    }

    @Test
    void dataSourceReadAtApplyWithARegionlessProvider() {
        Plan plan = PlanReader.read(SharedFixtures.dir("fixtures/terraform-plans")
                .resolve("terraform/testing/equivalence-tests/outputs/data_read/plan.json"));
        Resource read = plan.resources().stream().filter(r -> r.action() == Resource.Action.READ).findFirst().orElseThrow();
        assertEquals(Resource.Mode.DATA, read.mode());
        assertEquals(Location.Basis.UNKNOWN, read.location().basis());
        assertFalse(read.location().detail().isBlank());
    }

    @Test
    void pulumiStackConfigAndExplicitProviders() {
        Plan plan = PlanReader.read(Examples.PULUMI_PREVIEW);
        String p = "urn:pulumi:prod::gpu-train::";
        Location bucket = resource(plan, p + "aws:s3/bucketV2:BucketV2::datasets").location();
        assertEquals("eu-central-1", bucket.region());
        assertEquals(Location.Basis.STACK_CONFIG, bucket.basis());
        assertEquals("stack config aws:region", bucket.detail());

        Location nodes = resource(plan, p + "aws:eks/nodeGroup:NodeGroup::gpu").location();
        assertEquals("us-east-1", nodes.region(), "explicit provider aws::us has region us-east-1");
        assertEquals(Location.Basis.PROVIDER_CONFIG, nodes.basis());

        Location db = resource(plan, p + "aws:rds/instance:Instance::metadata").location();
        assertEquals("eu-central-1a", db.zone());
    }

    @Test
    void everyExampleResourceHasARegionOrIsGlobal() {
        for (var file : new java.nio.file.Path[]{Examples.TRAINING_EU, Examples.INFERENCE_US_LEAK}) {
            Plan plan = PlanReader.read(file);
            for (Resource r : plan.resources()) {
                assertTrue(r.location().known() || r.location().basis() == Location.Basis.GLOBAL, r.address() + " " + r.location());
            }
        }
    }
}
