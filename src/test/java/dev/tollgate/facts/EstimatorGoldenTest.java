package dev.tollgate.facts;

import dev.tollgate.plan.Kinds;
import dev.tollgate.plan.Resource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For each GPU instance family in the catalogue, one plan resource priced exactly from its catalogue row.
 * Expected figures are read from the catalogue files here with a plain line split, independently of the loader.
 */
class EstimatorGoldenTest {

    private static final BigDecimal HOURS = BigDecimal.valueOf(730);

    record Row(String provider, String type, String region, BigDecimal price) {}

    private static List<String[]> lines(String file) throws IOException {
        try (InputStream in = EstimatorGoldenTest.class.getResourceAsStream("/catalogue/" + file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String[]> out = new ArrayList<>();
            for (String line : text.split("\n")) if (!line.isBlank()) out.add(line.split(",", -1));
            return out.subList(1, out.size());
        }
    }

    static String family(String provider, String type) {
        return switch (provider) {
            case "aws" -> type.substring(0, type.indexOf('.'));
            case "gcp" -> type.substring(0, type.lastIndexOf('-'));
            default -> type.replaceFirst("^(Standard_[A-Z]+)\\d+", "$1");
        };
    }

    /** One on-demand USD row per GPU family: the first instance type of the family that has one. */
    static Map<String, Row> familyRows() throws IOException {
        Map<String, Boolean> gpuTypes = new TreeMap<>();
        for (String[] f : lines("instances.csv")) if (!f[2].isEmpty()) gpuTypes.put(f[0] + "/" + f[1], true);
        Map<String, Row> byFamily = new TreeMap<>();
        for (String[] f : lines("prices.csv")) {
            // provider,service,sku,region,price_model,unit,price,currency,...
            if (!f[1].equals("compute") || !f[4].equals("on_demand") || !f[7].equals("USD")) continue;
            if (!gpuTypes.containsKey(f[0] + "/" + f[2])) continue;
            byFamily.putIfAbsent(f[0] + " " + family(f[0], f[2]), new Row(f[0], f[2], f[3], new BigDecimal(f[6])));
        }
        return byFamily;
    }

    static Resource instance(Row row) {
        return switch (row.provider()) {
            case "aws" -> TestPlans.res("aws_instance.golden", "aws_instance").kind(Kinds.COMPUTE_INSTANCE).region(row.region())
                    .after("{'instance_type':'" + row.type() + "'}").build();
            // A zone, not a region: the estimator maps it.
            case "gcp" -> TestPlans.res("google_compute_instance.golden", "google_compute_instance").kind(Kinds.COMPUTE_INSTANCE)
                    .zone(row.region() + "-b").after("{'machine_type':'" + row.type() + "','zone':'" + row.region() + "-b'}").build();
            default -> TestPlans.res("azurerm_linux_virtual_machine.golden", "azurerm_linux_virtual_machine").kind(Kinds.COMPUTE_INSTANCE)
                    .region(row.region()).after("{'size':'" + row.type() + "','priority':'Regular'}").build();
        };
    }

    @Test
    void everyGpuFamilyHasAGoldenRow() throws IOException {
        java.util.Set<String> families = new java.util.TreeSet<>();
        for (String[] f : lines("instances.csv")) if (!f[2].isEmpty()) families.add(f[0] + " " + family(f[0], f[1]));
        // 13 AWS families, 6 GCP, 12 Azure series in the bundled catalogue; each must be tested.
        assertEquals(31, families.size(), families.toString());
        assertEquals(families, familyRows().keySet());
    }

    @TestFactory
    Stream<DynamicTest> eachGpuFamilyIsPricedFromItsCatalogueRow() throws IOException {
        Estimator estimator = new Estimator(Catalogue.bundled());
        return familyRows().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey() + " " + e.getValue().type(), () -> {
            Row row = e.getValue();
            ResourceCost cost = estimator.estimate(TestPlans.plan(instance(row))).resources().get(0);
            assertEquals(ResourceCost.Status.PRICED, cost.status(), cost.unpriced().toString());
            assertEquals(row.region(), cost.region());
            assertEquals("on_demand", cost.priceModel());
            assertEquals(1, cost.components().size());
            Component c = cost.components().get(0);
            assertEquals(0, row.price().compareTo(c.unitPriceUsd()));
            assertEquals(0, HOURS.compareTo(c.quantity()));
            assertEquals("hour", c.unit());
            assertEquals(0, row.price().multiply(HOURS).compareTo(c.monthlyUsd()));
            assertEquals(0, row.price().multiply(HOURS).compareTo(cost.monthlyUsd()));
            assertEquals(0, row.price().compareTo(cost.hourlyUsd()), "hourly = monthly / 730 = the row's hourly price");
        }));
    }

    @Test
    void multiComponentResourceSumsItsComponents() throws IOException {
        Row p5 = familyRows().get("aws p5");
        assertEquals("p5.48xlarge", p5.type());
        BigDecimal gp3 = null;
        for (String[] f : lines("prices.csv")) {
            if (f[0].equals("aws") && f[1].equals("ebs") && f[2].equals("gp3") && f[3].equals("us-east-1")) gp3 = new BigDecimal(f[6]);
        }
        Resource r = TestPlans.res("aws_instance.train", "aws_instance").region("us-east-1")
                .after("{'instance_type':'p5.48xlarge','root_block_device':[{'volume_type':'gp3','volume_size':500}]}").build();
        Estimate e = new Estimator(Catalogue.bundled()).estimate(TestPlans.plan(r));
        ResourceCost cost = e.resources().get(0);
        assertEquals(2, cost.components().size());
        BigDecimal expected = p5.price().multiply(HOURS).add(gp3.multiply(BigDecimal.valueOf(500)));
        assertEquals(0, expected.compareTo(cost.monthlyUsd()));
        assertEquals(0, expected.compareTo(e.totalMonthlyUsd()));
        BigDecimal sum = cost.components().stream().map(Component::monthlyUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, sum.compareTo(cost.monthlyUsd()));
        assertTrue(cost.components().get(1).name().startsWith("Root volume storage (gp3, 500 GB)"));
    }
}
