package dev.tollgate.report;

import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Decision.Outcome;
import dev.tollgate.policy.Decision.PolicyLevel;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.policy.Enforcement;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decisions as JUnit XML for CI test tabs: a suite per stack, a test case per policy × resource that has a
 * violation (failed when it denies, skipped when waived, passed with the warning as output otherwise), and one
 * passing case per enforced policy that found nothing.
 */
public final class JunitReport {
    private JunitReport() {}

    public static String render(List<Decision> decisions) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tollgate\">\n");
        for (Decision d : decisions) {
            Set<String> seen = new TreeSet<>();
            d.violations().forEach(v -> seen.add(v.policy()));
            List<PolicyLevel> clean = d.policies().levels().stream()
                    .filter(l -> l.enforcement() != Enforcement.DISABLED && !seen.contains(l.id()))
                    .toList();
            long failures = d.violations().stream().filter(v -> v.outcome() == Outcome.DENY).count();
            long skipped = d.violations().stream().filter(v -> v.outcome() == Outcome.WAIVED).count();
            out.append("  <testsuite name=\"").append(xml(d.stack().name())).append("\" tests=\"")
                    .append(d.violations().size() + clean.size()).append("\" failures=\"").append(failures)
                    .append("\" errors=\"0\" skipped=\"").append(skipped).append("\" timestamp=\"").append(xml(d.time())).append("\">\n");
            for (Violation v : d.violations()) {
                out.append("    <testcase classname=\"").append(xml(v.policy())).append("\" name=\"")
                        .append(xml(v.resource().isEmpty() ? v.policy() : v.resource())).append("\">");
                switch (v.outcome()) {
                    case DENY -> out.append("<failure type=\"").append(v.enforcement().id()).append("\" message=\"")
                            .append(xml(v.message())).append("\">").append(xml(v.remediation() == null ? "" : "Fix: " + v.remediation()))
                            .append("</failure>");
                    case WAIVED -> out.append("<skipped message=\"waived by ").append(xml(v.waiver())).append("\"/>");
                    case WARN -> out.append("<system-out>").append(xml("warning: " + v.message())).append("</system-out>");
                }
                out.append("</testcase>\n");
            }
            for (PolicyLevel l : clean) {
                out.append("    <testcase classname=\"").append(xml(l.id())).append("\" name=\"")
                        .append(xml(l.title())).append("\"/>\n");
            }
            out.append("  </testsuite>\n");
        }
        return out.append("</testsuites>\n").toString();
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
