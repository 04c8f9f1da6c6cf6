package dev.tollgate.policy;

import dev.tollgate.rego.Value;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums over the resources that will exist after apply (managed, not deleted), by stack and by the team,
 * project and environment they are tagged with. Resources without a tag are in no group of that tag.
 */
final class Totals {

    /** What one resource adds; {@code live} is false for data sources and deletions, which add nothing. */
    record Line(boolean live, String stack, String team, String project, String environment, boolean priced,
                BigDecimal monthly, BigDecimal hourly, Long gpus, BigDecimal gpuHours, Double carbon) {}

    private final Map<String, Sum> stacks = new TreeMap<>();
    private final Map<String, Sum> teams = new TreeMap<>();
    private final Map<String, Sum> projects = new TreeMap<>();
    private final Map<String, Sum> environments = new TreeMap<>();

    void add(Line line) {
        if (!line.live()) return;
        add(stacks, line.stack(), line);
        add(teams, line.team(), line);
        add(projects, line.project(), line);
        add(environments, line.environment(), line);
    }

    private static void add(Map<String, Sum> groups, String key, Line line) {
        if (key != null) groups.computeIfAbsent(key, k -> new Sum()).add(line);
    }

    /** The whole plan: every stack together. */
    Sum all() {
        Sum all = new Sum();
        stacks.values().forEach(all::add);
        return all;
    }

    Value.Obj toValue() {
        return Doc.object()
                .put("stacks", value(stacks))
                .put("teams", value(teams))
                .put("projects", value(projects))
                .put("environments", value(environments))
                .build();
    }

    private static Value.Obj value(Map<String, Sum> groups) {
        Doc d = Doc.object();
        groups.forEach((k, v) -> d.put(k, v.toValue()));
        return d.build();
    }

    static final class Sum {
        int resources;
        int unpriced;
        BigDecimal monthly = BigDecimal.ZERO;
        BigDecimal hourly = BigDecimal.ZERO;
        long gpus;
        BigDecimal gpuHours = BigDecimal.ZERO;
        BigDecimal carbon = BigDecimal.ZERO;

        void add(Line line) {
            resources++;
            if (!line.priced()) unpriced++;
            monthly = monthly.add(line.monthly());
            hourly = hourly.add(line.hourly());
            if (line.gpus() != null) gpus += line.gpus();
            if (line.gpuHours() != null) gpuHours = gpuHours.add(line.gpuHours());
            if (line.carbon() != null) carbon = carbon.add(BigDecimal.valueOf(line.carbon()));
        }

        void add(Sum s) {
            resources += s.resources;
            unpriced += s.unpriced;
            monthly = monthly.add(s.monthly);
            hourly = hourly.add(s.hourly);
            gpus += s.gpus;
            gpuHours = gpuHours.add(s.gpuHours);
            carbon = carbon.add(s.carbon);
        }

        Value.Obj toValue() {
            return Doc.object()
                    .put("resources", resources)
                    .put("monthly_usd", monthly)
                    .put("hourly_usd", hourly)
                    .put("unpriced", unpriced)
                    .put("gpu_count", gpus)
                    .put("gpu_hours_month", gpuHours)
                    .put("carbon_kg_month", carbon)
                    .build();
        }
    }
}
