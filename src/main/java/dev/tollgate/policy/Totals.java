package dev.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums over the resources that will exist after apply (managed, not deleted), by stack and by the team,
 * project and environment they are tagged with. Resources without a tag are in no group of that tag.
 */
final class Totals {

    private final Map<String, Sum> stacks = new TreeMap<>();
    private final Map<String, Sum> teams = new TreeMap<>();
    private final Map<String, Sum> projects = new TreeMap<>();
    private final Map<String, Sum> environments = new TreeMap<>();

    /** Adds one resource of the policy input. */
    void add(JsonNode r) {
        if (!"managed".equals(r.path("mode").asText()) || "delete".equals(r.path("action").asText())) return;
        add(stacks, r.path("stack").asText(null), r);
        add(teams, r.path("team").asText(null), r);
        add(projects, r.path("project").asText(null), r);
        add(environments, r.path("environment").asText(null), r);
    }

    private static void add(Map<String, Sum> groups, String key, JsonNode r) {
        if (key != null) groups.computeIfAbsent(key, k -> new Sum()).add(r);
    }

    /** Adds up per-stack totals as the input holds them ({@code totals.stacks}). */
    static JsonNode sum(JsonNode stacks) {
        Sum s = new Sum();
        stacks.forEach(t -> {
            s.resources += t.path("resources").asInt();
            s.unpriced += t.path("unpriced").asInt();
            s.monthly = s.monthly.add(t.path("monthly_usd").decimalValue());
            s.hourly = s.hourly.add(t.path("hourly_usd").decimalValue());
            s.gpus += t.path("gpu_count").asLong();
            s.gpuHours = s.gpuHours.add(t.path("gpu_hours_month").decimalValue());
            s.carbon = s.carbon.add(t.path("carbon_kg_month").decimalValue());
        });
        return s.toJson();
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("stacks", json(stacks));
        n.set("teams", json(teams));
        n.set("projects", json(projects));
        n.set("environments", json(environments));
        return n;
    }

    private static ObjectNode json(Map<String, Sum> groups) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        groups.forEach((k, v) -> n.set(k, v.toJson()));
        return n;
    }

    static final class Sum {
        int resources;
        int unpriced;
        BigDecimal monthly = BigDecimal.ZERO;
        BigDecimal hourly = BigDecimal.ZERO;
        long gpus;
        BigDecimal gpuHours = BigDecimal.ZERO;
        BigDecimal carbon = BigDecimal.ZERO;

        void add(JsonNode r) {
            resources++;
            JsonNode cost = r.path("cost");
            if (!cost.path("priced").asBoolean()) unpriced++;
            monthly = monthly.add(cost.path("monthly_usd").decimalValue());
            hourly = hourly.add(cost.path("hourly_usd").decimalValue());
            JsonNode gpu = r.path("gpu");
            if (gpu.path("count").isNumber()) gpus += gpu.path("count").asLong();
            if (gpu.path("gpu_hours_month").isNumber()) gpuHours = gpuHours.add(gpu.path("gpu_hours_month").decimalValue());
            if (r.path("carbon").path("kg_co2e_month").isNumber()) {
                carbon = carbon.add(r.path("carbon").path("kg_co2e_month").decimalValue());
            }
        }

        ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("resources", resources);
            n.put("monthly_usd", monthly);
            n.put("hourly_usd", hourly);
            n.put("unpriced", unpriced);
            n.put("gpu_count", gpus);
            n.put("gpu_hours_month", gpuHours);
            n.put("carbon_kg_month", carbon);
            return n;
        }
    }
}
