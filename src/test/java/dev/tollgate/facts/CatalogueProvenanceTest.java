package dev.tollgate.facts;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every figure of the shared reference catalogue is carried into the bundled catalogue unchanged, with its
 * source and date. Reads {@code ../shared/reference/catalogue} (system property {@code tollgate.shared.dir});
 * fails when it is missing, because then nothing proves the bundled figures.
 */
class CatalogueProvenanceTest {

    private final Catalogue catalogue = Catalogue.bundled();

    private static Path reference() {
        Path dir = Path.of(System.getProperty("tollgate.shared.dir", "../shared"), "reference", "catalogue");
        assertTrue(Files.isDirectory(dir), "reference catalogue missing: " + dir.toAbsolutePath());
        return dir;
    }

    private static List<Map<String, String>> rows(String file) throws IOException {
        List<String> lines = Files.readAllLines(reference().resolve(file));
        List<String> header = Csv.fields(lines.get(0));
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            List<String> f = Csv.fields(line);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), f.get(i));
            out.add(row);
        }
        return out;
    }

    private Optional<Price> compute(Map<String, String> r) {
        return catalogue.price(r.get("provider"), Catalogue.COMPUTE, r.get("instance_type"), r.get("region"),
                PriceModel.parse(r.get("price_model")).orElseThrow());
    }

    @Test
    void everyEc2PriceIsCarriedWithCurrencyDateAndSource() throws IOException {
        List<Map<String, String>> ref = rows("aws_ec2_on_demand.csv");
        assertTrue(ref.size() > 3000);
        for (Map<String, String> r : ref) {
            Price p = compute(r).orElseThrow(() -> new AssertionError("missing " + r));
            assertEquals(0, new BigDecimal(r.get("price_per_hour")).compareTo(p.amount()), r.toString());
            assertEquals(r.get("currency"), p.currency());
            assertEquals(r.get("as_of"), p.asOf().toString());
            assertEquals(r.get("source"), p.source());
        }
    }

    @Test
    void everyGpuPriceIsCarried() throws IOException {
        for (Map<String, String> r : rows("gpu_instances.csv")) {
            Price p = compute(r).orElseThrow(() -> new AssertionError("missing " + r));
            BigDecimal ref = new BigDecimal(r.get("usd_per_hour"));
            if (ref.compareTo(p.amount()) != 0) {
                // The same AWS-K figure appears in aws_ec2_on_demand.csv at full precision; that one is kept.
                assertEquals("aws", r.get("provider"), r.toString());
                assertEquals(0, ref.compareTo(p.amount().round(new MathContext(ref.precision()))), r + " vs " + p.amount());
            }
            assertEquals("USD", p.currency());
            assertEquals(r.get("as_of"), p.asOf().toString());
        }
    }

    @Test
    void everyStorageAndNetworkPriceIsCarriedUnderItsSourceLabel() throws IOException {
        for (Map<String, String> r : rows("storage_network.csv")) {
            List<Price> found = catalogue.prices().stream()
                    .filter(p -> r.get("sku").equals(p.description()) && p.region().equals(r.get("region"))).toList();
            assertEquals(1, found.size(), "one catalogue row for " + r);
            Price p = found.get(0);
            assertEquals(r.get("provider"), p.provider());
            assertEquals(r.get("unit"), p.unit().id());
            assertEquals(0, new BigDecimal(r.get("usd_per_unit")).compareTo(p.amount()), r.toString());
            assertEquals(r.get("as_of"), p.asOf().toString());
            assertEquals(r.get("source"), p.source());
        }
    }

    @Test
    void everyRegionIsCarriedWithItsJurisdiction() throws IOException {
        List<Map<String, String>> ref = rows("regions.csv");
        for (Map<String, String> r : ref) {
            RegionFacts f = catalogue.region(r.get("provider"), r.get("region")).orElseThrow(() -> new AssertionError("missing " + r));
            assertEquals(r.get("partition"), f.partition());
            assertEquals(emptyToNull(r.get("country_iso2")), f.country());
            assertEquals(emptyToNull(r.get("jurisdiction")), f.jurisdiction());
            assertEquals(emptyToNull(r.get("eu_eea")) == null ? null : Boolean.valueOf(r.get("eu_eea")), f.euEea());
            assertEquals(emptyToNull(r.get("sovereign_offering")), f.sovereignOffering());
            assertEquals(r.get("source"), f.source());
        }
        // Plus the three Cloud Storage multi-regions, which price rows use.
        assertEquals(ref.size() + 3, catalogue.regions().size());
    }

    @Test
    void everyCarbonFigureIsCarriedExceptForNonPublicRegions() throws IOException {
        Set<String> leftOut = Set.of("us-central2", "us-east2");
        for (Map<String, String> r : rows("carbon.csv")) {
            List<GridIntensity> history = catalogue.gridHistory(r.get("provider"), r.get("region"));
            if (leftOut.contains(r.get("region"))) {
                assertTrue(history.isEmpty());
                continue;
            }
            Integer year = r.get("year").isEmpty() ? null : Integer.valueOf(r.get("year"));
            GridIntensity g = history.stream().filter(h -> java.util.Objects.equals(h.year(), year)).findFirst()
                    .orElseThrow(() -> new AssertionError("missing " + r));
            assertEquals(Double.parseDouble(r.get("grid_gco2e_per_kwh")), g.gramsPerKwh(), r.toString());
            assertEquals(r.get("source"), g.source());
        }
    }

    @Test
    void everyGpuPowerFigureIsCarried() throws IOException {
        for (Map<String, String> r : rows("gpu_power.csv")) {
            GpuPower g = catalogue.gpu(r.get("gpu_model"), r.get("form_factor")).orElseThrow(() -> new AssertionError("missing " + r));
            assertEquals(Integer.parseInt(r.get("tdp_watts")), g.tdpWatts());
            assertEquals(r.get("source"), g.source());
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
