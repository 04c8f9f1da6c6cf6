package dev.tollgate.cli;

import dev.tollgate.facts.Catalogue;
import dev.tollgate.facts.EnergyFactor;
import dev.tollgate.facts.InstanceShape;
import dev.tollgate.facts.Price;
import dev.tollgate.facts.RegionFacts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.tollgate.cli.FactsCommand.money;

/** The text {@code tollgate facts show} and {@code facts check} print. Each method returns null when nothing matches. */
final class FactsText {
    private FactsText() {}

    private static final BigDecimal HOURS = BigDecimal.valueOf(730);

    static String instance(Catalogue c, String name) {
        List<InstanceShape> shapes = c.instancesNamed(name);
        List<Price> prices = c.pricesNamed(name).stream().filter(p -> p.service().equals(Catalogue.COMPUTE)).toList();
        if (shapes.isEmpty() && prices.isEmpty()) return null;
        StringBuilder out = new StringBuilder();
        for (InstanceShape s : shapes) {
            out.append(s.instanceType()).append(" (").append(s.provider()).append(")\n");
            if (s.hasGpus()) {
                out.append(row("accelerators", (s.gpuCount() == null ? "?" : s.gpuCount()) + " x " + s.gpuModel()
                        + (s.gpuMemoryGib() == null ? "" : ", " + money(BigDecimal.valueOf(s.gpuMemoryGib())) + " GiB accelerator memory")));
                out.append(row("power", s.gpuPower() == null ? "no figure in gpus.csv"
                        : s.gpuPower().tdpWatts() + " W each (" + s.gpuPower().key() + ")"
                        + (s.gpuWatts() == null ? "" : ", " + s.gpuWatts() + " W per instance")));
            }
            out.append(row("vCPUs", s.vcpus() == null ? "unknown" : s.vcpus().toString()));
            out.append(row("memory", s.memoryGib() == null ? "unknown" : money(BigDecimal.valueOf(s.memoryGib())) + " GiB"));
            out.append(row("source", s.source() + " (as of " + s.asOf() + ", " + s.origin() + ")"));
        }
        if (shapes.isEmpty()) out.append(name).append(": no hardware shape in the catalogue (prices only)\n");
        out.append('\n').append(prices(prices));
        return out.toString();
    }

    static String region(Catalogue c, String name) {
        List<RegionFacts> found = new ArrayList<>();
        for (RegionFacts r : c.regions()) if (r.region().equalsIgnoreCase(name)) found.add(r);
        if (found.isEmpty()) return null;
        StringBuilder out = new StringBuilder();
        for (RegionFacts r : found) {
            out.append(r.region()).append(" (").append(r.provider()).append(")\n");
            out.append(row("name", r.displayName()));
            out.append(row("partition", r.partition()));
            out.append(row("country", orDash(r.country()) + (r.city() == null ? "" : ", " + r.city())));
            out.append(row("jurisdictions", r.jurisdictions().isEmpty() ? "unknown" : String.join(", ", r.jurisdictions())));
            out.append(row("EU/EEA", r.euEea() == null ? "unknown" : r.euEea() ? "yes" : "no"));
            out.append(row("sovereign", orDash(r.sovereignOffering())));
            out.append(row("grid", c.gridIntensity(r.provider(), r.region()).map(FactsCommand::grid).orElse("no figure in carbon.csv")));
            out.append(row("PUE", c.energy(r.provider(), r.region(), EnergyFactor.PUE)
                    .map(e -> money(BigDecimal.valueOf(e.value())) + (e.region().equals("*") ? " (provider default)" : "")).orElse("unknown")));
            long priced = c.prices().stream().filter(p -> p.provider().equals(r.provider()) && p.region().equals(r.region())).count();
            out.append(row("prices", priced + " rows"));
            out.append(row("source", r.source() + " (as of " + r.asOf() + ", " + r.origin() + ")"));
        }
        return out.toString();
    }

    static String prices(List<Price> prices) {
        if (prices.isEmpty()) return null;
        List<Price> sorted = new ArrayList<>(prices);
        sorted.sort(Comparator.comparing(Price::provider).thenComparing(Price::skuName).thenComparing(Price::region)
                .thenComparing(p -> p.model().ordinal()).thenComparing(p -> p.tierStart() == null ? BigDecimal.ZERO : p.tierStart()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"PROVIDER", "SKU", "REGION", "MODEL", "PRICE", "UNIT", "PER MONTH (730 h)", "AS OF", "SOURCE"});
        for (Price p : sorted) {
            String unit = p.unit().id() + (p.tierStart() == null ? "" : " (from " + money(p.tierStart()) + (p.tierEnd() == null ? "" : " to " + money(p.tierEnd())) + ")");
            String month = p.unit().id().equals("hour") ? money(p.amount().multiply(HOURS)) + " " + p.currency() : "";
            rows.add(new String[]{p.provider(), p.skuName(), p.region(), p.model().id(), money(p.amount()) + " " + p.currency(),
                    unit, month, p.asOf().toString(), p.source() + (p.origin().override() ? " [" + p.origin() + "]" : "")});
        }
        return table(rows);
    }

    static String summary(Catalogue c) {
        StringBuilder out = new StringBuilder("Catalogue" + (c.directories().isEmpty() ? " (bundled)" : " (bundled + " + c.directories() + ")") + "\n");
        c.asOf().forEach((file, a) -> out.append(String.format("  %-14s %5d rows", file, a.rows()))
                .append(a.rows() == 0 ? "" : "   as of " + a.oldest() + " .. " + a.newest()).append('\n'));
        return out.toString();
    }

    private static String row(String label, String value) {
        return String.format("  %-14s%s%n", label, value);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    /** Left-aligned columns, two spaces apart; the last column is not padded. */
    static String table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
