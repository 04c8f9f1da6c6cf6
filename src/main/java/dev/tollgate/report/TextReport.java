package dev.tollgate.report;

import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.policy.Decision.WaiverStatus;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The terminal form of a decision: a verdict line, then each violation with its outcome, policy, resource,
 * message and fix hint, then waivers, cost and carbon totals.
 */
public final class TextReport {
    private TextReport() {}

    public static String render(Decision d) {
        StringBuilder out = new StringBuilder();
        Decision.Summary s = d.summary();
        out.append(d.verdict().id().toUpperCase(Locale.ROOT)).append("  ").append(d.stack().name())
                .append(": ").append(s.denied()).append(" denied, ").append(s.warned()).append(plural(s.warned(), " warning"))
                .append(", ").append(s.waived()).append(" waived")
                .append("  (").append(d.stack().tool()).append(' ').append(d.stack().file()).append(")\n");

        for (Violation v : d.violations()) {
            out.append('\n').append("  ").append(pad(v.outcome().id().toUpperCase(Locale.ROOT), 6))
                    .append(v.enforcement().id()).append("  ").append(v.policy()).append("  ")
                    .append(v.resource().isEmpty() ? "-" : v.resource());
            if (v.indeterminate()) out.append("  (indeterminate)");
            out.append('\n');
            out.append("        ").append(v.message()).append('\n');
            if (v.indeterminate() && !v.unknown().isEmpty()) {
                out.append("        unknown until apply: ").append(String.join(", ", v.unknown())).append('\n');
            }
            if (v.waiver() != null) {
                out.append("        ").append(v.outcome() == Decision.Outcome.WAIVED ? "waived by " : "waiver expired: ")
                        .append(v.waiver()).append('\n');
            }
            if (v.remediation() != null) out.append("        fix: ").append(v.remediation()).append('\n');
        }

        if (!d.waivers().isEmpty()) {
            out.append("\nWaivers:\n");
            for (WaiverStatus w : d.waivers()) {
                out.append("  ").append(pad(w.status(), 8)).append(w.id()).append("  (").append(w.owner())
                        .append(", expires ").append(w.expires()).append(")\n");
            }
        }

        Decision.Totals t = d.totals();
        out.append('\n');
        out.append("Cost:    ").append(usd(t.monthlyUsd())).append("/month (").append(usd(t.hourlyUsd())).append("/hour), ")
                .append(signedUsd(t.deltaMonthlyUsd())).append("/month against the baseline of ").append(usd(t.baselineMonthlyUsd()));
        if (t.unpriced() > 0) out.append("; ").append(t.unpriced()).append(plural(t.unpriced(), " resource")).append(" unpriced");
        out.append('\n');
        out.append("Carbon:  ").append(number(t.carbonKgMonth(), 0)).append(" kgCO2e/month;  GPUs: ").append(t.gpuCount())
                .append(" (").append(number(t.gpuHoursMonth(), 0)).append(" GPU-hours/month)\n");
        out.append("Policies ").append(d.policies().revision(), 0, "sha256:".length() + 12)
                .append(", decision ").append(d.id()).append('\n');
        return out.toString();
    }

    static String usd(BigDecimal v) {
        return (v.signum() < 0 ? "-$" : "$") + number(v.abs(), 2);
    }

    static String signedUsd(BigDecimal v) {
        return (v.signum() < 0 ? "-" : "+") + "$" + number(v.abs(), 2);
    }

    static String number(BigDecimal v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static String plural(int n, String word) {
        return n == 1 ? word : word + "s";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
