package dev.tollgate.report;

import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Decision.Outcome;
import dev.tollgate.policy.Decision.PolicyLevel;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.policy.Enforcement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decisions as JUnit XML for CI test tabs: a suite per stack, a test case per policy × resource that has a
 * violation (failed when one of them denies, skipped when all are waived, passed with the warnings as output
 * otherwise), and one passing case per enforced policy that found nothing.
 */
public final class JunitReport {
    private JunitReport() {}

    public static String render(List<Decision> decisions) {
        return render(decisions, d -> d.stack().name(), (d, v) -> null);
    }

    /**
     * @param suite  the suite name for a decision (a review names stacks by path, as two may share a name)
     * @param change what a review says of a violation (new, unchanged), written into the case's output; null for none
     */
    public static String render(List<Decision> decisions, Function<Decision, String> suite, SarifReport.Baseline change) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tollgate\">\n");
        for (Decision d : decisions) {
            Map<String, List<Violation>> cases = new LinkedHashMap<>();
            d.violations().forEach(v -> cases.computeIfAbsent(v.policy() + "\u0000" + v.resource(), k -> new ArrayList<>()).add(v));
            Set<String> seen = new TreeSet<>();
            d.violations().forEach(v -> seen.add(v.policy()));
            List<PolicyLevel> clean = d.policies().levels().stream()
                    .filter(l -> l.enforcement() != Enforcement.DISABLED && !seen.contains(l.id()))
                    .toList();
            long failures = cases.values().stream().filter(vs -> vs.stream().anyMatch(v -> v.outcome() == Outcome.DENY)).count();
            long skipped = cases.values().stream().filter(vs -> vs.stream().allMatch(v -> v.outcome() == Outcome.WAIVED)).count();
            out.append("  <testsuite name=\"").append(xml(suite.apply(d))).append("\" tests=\"")
                    .append(cases.size() + clean.size()).append("\" failures=\"").append(failures)
                    .append("\" errors=\"0\" skipped=\"").append(skipped).append("\" timestamp=\"").append(xml(d.time())).append("\">\n");
            for (List<Violation> vs : cases.values()) testCase(out, d, vs, change);
            for (PolicyLevel l : clean) {
                out.append("    <testcase classname=\"").append(xml(l.id())).append("\" name=\"")
                        .append(xml(l.title())).append("\"/>\n");
            }
            out.append("  </testsuite>\n");
        }
        return out.append("</testsuites>\n").toString();
    }

    private static void testCase(StringBuilder out, Decision d, List<Violation> vs, SarifReport.Baseline change) {
        Violation first = vs.get(0);
        out.append("    <testcase classname=\"").append(xml(first.policy())).append("\" name=\"")
                .append(xml(first.resource().isEmpty() ? first.policy() : first.resource())).append("\">");
        List<Violation> denied = vs.stream().filter(v -> v.outcome() == Outcome.DENY).toList();
        if (!denied.isEmpty()) {
            Violation v = denied.get(0);
            String message = denied.stream().map(Violation::message).collect(Collectors.joining("; "));
            out.append("<failure type=\"").append(v.enforcement().id()).append("\" message=\"")
                    .append(xml(message)).append("\">").append(xml(v.remediation() == null ? "" : "Fix: " + v.remediation()))
                    .append("</failure>");
        } else if (vs.stream().allMatch(v -> v.outcome() == Outcome.WAIVED)) {
            out.append("<skipped message=\"waived by ").append(xml(first.waiver())).append("\"/>");
        }
        List<String> output = new ArrayList<>();
        for (Violation v : vs) {
            String state = change.state(d, v);
            if (v.outcome() == Outcome.WARN) output.add("warning: " + v.message() + (state == null ? "" : " (" + state + ")"));
            else if (state != null) output.add(v.outcome().id() + " (" + state + "): " + v.message());
        }
        if (!output.isEmpty()) out.append("<system-out>").append(xml(String.join("\n", output))).append("</system-out>");
        out.append("</testcase>\n");
    }

    private static String xml(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') b.append(c);
                }
            }
        }
        return b.toString();
    }
}
