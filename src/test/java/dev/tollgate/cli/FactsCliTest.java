package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tollgate facts} and {@code tollgate cost} end to end, through picocli, with exit codes. */
class FactsCliTest {

    static final Path PLAN = Path.of("src/test/resources/facts/eks-gpu.tfplan.json");

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @TempDir
    Path dir;

    @Test
    void showInstanceListsShapeAndPrices() {
        Run r = run("facts", "show", "instance", "p5.48xlarge");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("p5.48xlarge (aws)\n"), r.out());
        assertTrue(r.out().contains("  accelerators  8 x NVIDIA H100 80GB, 640 GiB accelerator memory\n"), r.out());
        assertTrue(r.out().contains("  power         700 W each (NVIDIA H100/SXM5), 5600 W per instance\n"), r.out());
        assertTrue(r.out().matches("(?s).*\\naws +p5\\.48xlarge +us-east-1 +on_demand +55\\.04 USD +hour +40179\\.2 USD +2026-07-20 .*"), r.out());
    }

    @Test
    void showRegionGivesJurisdictionAndSovereignty() {
        Run r = run("facts", "show", "region", "eusc-de-east-1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("  partition     aws-eusc\n"), r.out());
        assertTrue(r.out().contains("  jurisdictions DE, EU\n"), r.out());
        assertTrue(r.out().contains("  sovereign     AWS European Sovereign Cloud\n"), r.out());
        assertTrue(r.out().contains("  grid          no figure in carbon.csv\n"), r.out());
    }

    @Test
    void showPriceBySkuName() {
        Run r = run("facts", "show", "price", "ebs/gp3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("aws       ebs/gp3  us-east-1  on_demand  0.08 USD  GB-month"), r.out());
    }

    @Test
    void showUnknownNameIsBadInput() {
        Run r = run("facts", "show", "instance", "p9.96xlarge");
        assertEquals(2, r.exit());
        assertEquals("tollgate: no instance named 'p9.96xlarge' in the catalogue\n", r.err());
    }

    @Test
    void checkPassesOnTheBundledCatalogue() {
        Run r = run("facts", "check");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("  prices.csv      3813 rows   as of 2022-12-30 .. 2026-11-09\n"), r.out());
        assertTrue(r.out().endsWith("catalogue ok\n"), r.out());
    }

    @Test
    void checkListsProblemsOfABadOverrideAndExits2() throws IOException {
        Path prices = dir.resolve("prices.csv");
        Files.writeString(prices, "provider,service,sku,region,price_model,unit,price,currency,as_of,source\n"
                + "aws,compute,p5.48xlarge,us-east-1,on_demand,hour,41.5,USD,2026-10-01,contract\n"
                + "aws,compute,p5.48xlarge,us-east-1,on_demand,hour,40,USD,2026-10-01,contract\n"
                + "aws,compute,p5.4xlarge,us-east-1,on_demand,hour,-7,USD,2026-10-01,contract\n");
        Run r = run("facts", "check", "--catalogue", dir.toString());
        assertEquals(2, r.exit());
        assertEquals(prices + ":3: duplicate key aws/compute/p5.48xlarge/us-east-1/on_demand/0 (first on line 2)\n"
                + prices + ":4: price must be positive, got -7\n"
                + "2 problems in the catalogue\n", r.err());
    }

    @Test
    void costTableShowsResourcesComponentsAndTotals() {
        Run r = run("cost", PLAN.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Cost of " + PLAN + " (USD, month = 730 hours)\n"), r.out());
        assertTrue(r.out().contains("  Node usage (g6e.12xlarge, on_demand): 1460 hour x 10.49264"), r.out());
        assertTrue(r.out().matches("(?s).*\\nTOTAL +21\\.09 +15,392\\.25 +598\\.2\\n.*"), r.out());
    }

    @Test
    void costJsonWithUsageCatalogueAndBaseline() throws IOException {
        Path usage = dir.resolve("usage.yml");
        Files.writeString(usage, "resource_usage:\n  aws_eks_node_group.gpu:\n    nodes: 3\n  aws_s3_bucket.datasets:\n    storage_gb: 1000\n");
        Path cat = Files.createDirectory(dir.resolve("cat"));
        Files.writeString(cat.resolve("discounts.csv"), "provider,service,sku,region,price_model,percent,as_of,source\n"
                + "aws,compute,g6e*,*,*,10,2026-10-01,EDP\n");
        Run r = run("cost", PLAN.toString(), "--usage", usage.toString(), "--catalogue", cat.toString(),
                "--baseline", PLAN.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = readJson(r.out());
        JsonNode group = json.get("resources").get(1);
        assertEquals("aws_eks_node_group.gpu", group.get("address").asText());
        BigDecimal unit = new BigDecimal("10.49264").multiply(new BigDecimal("0.9"));
        assertEquals(0, unit.multiply(BigDecimal.valueOf(3 * 730)).compareTo(group.get("monthly_usd").decimalValue()));
        assertEquals(10, group.get("components").get(0).get("discount_percent").asInt());
        JsonNode bucket = json.get("resources").get(2);
        assertEquals(0, new BigDecimal("23").compareTo(bucket.get("monthly_usd").decimalValue()));
        // Same plan as baseline, same usage: nothing changes.
        assertEquals(0, json.get("diff").get("delta_monthly_usd").decimalValue().signum());
        assertEquals(0, json.get("unpriced_count").asInt());
    }

    @Test
    void badInputsExit2WithAMessage() throws IOException {
        Path usage = dir.resolve("usage.yml");
        Files.writeString(usage, "resource_usage:\n  aws_eks_node_group.gpu:\n    gpus: 3\n");
        Run badUsage = run("cost", PLAN.toString(), "--usage", usage.toString());
        assertEquals(2, badUsage.exit());
        assertTrue(badUsage.err().startsWith("tollgate: " + usage + ": resource_usage.aws_eks_node_group.gpu.gpus: unknown usage key"), badUsage.err());

        Files.writeString(dir.resolve("prices.csv"), "provider,service,sku,region,price_model,unit,price,currency,as_of,source\n"
                + "aws,compute,p5.48xlarge,us-east-1,on_demand,hour,0,USD,2026-10-01,contract\n");
        Run badCatalogue = run("cost", PLAN.toString(), "--catalogue", dir.toString());
        assertEquals(2, badCatalogue.exit());
        assertEquals("tollgate: " + dir.resolve("prices.csv") + ":2: price must be positive, got 0\n", badCatalogue.err());

        Run missing = run("cost", dir.resolve("nope.json").toString());
        assertEquals(2, missing.exit());
    }

    private static JsonNode readJson(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }
}
