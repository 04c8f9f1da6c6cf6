package dev.tollgate.facts;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogueTest {

    private final Catalogue catalogue = Catalogue.bundled();

    @Test
    void bundledCatalogueHasNoProblems() {
        assertEquals(List.of(), Catalogue.check(List.of()));
    }

    @Test
    void looksUpInstancePricesByTypeRegionAndModel() {
        Price p = catalogue.price("aws", Catalogue.COMPUTE, "p5.48xlarge", "us-east-1", PriceModel.ON_DEMAND).orElseThrow();
        assertEquals(0, new BigDecimal("55.04").compareTo(p.amount()));
        assertEquals("USD", p.currency());
        assertEquals(LocalDate.parse("2026-07-20"), p.asOf());
        assertTrue(p.source().startsWith("aws/karpenter-provider-aws"), p.source());

        Price spot = catalogue.price("gcp", Catalogue.COMPUTE, "a3-highgpu-8g", "europe-west4", PriceModel.SPOT).orElseThrow();
        assertEquals(0, new BigDecimal("44.12").compareTo(spot.amount().setScale(2, java.math.RoundingMode.HALF_UP)));
        assertTrue(catalogue.price("aws", Catalogue.COMPUTE, "p5.48xlarge", "us-east-1", PriceModel.SPOT).isEmpty());
    }

    @Test
    void keepsChinaPricesInYuanWithoutConverting() {
        List<Price> cn = catalogue.pricesOf("aws", Catalogue.COMPUTE, "m5.large").stream()
                .filter(p -> p.region().equals("cn-north-1")).toList();
        assertEquals(1, cn.size());
        assertEquals("CNY", cn.get(0).currency());
        assertFalse(cn.get(0).usd());
    }

    @Test
    void tiersComeLowestFirst() {
        List<Price> tiers = catalogue.prices("aws", "data-transfer", "internet-egress", "eu-central-1", PriceModel.ON_DEMAND);
        assertEquals(4, tiers.size());
        assertNull(tiers.get(3).tierEnd());
        for (int i = 1; i < tiers.size(); i++) assertEquals(tiers.get(i - 1).tierEnd(), tiers.get(i).tierStart());
    }

    @Test
    void gpuShapeCarriesModelCountMemoryAndPower() {
        InstanceShape p5 = catalogue.instance("aws", "p5.48xlarge").orElseThrow();
        assertEquals(8, p5.gpuCount());
        assertEquals(640.0, p5.gpuMemoryGib());
        assertEquals(192, p5.vcpus());
        assertEquals(700, p5.gpuPower().tdpWatts());
        assertEquals(5600, p5.gpuWatts());
        // The A100 40GB SXM4 has no power figure in the reference data: no power, not a guess.
        InstanceShape p4d = catalogue.instance("aws", "p4d.24xlarge").orElseThrow();
        assertNull(p4d.gpuPower());
        assertNull(p4d.gpuWatts());
    }

    @Test
    void sovereignAndEuRegionsCarryTheirJurisdiction() {
        RegionFacts eusc = catalogue.region("aws", "eusc-de-east-1").orElseThrow();
        assertEquals("aws-eusc", eusc.partition());
        assertEquals("DE", eusc.country());
        assertEquals(Set.of("DE", "EU"), eusc.jurisdictions());
        assertTrue(eusc.euEea());
        assertEquals("AWS European Sovereign Cloud", eusc.sovereignOffering());

        RegionFacts oslo = catalogue.region("azure", "norwayeast").orElseThrow();
        assertEquals(Set.of("NO"), oslo.jurisdictions());
        assertTrue(oslo.euEea());

        RegionFacts zurich = catalogue.region("gcp", "europe-west6").orElseThrow();
        assertFalse(zurich.euEea());
        assertEquals(Set.of("CH"), zurich.jurisdictions());

        assertTrue(catalogue.region("aws", "us-gov-west-1").orElseThrow().sovereign());
        assertEquals("Azure Government", catalogue.region("azure", "usgovvirginia").orElseThrow().sovereignOffering());
        assertEquals("Azure operated by 21Vianet", catalogue.region("azure", "chinanorth3").orElseThrow().sovereignOffering());
        assertEquals("gcp-s3ns", catalogue.region("gcp", "u-france-east1").orElseThrow().partition());
        assertEquals("aws-cn", catalogue.region("cn-north-1").orElseThrow().partition());
    }

    @Test
    void coversEveryProviderPartition() {
        Set<String> partitions = new java.util.TreeSet<>();
        catalogue.regions().forEach(r -> partitions.add(r.partition()));
        assertEquals(Set.of("aws", "aws-cn", "aws-eusc", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-us-gov",
                "azure", "azure-china", "azure-us-gov", "gcp", "gcp-s3ns"), partitions);
    }

    @Test
    void gridIntensityIsTheLatestYear() {
        GridIntensity g = catalogue.gridIntensity("gcp", "europe-west4").orElseThrow();
        assertEquals(2024, g.year());
        assertTrue(catalogue.gridHistory("gcp", "europe-west4").size() > 1);
        assertTrue(catalogue.gridIntensity("aws", "eusc-de-east-1").isEmpty());
    }

    @Test
    void energyFactorsFallBackToTheProviderDefault() {
        assertEquals(1.07, catalogue.energy("gcp", "europe-west4", EnergyFactor.PUE).orElseThrow().value());
        assertEquals(1.1, catalogue.energy("gcp", "europe-west3", EnergyFactor.PUE).orElseThrow().value());
        assertEquals(1.135, catalogue.energy("aws", "us-east-1", EnergyFactor.PUE).orElseThrow().value());
    }

    @Test
    void exposesAsOfDatesPerFile() {
        Catalogue.AsOf prices = catalogue.asOf().get("prices.csv");
        assertEquals(LocalDate.parse("2022-12-30"), prices.oldest());
        assertEquals(LocalDate.parse("2026-11-09"), prices.newest());
        assertEquals(catalogue.priceCount(), prices.rows());
    }

    @Test
    void staleFilesAreMeasuredAgainstTheGivenClock() {
        Clock nov2026 = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
        assertEquals(List.of(), catalogue.staleFiles(nov2026, Period.ofDays(180)).stream()
                .filter(s -> s.contains("prices.csv")).toList());

        Clock later = Clock.fixed(Instant.parse("2027-06-01T00:00:00Z"), ZoneOffset.UTC);
        List<String> stale = catalogue.staleFiles(later, Period.ofDays(180));
        assertTrue(stale.stream().anyMatch(s -> s.startsWith("catalogue prices.csv is stale: its newest figure is from 2026-11-09")), stale.toString());

        List<String> figures = catalogue.staleFigures(nov2026, Period.ofDays(180));
        assertTrue(figures.stream().anyMatch(s -> s.startsWith("prices.csv: ") && s.contains("(oldest 2022-12-30)")), figures.toString());
    }

    @Test
    void zonesMapToTheirRegion() {
        assertEquals("eu-central-1", RegionNames.regionOfZone("aws", "eu-central-1a").orElseThrow());
        assertEquals("us-east-1", RegionNames.regionOfZone("aws", "us-east-1-bos-1a").orElseThrow());
        assertEquals("eusc-de-east-1", RegionNames.regionOfZone("aws", "eusc-de-east-1b").orElseThrow());
        assertEquals("us-gov-west-1", RegionNames.regionOfZone("aws", "us-gov-west-1a").orElseThrow());
        assertTrue(RegionNames.regionOfZone("aws", "euc1-az2").isEmpty());
        assertTrue(RegionNames.regionOfZone("aws", "eu-central-1").isEmpty());
        assertEquals("europe-west4", RegionNames.regionOfZone("gcp", "europe-west4-b").orElseThrow());
        assertEquals("u-france-east1", RegionNames.regionOfZone("gcp", "u-france-east1-a").orElseThrow());
        assertTrue(RegionNames.regionOfZone("azure", "1").isEmpty());
        assertEquals("westeurope", RegionNames.canonical("azure", "West Europe"));
        assertEquals("EU", RegionNames.canonical("gcp", "eu"));
        assertEquals("europe-west4", RegionNames.canonical("gcp", "EUROPE-WEST4"));
    }
}
