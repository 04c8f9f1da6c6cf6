package dev.tollgate.report;

import dev.tollgate.policy.Decision.Outcome;
import dev.tollgate.policy.Decision.Verdict;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.policy.Decision.WaiverStatus;
import dev.tollgate.report.Review.CostChange;
import dev.tollgate.report.Review.PolicyImpact;
import dev.tollgate.report.Review.ResourceChange;
import dev.tollgate.report.Review.StackChange;
import dev.tollgate.report.Review.Status;
import dev.tollgate.report.Review.VerdictChange;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A review as the pull-request comment a reviewer reads in ten seconds: one verdict line, a table of what each
 * changed stack costs before and after, the new violations with their fix hints, what a policy change breaks, and
 * everything else folded into {@code <details>}. It starts with {@link #MARKER}, which a CI step looks for to
 * update its earlier comment instead of adding another.
 */
public final class ReviewMarkdown {
    private ReviewMarkdown() {}

    public static final String MARKER = "<!-- tollgate-review -->";

    private record Located(StackChange stack, Violation violation) {}

    /** Stacks are named by their stack name, and by their path too where two plans share a name. */
    private record Labels(java.util.Set<String> shared) {
        static Labels of(Review r) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            java.util.Set<String> shared = new java.util.HashSet<>();
            r.stacks().forEach(s -> {
                if (!seen.add(s.name())) shared.add(s.name());
            });
            return new Labels(shared);
        }

        String of(StackChange s) {
            return "`" + cell(s.name()) + "`" + (shared.contains(s.name()) ? " <sub>" + cell(s.key()) + "</sub>" : "");
        }
    }

    public static String render(Review r) {
        Labels labels = Labels.of(r);
        StringBuilder out = new StringBuilder(MARKER).append('\n');
        out.append("### ").append(headline(r)).append("\n\n");

        List<StackChange> changed = r.stacks().stream().filter(s -> s.status() != Status.UNCHANGED).toList();
        if (changed.isEmpty()) out.append("No stack changes: the same resources, cost and violations at base and head.\n");
        else costTable(out, changed, r.summary(), labels);

        List<Located> added = collect(r, s -> s.violations().added());
        List<Located> denials = added.stream().filter(l -> l.violation().outcome() == Outcome.DENY).toList();
        List<Located> others = added.stream().filter(l -> l.violation().outcome() != Outcome.DENY).toList();
        if (!added.isEmpty()) {
            out.append("\n#### New violations\n\n");
            List<Located> ordered = new ArrayList<>(denials);
            ordered.addAll(others);
            violations(out, ordered, labels);
        }
        if (r.policyImpact() != null) impact(out, r.policyImpact());
        expiring(out, r, labels);

        details(out, r, changed, labels);
        out.append("\n<sub>Tollgate review · ").append(sideLabel(r.base())).append(" → ").append(sideLabel(r.head()))
                .append(" · policies `").append(shortRevision(r.base().revision())).append('`');
        if (!r.base().revision().equals(r.head().revision())) out.append(" → `").append(shortRevision(r.head().revision())).append('`');
        out.append(" · ").append(r.summary().stacks()).append(r.summary().stacks() == 1 ? " stack" : " stacks").append("</sub>\n");
        return out.toString();
    }

    /** The one line that says whether the change may merge, why not, and what it costs. */
    static String headline(Review r) {
        Review.Summary s = r.summary();
        StringBuilder line = new StringBuilder();
        List<String> newlyDenying = r.stacks().stream()
                .filter(st -> st.violations().added().stream().anyMatch(v -> v.outcome() == Outcome.DENY))
                .map(st -> "`" + st.name() + "`").distinct().toList();
        if (r.allowed()) {
            line.append("✅ Tollgate review: **allow** — no mandatory violations");
            if (s.newWarnings() > 0) line.append(", ").append(count(s.newWarnings(), "new warning"));
        } else if (s.newDenials() > 0) {
            line.append("❌ Tollgate review: **deny** — ").append(count(s.newDenials(), "new denial")).append(" in ")
                    .append(String.join(", ", newlyDenying));
        } else {
            List<String> denied = r.stacks().stream().filter(st -> st.headVerdict() == Verdict.DENY)
                    .map(st -> "`" + st.name() + "`").distinct().toList();
            line.append("❌ Tollgate review: **deny** — no new denials, but ").append(String.join(", ", denied))
                    .append(denied.size() == 1 ? " is" : " are").append(" still denied");
        }
        line.append(" · ").append(TextReport.signedUsd(s.monthlyUsdDelta())).append("/month");
        String pct = s.monthlyUsdDelta().signum() == 0 ? null : percent(s.monthlyUsdBefore(), s.monthlyUsdDelta());
        if (pct != null) line.append(" (").append(pct).append(')');
        if (s.newlyDenied() + s.newlyAllowed() > 0) {
            line.append(" · policy change: ").append(s.newlyDenied()).append(" newly denied, ").append(s.newlyAllowed()).append(" newly allowed");
        }
        return line.toString();
    }

    private static void costTable(StringBuilder out, List<StackChange> changed, Review.Summary s, Labels labels) {
        out.append("| Stack | Verdict | Resources | Monthly cost | Δ/month | GPUs | kgCO2e/month |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (StackChange st : changed) {
            CostChange c = st.cost();
            out.append("| ").append(labels.of(st)).append(" | ").append(verdict(st)).append(" | ")
                    .append(resources(st.resources().added().size(), st.resources().changed().size(), st.resources().removed().size()))
                    .append(" | ").append(TextReport.usd(c.monthlyUsdBefore())).append(" → ").append(TextReport.usd(c.monthlyUsdAfter()))
                    .append(" | ").append(delta(c.monthlyUsdDelta()))
                    .append(" | ").append(c.gpusBefore()).append(" → ").append(c.gpusAfter())
                    .append(" | ").append(TextReport.number(c.carbonKgMonthBefore(), 0)).append(" → ")
                    .append(TextReport.number(c.carbonKgMonthAfter(), 0)).append(" |\n");
        }
        if (changed.size() > 1) {
            out.append("| **Total** | | ").append(resources(s.resourcesAdded(), s.resourcesChanged(), s.resourcesRemoved()))
                    .append(" | ").append(TextReport.usd(s.monthlyUsdBefore())).append(" → ").append(TextReport.usd(s.monthlyUsdAfter()))
                    .append(" | ").append(delta(s.monthlyUsdDelta())).append(" | ").append(s.gpusBefore()).append(" → ").append(s.gpusAfter())
                    .append(" | ").append(TextReport.number(s.carbonKgMonthBefore(), 0)).append(" → ")
                    .append(TextReport.number(s.carbonKgMonthAfter(), 0)).append(" |\n");
        }
        long unpriced = changed.stream().filter(st -> st.cost().unpricedAfter() > 0).count();
        if (unpriced > 0) {
            out.append("\nCosts leave out resources the catalogue cannot price (")
                    .append(changed.stream().filter(st -> st.cost().unpricedAfter() > 0)
                            .map(st -> labels.of(st) + ": " + st.cost().unpricedAfter()).reduce((a, b) -> a + ", " + b).orElse(""))
                    .append(").\n");
        }
    }

    private static String verdict(StackChange s) {
        if (s.status() == Status.ADDED) return "new: " + bold(s.headVerdict());
        if (s.status() == Status.REMOVED) return "removed (was " + s.baseVerdict().id() + ")";
        if (s.baseVerdict() == s.headVerdict()) return s.headVerdict() == Verdict.DENY ? "**deny**" : "allow";
        return s.baseVerdict().id() + " → " + bold(s.headVerdict());
    }

    private static String bold(Verdict v) {
        return v == Verdict.DENY ? "**deny**" : "**allow**";
    }

    private static String resources(int added, int changed, int removed) {
        return "+" + added + " ~" + changed + " −" + removed;
    }

    private static String delta(BigDecimal d) {
        return d.signum() > 0 ? "**" + TextReport.signedUsd(d) + "**" : TextReport.signedUsd(d);
    }

    private static void violations(StringBuilder out, List<Located> vs, Labels labels) {
        out.append("| | Policy | Stack | Resource | Finding |\n|---|---|---|---|---|\n");
        for (Located l : vs) {
            Violation v = l.violation();
            out.append("| ").append(icon(v.outcome())).append(' ').append(v.outcome().id()).append(v.indeterminate() ? " (indeterminate)" : "")
                    .append(" | `").append(v.policy()).append("` | ").append(labels.of(l.stack())).append(" | `")
                    .append(cell(v.resource().isEmpty() ? "-" : v.resource())).append("` | ").append(cell(v.message()));
            if (v.outcome() == Outcome.DENY && v.waiver() != null) out.append("<br>waiver expired: `").append(cell(v.waiver())).append('`');
            if (v.remediation() != null && !v.remediation().isEmpty()) out.append("<br>**Fix:** ").append(cell(v.remediation()));
            out.append(" |\n");
        }
    }

    private static String icon(Outcome o) {
        return switch (o) {
            case DENY -> "❌";
            case WARN -> "⚠️";
            case WAIVED -> "💤";
        };
    }

    private static void impact(StringBuilder out, PolicyImpact p) {
        out.append("\n#### Policy change impact\n\n");
        out.append("Changed: ").append(p.changedFiles().isEmpty() ? "policy bundle" : String.join(", ", p.changedFiles().stream().map(f -> "`" + f + "`").toList()))
                .append(". Under the new policies ").append(count(p.newlyDenied().size(), "plan")).append(p.newlyDenied().size() == 1 ? " is" : " are")
                .append(" newly denied and ").append(p.newlyAllowed().size()).append(" newly allowed, of ")
                .append(count(p.evaluated(), "plan")).append(" evaluated under both versions.\n");
        List<VerdictChange> flips = new ArrayList<>(p.newlyDenied());
        flips.addAll(p.newlyAllowed());
        if (!flips.isEmpty()) {
            out.append('\n');
            verdictTable(out, flips);
        }
        if (!p.findingsChanged().isEmpty()) {
            int n = p.findingsChanged().size();
            out.append("\n<details><summary>").append(count(n, "more plan")).append(n == 1 ? " keeps its" : " keep their")
                    .append(" verdict with other violations</summary>\n\n");
            verdictTable(out, p.findingsChanged());
            out.append("\n</details>\n");
        }
    }

    private static void verdictTable(StringBuilder out, List<VerdictChange> changes) {
        out.append("| Plan | Verdict | Violations the change adds | Violations it removes |\n|---|---|---|---|\n");
        for (VerdictChange c : changes) {
            out.append("| `").append(cell(c.name())).append("` <sub>").append(cell(c.file())).append("</sub> | ")
                    .append(c.before() == c.after() ? c.after().id() : c.before().id() + " → " + bold(c.after())).append(" | ")
                    .append(brief(c.added())).append(" | ").append(brief(c.removed())).append(" |\n");
        }
    }

    private static String brief(List<Violation> vs) {
        if (vs.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        for (Violation v : vs) {
            parts.add(icon(v.outcome()) + " `" + v.policy() + "` " + cell(v.message()));
        }
        return String.join("<br>", parts);
    }

    private static void expiring(StringBuilder out, Review r, Labels labels) {
        List<String> lines = new ArrayList<>();
        for (StackChange s : r.stacks()) {
            for (WaiverStatus w : s.expiringWaivers()) {
                lines.add("- " + labels.of(s) + ": `" + cell(w.policy() + " " + w.resource()) + "` expires **" + w.expires()
                        + "** (" + cell(w.owner()) + ", " + cell(w.ticket()) + "): " + cell(w.reason()));
            }
        }
        if (lines.isEmpty()) return;
        out.append("\n⏳ ").append(count(lines.size(), "waiver")).append(" expire").append(lines.size() == 1 ? "s" : "")
                .append(" within ").append(Reviewer.EXPIRING_DAYS).append(" days; after that the violations they cover count again:\n\n");
        lines.forEach(l -> out.append(l).append('\n'));
    }

    private static void details(StringBuilder out, Review r, List<StackChange> changed, Labels labels) {
        Review.Summary s = r.summary();
        if (s.resourcesAdded() + s.resourcesChanged() + s.resourcesRemoved() > 0) {
            out.append("\n<details><summary>Resource changes: ").append(s.resourcesAdded()).append(" added, ")
                    .append(s.resourcesChanged()).append(" changed, ").append(s.resourcesRemoved()).append(" removed</summary>\n");
            for (StackChange st : changed) {
                if (st.resources().size() == 0) continue;
                out.append("\n**`").append(cell(st.name())).append("`** <sub>").append(cell(st.headFile() != null ? st.headFile() : st.baseFile()))
                        .append("</sub>\n\n");
                st.resources().added().forEach(c -> out.append("- ➕ ").append(resource(c)).append('\n'));
                st.resources().changed().forEach(c -> out.append("- ✏️ ").append(resource(c)).append(": ")
                        .append(cell(String.join(", ", c.changes()))).append('\n'));
                st.resources().removed().forEach(c -> out.append("- ➖ ").append(resource(c)).append('\n'));
            }
            out.append("\n</details>\n");
        }
        List<Located> fixed = collect(r, st -> st.violations().fixed());
        if (!fixed.isEmpty()) {
            out.append("\n<details><summary>").append(count(fixed.size(), "fixed violation")).append("</summary>\n\n");
            violations(out, fixed, labels);
            out.append("\n</details>\n");
        }
        List<Located> unchanged = collect(r, st -> st.violations().unchanged());
        if (!unchanged.isEmpty()) {
            out.append("\n<details><summary>").append(count(unchanged.size(), "unchanged violation")).append("</summary>\n\n");
            violations(out, unchanged, labels);
            out.append("\n</details>\n");
        }
        List<StackChange> same = r.stacks().stream().filter(st -> st.status() == Status.UNCHANGED).toList();
        if (!same.isEmpty()) {
            out.append("\n<details><summary>").append(count(same.size(), "unchanged stack")).append("</summary>\n\n");
            same.forEach(st -> out.append("- ").append(labels.of(st)).append(' ').append(st.headVerdict().id())
                    .append(", ").append(TextReport.usd(st.cost().monthlyUsdAfter())).append("/month <sub>")
                    .append(cell(st.headFile())).append("</sub>\n"));
            out.append("\n</details>\n");
        }
        if (!r.notes().isEmpty()) {
            out.append("\n<details><summary>").append(count(r.notes().size(), "note")).append("</summary>\n\n");
            r.notes().forEach(n -> out.append("- ").append(cell(n)).append('\n'));
            out.append("\n</details>\n");
        }
    }

    private static String resource(ResourceChange c) {
        return "`" + cell(c.address()) + "` (" + c.kind() + (c.region() != null ? ", " + c.region() : "") + ")";
    }

    private static List<Located> collect(Review r, Function<StackChange, List<Violation>> which) {
        List<Located> out = new ArrayList<>();
        for (StackChange s : r.stacks()) which.apply(s).forEach(v -> out.add(new Located(s, v)));
        return out;
    }

    private static String sideLabel(Review.Side side) {
        return side.ref() != null ? "`" + side.ref().substring(0, Math.min(12, side.ref().length())) + "`" : "`" + side.plans() + "`";
    }

    private static String shortRevision(String revision) {
        return revision.substring("sha256:".length(), "sha256:".length() + 12);
    }

    /** The change as a share of what it was; none when it was nothing. */
    static String percent(BigDecimal before, BigDecimal delta) {
        if (before.signum() == 0) return null;
        BigDecimal p = delta.multiply(BigDecimal.valueOf(100)).divide(before, 1, RoundingMode.HALF_UP);
        return (p.signum() >= 0 ? "+" : "") + p.toPlainString() + "%";
    }

    private static String count(int n, String word) {
        return n + " " + (n == 1 ? word : word + "s");
    }

    /** Pipes and newlines would break the table. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
