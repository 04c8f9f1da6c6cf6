package dev.tollgate.facts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogueOverrideTest {

    static final String PRICE_HEADER = "provider,service,sku,region,price_model,unit,price,currency,as_of,source\n";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void privatePriceReplacesTheBundledRowWithTheSameKey() throws IOException {
        write("prices.csv", PRICE_HEADER + "aws,compute,p5.48xlarge,us-east-1,on_demand,hour,41.5,USD,2026-10-01,contract ACME-2026\n");
        Catalogue c = Catalogue.load(List.of(dir));
        Price p = c.price("aws", Catalogue.COMPUTE, "p5.48xlarge", "us-east-1", PriceModel.ON_DEMAND).orElseThrow();
        assertEquals(0, new BigDecimal("41.5").compareTo(p.amount()));
        assertTrue(p.origin().override());
        assertEquals(dir.resolve("prices.csv") + ":2", p.origin().toString());
        assertEquals(Catalogue.bundled().priceCount(), c.priceCount());
    }

    @Test
    void newRegionAndItsPricesCanBeAdded() throws IOException {
        write("regions.csv", "provider,partition,region,display_name,country_iso2,city,jurisdiction,eu_eea,sovereign_offering,as_of,source\n"
                + "aws,aws-eusc,eusc-de-west-1,AWS European Sovereign Cloud (Germany West),DE,,EU,true,AWS European Sovereign Cloud,2026-11-01,AWS announcement\n");
        write("prices.csv", PRICE_HEADER + "aws,compute,g6.xlarge,eusc-de-west-1,on_demand,hour,1.02,USD,2026-11-01,quote Q-17\n");
        Catalogue c = Catalogue.load(List.of(dir));
        assertEquals("EU", c.region("aws", "eusc-de-west-1").orElseThrow().jurisdiction());
        assertTrue(c.price("aws", Catalogue.COMPUTE, "g6.xlarge", "eusc-de-west-1", PriceModel.ON_DEMAND).isPresent());
    }

    @Test
    void discountAppliesToMatchingPricesOnly() throws IOException {
        write("discounts.csv", "provider,service,sku,region,price_model,percent,as_of,source\n"
                + "aws,compute,p5*,*,on_demand,12.5,2026-10-01,EDP contract 2026\n");
        Catalogue c = Catalogue.load(List.of(dir));
        Price p5 = c.price("aws", Catalogue.COMPUTE, "p5.48xlarge", "us-east-1", PriceModel.ON_DEMAND).orElseThrow();
        Discount d = c.discountFor(p5).orElseThrow();
        assertEquals(0, new BigDecimal("48.16").compareTo(d.apply(p5.amount())));
        Price g5 = c.price("aws", Catalogue.COMPUTE, "g5.xlarge", "us-east-1", PriceModel.ON_DEMAND).orElseThrow();
        assertTrue(c.discountFor(g5).isEmpty());
    }

    @Test
    void malformedRowNamesFileAndLine() throws IOException {
        Path file = write("prices.csv", PRICE_HEADER
                + "aws,compute,p5.48xlarge,us-east-1,on_demand,hour,41.5,USD,2026-10-01,contract\n"
                + "aws,compute,p5.4xlarge,us-east-1,on_demand,hour,-3.2,USD,2026-10-01,contract\n");
        CatalogueException e = assertThrows(CatalogueException.class, () -> Catalogue.load(List.of(dir)));
        assertEquals(List.of(new Problem(file.toString(), 3, "price must be positive, got -3.2")), e.problems());
        assertEquals(file + ":3: price must be positive, got -3.2", e.getMessage());
    }

    @Test
    void checkListsEveryProblemOfABadOverride() throws IOException {
        Path file = write("prices.csv", PRICE_HEADER
                + "aws,compute,p5.48xlarge,us-east-1,on_demand,hour,41.5,USD,2026-10-01,contract\n"
                + "aws,compute,p5.48xlarge,us-east-1,on_demand,hour,40,USD,2026-10-02,contract\n"
                + "aws,compute,p5.4xlarge,us-east-1,on_demand,hour,0,USD,2026-10-01,contract\n"
                + "aws,compute,p5.4xlarge,xx-nowhere-1,on_demand,hour,1,USD,2026-10-01,contract\n"
                + "aws,compute,p5.4xlarge,us-east-1,spot,fortnight,1,USD,2026-10-01,contract\n"
                + "aws,compute,p5.4xlarge,us-east-1,reserved_1y,hour,1,USD,2026-10-01,\n"
                + "aws,compute,p5.4xlarge,us-east-1,forever,hour,1,USD,yesterday,contract\n"
                + "aws,compute,p5.4xlarge,us-east-1,on_demand,hour,1,USD\n");
        List<String> problems = Catalogue.check(List.of(dir)).stream().map(Problem::toString).toList();
        String f = file.toString();
        assertEquals(List.of(
                f + ":9: expected 10 fields, found 8",
                f + ":3: duplicate key aws/compute/p5.48xlarge/us-east-1/on_demand/0 (first on line 2)",
                f + ":4: price must be positive, got 0",
                f + ":5: unknown aws region 'xx-nowhere-1' (add it to regions.csv)",
                f + ":6: unknown unit 'fortnight' (known: " + Unit.ids() + ")",
                f + ":7: source is empty: every figure needs its source",
                f + ":8: unknown price_model 'forever' (known: " + PriceModel.ids() + ")",
                f + ":8: as_of must be a date like 2026-07-20, got 'yesterday'"), problems);
    }

    @Test
    void unknownFilesAndColumnsAreErrorsNotIgnored() throws IOException {
        Path typo = write("price.csv", PRICE_HEADER);
        Path prices = write("prices.csv", "provider,service,sku,region,price_model,unit,price,currency,as_of,source,discount\n");
        List<String> problems = Catalogue.check(List.of(dir)).stream().map(Problem::toString).toList();
        assertTrue(problems.contains(typo + ": unknown catalogue file (expected one of " + String.join(", ", CatalogueLoader.FILES) + ")"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(prices + ":1: unknown column 'discount'")), problems.toString());
    }

    @Test
    void shapeMustReferToAKnownGpuPowerRow() throws IOException {
        Path file = write("instances.csv", "provider,instance_type,gpu_model,gpu_count,gpu_memory_gib,vcpus,memory_gib,gpu_power,as_of,source\n"
                + "aws,p9.48xlarge,NVIDIA X1,8,1024,192,2048,NVIDIA X1/SXM9,2026-11-01,vendor sheet\n");
        assertEquals(List.of(new Problem(file.toString(), 2, "gpu_power 'NVIDIA X1/SXM9' is not a gpus.csv row (gpu_model/form_factor)")),
                Catalogue.check(List.of(dir)));
    }

    @Test
    void missingDirectoryIsAnError() {
        Path nowhere = dir.resolve("nope");
        assertEquals(List.of(new Problem(nowhere.toString(), 0, "catalogue directory does not exist or is not a directory")),
                Catalogue.check(List.of(nowhere)));
    }

    @Test
    void quotedFieldsAndCommentsAreRead() throws IOException {
        write("prices.csv", "# negotiated 2026\n" + PRICE_HEADER
                + "aws,compute,p5.48xlarge,us-east-1,on_demand,hour,41.5,USD,2026-10-01,\"contract ACME, schedule \"\"B\"\"\"\n");
        Price p = Catalogue.load(List.of(dir)).price("aws", Catalogue.COMPUTE, "p5.48xlarge", "us-east-1", PriceModel.ON_DEMAND).orElseThrow();
        assertEquals("contract ACME, schedule \"B\"", p.source());
        assertEquals(3, p.origin().line());
    }
}
