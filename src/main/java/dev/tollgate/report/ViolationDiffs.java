package dev.tollgate.report;

import dev.tollgate.policy.Decision.Outcome;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.report.Review.ViolationDiff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs the violations of two decisions. A violation is the same one on both sides when policy and resource
 * match (messages carry figures that change with the plan); among several of the same policy and resource, equal
 * messages pair first. A pair counts as unchanged only if it denies on both sides or on neither, so a waiver that
 * runs out shows up as a new denial rather than hiding among the unchanged.
 */
final class ViolationDiffs {
    private ViolationDiffs() {}

    static ViolationDiff between(List<Violation> base, List<Violation> head) {
        Map<String, List<Violation>> before = byKey(base);
        Set<Violation> pairedBase = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<Violation, Violation> pairOf = new IdentityHashMap<>();
        // Exact messages first, then whatever is left of the same policy and resource.
        for (boolean exact : new boolean[]{true, false}) {
            for (Violation h : head) {
                if (pairOf.containsKey(h)) continue;
                for (Violation b : before.getOrDefault(key(h), List.of())) {
                    if (pairedBase.contains(b) || (exact && !b.message().equals(h.message()))) continue;
                    pairedBase.add(b);
                    pairOf.put(h, b);
                    break;
                }
            }
        }
        List<Violation> added = new ArrayList<>();
        List<Violation> fixed = new ArrayList<>();
        List<Violation> unchanged = new ArrayList<>();
        for (Violation h : head) {
            Violation b = pairOf.get(h);
            if (b == null || (denies(h) && !denies(b))) added.add(h);
            else unchanged.add(h);
        }
        // A denial that now only warns (or is waived) is fixed; what is left of it is listed as unchanged at head.
        Set<Violation> stoppedDenying = Collections.newSetFromMap(new IdentityHashMap<>());
        pairOf.forEach((h, b) -> {
            if (denies(b) && !denies(h)) stoppedDenying.add(b);
        });
        for (Violation b : base) {
            if (!pairedBase.contains(b) || stoppedDenying.contains(b)) fixed.add(b);
        }
        return new ViolationDiff(added, fixed, unchanged);
    }

    private static Map<String, List<Violation>> byKey(List<Violation> vs) {
        Map<String, List<Violation>> out = new LinkedHashMap<>();
        for (Violation v : vs) out.computeIfAbsent(key(v), k -> new ArrayList<>()).add(v);
        return out;
    }

    private static String key(Violation v) {
        return v.policy() + "\u0000" + v.resource();
    }

    private static boolean denies(Violation v) {
        return v.outcome() == Outcome.DENY;
    }
}
