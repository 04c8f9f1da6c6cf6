package dev.tollgate.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tollgate.facts.Component;
import dev.tollgate.facts.CostDiff;
import dev.tollgate.facts.Estimate;
import dev.tollgate.facts.ResourceCost;
import dev.tollgate.plan.Plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** The table {@code tollgate cost} prints: one line per resource, its components under it, then totals and caveats. */
final class CostText {
    private CostText() {}

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    static String table(Plan plan, Estimate e) {
        StringBuilder out = new StringBuilder();
        out.append("Cost of ").append(plan.source().file()).append(" (USD, month = ").append(e.hoursPerMonth()).append(" hours)\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"RESOURCE", "REGION", "MODEL", "HOURLY", "MONTHLY", "kgCO2e/MONTH", "STATUS"});
        for (ResourceCost r : e.resources()) {
            rows.add(new String[]{name(r.address()), orDash(r.region()), orDash(r.priceModel()), money(r.hourlyUsd()), money(r.monthlyUsd()),
                    r.carbonKgMonth() == null ? "-" : carbon(r.carbonKgMonth()), r.status().id()});
            for (Component c : r.components()) {
                rows.add(new String[]{"  " + c.name() + ": " + FactsCommand.money(c.quantity()) + " " + c.unit() + " x "
                        + FactsCommand.money(c.unitPriceUsd()), "", "", "", money(c.monthlyUsd()), "", ""});
            }
        }
        rows.add(new String[]{"TOTAL", "", "", money(e.totalHourlyUsd()), money(e.totalMonthlyUsd()),
                e.totalCarbonKgMonth() == null ? "-" : carbon(e.totalCarbonKgMonth()), ""});
        out.append(FactsText.table(rows));

        List<ResourceCost> unpriced = e.resources().stream().filter(ResourceCost::hasUnpriced).toList();
        if (!unpriced.isEmpty()) {
            out.append('\n').append(unpriced.size()).append(unpriced.size() == 1 ? " resource" : " resources")
                    .append(" not fully priced (their cost is missing from the total):\n");
            for (ResourceCost r : unpriced) for (String why : r.unpriced()) out.append("  ").append(name(r.address())).append(": ").append(why).append('\n');
        }
        // The same default (730 hours, 50% utilisation) usually applies to many resources: say it once.
        java.util.Map<String, List<String>> assumptions = new java.util.LinkedHashMap<>();
        for (ResourceCost r : e.resources()) {
            for (String a : r.assumptions()) assumptions.computeIfAbsent(a, k -> new ArrayList<>()).add(name(r.address()));
        }
        if (!assumptions.isEmpty()) {
            out.append("\nAssumptions:\n");
            assumptions.forEach((a, who) -> out.append("  ").append(a).append(": ").append(String.join(", ", who)).append('\n'));
        }
        if (e.diff() != null) diff(out, e.diff());
        out.append("\nCatalogue as of:");
        e.catalogue().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(en -> out.append(' ').append(en.getKey()).append(' ').append(en.getValue().oldest()).append("..").append(en.getValue().newest()).append(';'));
        out.setLength(out.length() - 1);
        out.append('\n');
        if (!e.staleWarnings().isEmpty()) {
            out.append("Stale:\n");
            for (String s : e.staleWarnings()) out.append("  ").append(s).append('\n');
        }
        return out.toString();
    }

    private static void diff(StringBuilder out, CostDiff d) {
        out.append("\nAgainst the baseline: ").append(money(d.baselineMonthlyUsd())).append(" -> ").append(money(d.monthlyUsd()))
                .append(" per month (").append(signed(d.deltaMonthlyUsd())).append(")\n");
        for (CostDiff.Line l : d.resources()) {
            if (l.change() == CostDiff.Change.UNCHANGED) continue;
            out.append("  ").append(l.change().id()).append(' ').append(name(l.address())).append(": ")
                    .append(signed(l.deltaMonthlyUsd())).append('\n');
        }
    }

    /** Pulumi URNs are long; their last two parts (type and name) identify the resource in a table. */
    static String name(String address) {
        if (!address.startsWith("urn:pulumi:")) return address;
        String[] parts = address.split("::");
        return parts.length >= 2 ? parts[parts.length - 2] + "::" + parts[parts.length - 1] : address;
    }

    static String money(BigDecimal d) {
        return String.format(java.util.Locale.ROOT, "%,.2f", d.setScale(2, RoundingMode.HALF_UP));
    }

    private static String signed(BigDecimal d) {
        return (d.signum() > 0 ? "+" : "") + money(d);
    }

    private static String carbon(double kg) {
        return String.format(java.util.Locale.ROOT, "%,.1f", kg);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
