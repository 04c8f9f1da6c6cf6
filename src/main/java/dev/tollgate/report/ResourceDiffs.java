package dev.tollgate.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Resource;
import dev.tollgate.report.Review.ResourceChange;
import dev.tollgate.report.Review.ResourceDiff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a change does to the infrastructure: the managed resources that will exist after applying the base plan
 * against those after applying the head plan, by address. Each plan is a change against live state, so comparing
 * the two plans' actions would say little; comparing where they end up says what the pull request changes.
 */
final class ResourceDiffs {
    private ResourceDiffs() {}

    /** Provider bookkeeping that differs whenever anything does; naming it would hide the real change. */
    private static final List<String> NOISE = List.of("tags_all");

    static ResourceDiff between(Plan base, Plan head) {
        Map<String, Resource> before = live(base);
        Map<String, Resource> after = live(head);
        List<ResourceChange> added = new ArrayList<>();
        List<ResourceChange> changed = new ArrayList<>();
        List<ResourceChange> removed = new ArrayList<>();
        for (Resource r : after.values()) {
            Resource old = before.get(r.address());
            if (old == null) {
                added.add(change(r, List.of()));
            } else {
                List<String> differences = differences(old, r);
                if (!differences.isEmpty()) changed.add(change(r, differences));
            }
        }
        for (Resource r : before.values()) {
            if (!after.containsKey(r.address())) removed.add(change(r, List.of()));
        }
        return new ResourceDiff(added, changed, removed);
    }

    private static Map<String, Resource> live(Plan plan) {
        Map<String, Resource> out = new LinkedHashMap<>();
        if (plan == null) return out;
        for (Resource r : plan.resources()) {
            if (r.mode() == Resource.Mode.MANAGED && r.action() != Resource.Action.DELETE) out.put(r.address(), r);
        }
        return out;
    }

    private static ResourceChange change(Resource r, List<String> changes) {
        return new ResourceChange(r.address(), r.type(), r.kind(), r.location().known() ? r.location().region() : null, changes);
    }

    /**
     * Replacement (when the base plan did not already replace it), type, region and each top-level attribute whose value differs. An attribute unknown until apply
     * on either side is left out: a replaced resource gets new ids and ARNs, which says nothing a reviewer can use.
     */
    private static List<String> differences(Resource a, Resource b) {
        List<String> out = new ArrayList<>();
        if (b.action() == Resource.Action.REPLACE && a.action() != Resource.Action.REPLACE) out.add("replaced");
        if (!a.type().equals(b.type())) out.add("type " + a.type() + " -> " + b.type());
        if (!Objects.equals(a.location().region(), b.location().region())) {
            out.add("region " + a.location().region() + " -> " + b.location().region());
        }
        JsonNode x = a.values();
        JsonNode y = b.values();
        TreeSet<String> fields = new TreeSet<>();
        if (x != null) x.fieldNames().forEachRemaining(fields::add);
        if (y != null) y.fieldNames().forEachRemaining(fields::add);
        for (String f : fields) {
            if (NOISE.contains(f)) continue;
            JsonNode vx = x == null ? null : x.get(f);
            JsonNode vy = y == null ? null : y.get(f);
            if (unknown(a, f) || unknown(b, f)) continue;
            if (!Objects.equals(nullToMissing(vx), nullToMissing(vy))) out.add(f);
        }
        return out;
    }

    private static boolean unknown(Resource r, String field) {
        String pointer = "/" + field;
        return r.unknownPaths().stream().anyMatch(p -> p.equals(pointer) || p.startsWith(pointer + "/"));
    }

    private static JsonNode nullToMissing(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }
}
