package dev.tollgate.cli;

import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The human-readable summary of a plan that {@code tollgate plan show} prints. */
final class PlanText {
    private PlanText() {}

    static String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        var s = plan.source();
        out.append("Plan ").append(s.file()).append('\n');
        out.append("  source     ").append(s.format().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (s.toolVersion() != null) out.append(", ").append(s.tool().name().toLowerCase(Locale.ROOT)).append(' ').append(s.toolVersion());
        if (s.formatVersion() != null) out.append(", format ").append(s.formatVersion());
        out.append('\n');
        if (plan.stack() != null) out.append("  stack      ").append(plan.stack()).append('\n');
        out.append("  resources  ").append(plan.resources().size());
        if (!plan.resources().isEmpty()) out.append(" (").append(inline(count(plan.resources(), r -> r.action().id()))).append(')');
        out.append('\n');
        out.append("  edges      ").append(plan.edges().size());
        if (!plan.edges().isEmpty()) {
            out.append(" (").append(inline(count(plan.edges(), e -> e.kind().name().toLowerCase(Locale.ROOT)))).append(')');
        }
        out.append('\n');

        section(out, "By provider", count(plan.resources(), r -> r.provider().id()));
        section(out, "By kind", count(plan.resources(), Resource::kind));
        section(out, "By region", count(plan.resources(), PlanText::region));
        section(out, "By action", count(plan.resources(), r -> r.action().id()));

        List<Resource> unresolved = plan.resources().stream()
                .filter(r -> r.location().basis() == dev.tollgate.plan.Location.Basis.UNKNOWN).toList();
        out.append("\nRegion unknown: ").append(unresolved.isEmpty() ? "none" : unresolved.size()).append('\n');
        for (Resource r : unresolved) out.append("  ").append(r.address()).append(": ").append(r.location().detail()).append('\n');

        long unknownResources = plan.resources().stream().filter(r -> !r.unknownPaths().isEmpty()).count();
        long unknownOutputs = plan.unknowns().stream().filter(u -> u.address().startsWith("output.")).count();
        out.append("Known after apply: ").append(plan.unknowns().size()).append(" values (")
                .append(unknownResources).append(" resources, ").append(unknownOutputs).append(" outputs)\n");

        out.append("Notes: ").append(plan.notes().isEmpty() ? "none" : plan.notes().size()).append('\n');
        for (Plan.Note n : plan.notes()) {
            out.append("  [").append(n.severity().name().toLowerCase(Locale.ROOT)).append("] ");
            if (n.address() != null) out.append(n.address()).append(": ");
            out.append(n.message()).append('\n');
        }
        return out.toString();
    }

    private static String region(Resource r) {
        return switch (r.location().basis()) {
            case GLOBAL -> "(global)";
            case UNKNOWN -> "(unknown)";
            default -> r.location().region();
        };
    }

    private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
        Map<String, Long> counts = items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        // Largest first, then by name, so the summary reads top-down.
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private static String inline(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void section(StringBuilder out, String title, Map<String, Long> counts) {
        out.append('\n').append(title).append('\n');
        int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
        counts.forEach((k, v) -> out.append("  ").append(k).append(" ".repeat(width - k.length() + 2)).append(v).append('\n'));
    }
}
