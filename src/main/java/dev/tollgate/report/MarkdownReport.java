package dev.tollgate.report;

import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Decision.Outcome;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.policy.Decision.WaiverStatus;

import java.util.List;

/**
 * A decision as a pull-request comment: a one-line verdict, denials first with fix hints, warnings and waivers
 * folded away. The first line is a hidden marker naming the stack, so a CI step can find and update its own comment.
 */
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String marker(String stack) {
        return "<!-- tollgate:check stack=" + stack + " -->";
    }

    public static String render(Decision d) {
        StringBuilder out = new StringBuilder();
        Decision.Summary s = d.summary();
        Decision.Totals t = d.totals();
        out.append(marker(d.stack().name())).append('\n');
        out.append("### ").append(d.allowed() ? "✅" : "❌").append(" Tollgate: **").append(d.verdict().id()).append("** — `")
                .append(d.stack().name()).append("`\n\n");
        out.append(s.denied()).append(" denied · ").append(s.warned()).append(" warnings · ").append(s.waived()).append(" waived · ")
                .append(TextReport.usd(t.monthlyUsd())).append("/month (").append(TextReport.signedUsd(t.deltaMonthlyUsd()))
                .append(") · ").append(TextReport.number(t.carbonKgMonth(), 0)).append(" kgCO2e/month · policies `")
                .append(d.policies().revision(), "sha256:".length(), "sha256:".length() + 12).append("`\n");

        List<Violation> denied = d.violations().stream().filter(v -> v.outcome() == Outcome.DENY).toList();
        List<Violation> rest = d.violations().stream().filter(v -> v.outcome() != Outcome.DENY).toList();
        if (!denied.isEmpty()) {
            out.append('\n');
            table(out, denied);
        }
        if (!rest.isEmpty()) {
            out.append("\n<details><summary>").append(rest.size()).append(" warnings and waived</summary>\n\n");
            table(out, rest);
            out.append("\n</details>\n");
        }
        if (!d.waivers().isEmpty()) {
            out.append("\n<details><summary>Waivers</summary>\n\n| Status | Waiver | Owner | Ticket | Expires | Reason |\n|---|---|---|---|---|---|\n");
            for (WaiverStatus w : d.waivers()) {
                out.append("| ").append(w.status()).append(" | `").append(cell(w.policy() + " " + w.resource())).append("` | ")
                        .append(cell(w.owner())).append(" | ").append(cell(w.ticket())).append(" | ").append(w.expires())
                        .append(" | ").append(cell(w.reason())).append(" |\n");
            }
            out.append("\n</details>\n");
        }
        return out.toString();
    }

    private static void table(StringBuilder out, List<Violation> vs) {
        out.append("| Outcome | Policy | Resource | Finding |\n|---|---|---|---|\n");
        for (Violation v : vs) {
            out.append("| ").append(v.outcome().id()).append(v.indeterminate() ? " (indeterminate)" : "")
                    .append(" | `").append(v.policy()).append("` | `").append(cell(v.resource().isEmpty() ? "-" : v.resource()))
                    .append("` | ").append(cell(v.message()));
            if (v.remediation() != null) out.append("<br>**Fix:** ").append(cell(v.remediation()));
            out.append(" |\n");
        }
    }

    /** Pipes and newlines would break the table. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
