package dev.tollgate.report;

import dev.tollgate.facts.Catalogue;
import dev.tollgate.facts.Usage;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Decision.Verdict;
import dev.tollgate.policy.Decision.WaiverStatus;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import dev.tollgate.policy.PolicyInput;
import dev.tollgate.report.Review.CostChange;
import dev.tollgate.report.Review.PolicyImpact;
import dev.tollgate.report.Review.ResourceDiff;
import dev.tollgate.report.Review.StackChange;
import dev.tollgate.report.Review.Status;
import dev.tollgate.report.Review.Summary;
import dev.tollgate.report.Review.VerdictChange;
import dev.tollgate.report.Review.ViolationDiff;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reviews a change: pairs the plans of base and head, checks each with its side's policies (both measured against
 * the base plan, so per-change ceilings see the change), diffs resources, cost and violations, and, when
 * the policies differ, checks every head plan under the base policies too, to show what the policy change alone does.
 */
public final class Reviewer {

    /** Waivers that run out within this many days are listed, so their owners renew or fix in time. */
    public static final int EXPIRING_DAYS = 14;

    /**
     * One side of the change.
     *
     * @param ref          the git commit, or null
     * @param plansLabel   what the plans were read from, for the report
     * @param singleFile   the plans were given as one file (then base and head pair whatever their names)
     * @param policyFiles  SHA-256 of each policy and data file (see {@link PolicyFiles}), to name what changed
     */
    public record Side(String ref, String plansLabel, boolean singleFile, String policiesLabel, PolicyBundle bundle,
                       Map<String, String> policyFiles, List<PlanFile> plans) {}

    /** Told about each stack as it is evaluated; a review of many stacks takes a while. */
    public interface Progress {
        void start(int stacks);

        void evaluated(String stack, Verdict verdict);

        void finish();

        Progress SILENT = new Progress() {
            public void start(int stacks) {}

            public void evaluated(String stack, Verdict verdict) {}

            public void finish() {}
        };
    }

    private final Catalogue catalogue;
    private final Usage usage;
    private final PolicyConfig config;
    private final Clock clock;
    private final Duration timeout;

    /** @param config the tollgate.yaml for every plan, or null to use the one beside each plan */
    public Reviewer(Catalogue catalogue, Usage usage, PolicyConfig config, Clock clock, Duration timeout) {
        this.catalogue = catalogue;
        this.usage = usage;
        this.config = config;
        this.clock = clock;
        this.timeout = timeout;
    }

    private record Pair(String key, PlanFile base, PlanFile head) {}

    public Review review(Side base, Side head, List<String> notes, Progress progress) {
        boolean policiesChanged = !base.bundle().revision().equals(head.bundle().revision());
        PolicyEngine headEngine = PolicyEngine.embedded(head.bundle(), catalogue, clock, timeout);
        PolicyEngine baseEngine = policiesChanged ? PolicyEngine.embedded(base.bundle(), catalogue, clock, timeout) : headEngine;

        List<Pair> pairs = pair(base, head);
        progress.start(pairs.size());
        List<StackChange> stacks = new ArrayList<>();
        List<VerdictChange> impact = new ArrayList<>();
        int crossChecked = 0;
        for (Pair p : pairs) {
            // Both sides are measured against the base plan, so a per-change ceiling sees this change and only it.
            Decision b = p.base() == null ? null : baseEngine.check(check(p.base(), p.base()));
            Decision h = p.head() == null ? null : headEngine.check(check(p.head(), p.base()));
            stacks.add(stack(p, b, h));
            if (policiesChanged && h != null) {
                Decision old = baseEngine.check(check(p.head(), p.base()));
                crossChecked++;
                ViolationDiff d = ViolationDiffs.between(old.violations(), h.violations());
                if (old.verdict() != h.verdict() || !d.added().isEmpty() || !d.fixed().isEmpty()) {
                    impact.add(new VerdictChange(p.key(), h.stack().name(), p.head().display(), old.verdict(), h.verdict(),
                            d.added(), d.fixed()));
                }
            }
            progress.evaluated(p.head() != null ? p.head().display() : p.base().display(), h != null ? h.verdict() : b.verdict());
        }
        progress.finish();

        stacks.sort(Comparator.comparing((StackChange s) -> s.status() == Status.UNCHANGED).thenComparing(StackChange::key));
        PolicyImpact policyImpact = !policiesChanged ? null : new PolicyImpact(base.bundle().revision(), head.bundle().revision(),
                PolicyFiles.changed(base.policyFiles(), head.policyFiles()), crossChecked,
                impact.stream().filter(c -> c.before() != Verdict.DENY && c.after() == Verdict.DENY).toList(),
                impact.stream().filter(c -> c.before() == Verdict.DENY && c.after() != Verdict.DENY).toList(),
                impact.stream().filter(c -> c.before() == c.after()).toList());

        boolean allowed = stacks.stream().allMatch(s -> s.headVerdict() != Verdict.DENY);
        return new Review(clock.instant().toString(),
                new Review.Side(base.ref(), base.plansLabel(), base.policiesLabel(), base.bundle().revision()),
                new Review.Side(head.ref(), head.plansLabel(), head.policiesLabel(), head.bundle().revision()),
                allowed ? Verdict.ALLOW : Verdict.DENY, allowed, summary(stacks, policyImpact), stacks, policyImpact, notes);
    }

    private PolicyEngine.Check check(PlanFile plan, PlanFile baseline) {
        return new PolicyEngine.Check(plan.plan(), plan.sha256(), config(plan), usage,
                baseline == null ? null : baseline.plan(), baseline == null ? null : baseline.display());
    }

    private PolicyConfig config(PlanFile plan) {
        return config != null ? config : PolicyConfig.beside(plan.path());
    }

    /** By key (relative path), then by stack name where it is unique on both sides, then two single files. */
    private List<Pair> pair(Side base, Side head) {
        Map<String, PlanFile> left = new LinkedHashMap<>();
        base.plans().forEach(p -> left.put(p.key(), p));
        List<Pair> pairs = new ArrayList<>();
        List<PlanFile> unmatched = new ArrayList<>();
        for (PlanFile h : head.plans()) {
            PlanFile b = left.remove(h.key());
            if (b != null) pairs.add(new Pair(h.key(), b, h));
            else unmatched.add(h);
        }
        Function<PlanFile, String> name = p -> PolicyInput.stackName(p.plan(), config(p)).name();
        Map<String, List<PlanFile>> leftByName = left.values().stream().collect(Collectors.groupingBy(name, LinkedHashMap::new, Collectors.toList()));
        Map<String, List<PlanFile>> rightByName = unmatched.stream().collect(Collectors.groupingBy(name, LinkedHashMap::new, Collectors.toList()));
        for (PlanFile h : List.copyOf(unmatched)) {
            List<PlanFile> bs = leftByName.getOrDefault(name.apply(h), List.of());
            if (bs.size() == 1 && rightByName.get(name.apply(h)).size() == 1) {
                pairs.add(new Pair(h.key(), bs.get(0), h));
                left.remove(bs.get(0).key());
                unmatched.remove(h);
            }
        }
        if (base.singleFile() && head.singleFile() && left.size() == 1 && unmatched.size() == 1) {
            pairs.add(new Pair(unmatched.get(0).key(), left.values().iterator().next(), unmatched.get(0)));
            left.clear();
            unmatched.clear();
        }
        unmatched.forEach(h -> pairs.add(new Pair(h.key(), null, h)));
        left.values().forEach(b -> pairs.add(new Pair(b.key(), b, null)));
        return pairs;
    }

    private StackChange stack(Pair p, Decision b, Decision h) {
        ResourceDiff resources = ResourceDiffs.between(p.base() == null ? null : p.base().plan(), p.head() == null ? null : p.head().plan());
        ViolationDiff violations = ViolationDiffs.between(b == null ? List.of() : b.violations(), h == null ? List.of() : h.violations());
        CostChange cost = cost(b, h);
        Status status;
        if (b == null) status = Status.ADDED;
        else if (h == null) status = Status.REMOVED;
        else if (resources.size() > 0 || !violations.added().isEmpty() || !violations.fixed().isEmpty()
                || b.verdict() != h.verdict() || cost.monthlyUsdDelta().signum() != 0) status = Status.CHANGED;
        else status = Status.UNCHANGED;
        Decision named = h != null ? h : b;
        return new StackChange(p.key(), named.stack().name(), status,
                p.base() == null ? null : p.base().display(), p.head() == null ? null : p.head().display(),
                b == null ? null : b.verdict(), h == null ? null : h.verdict(), b == null ? null : b.id(), h == null ? null : h.id(),
                resources, cost, violations, h == null ? List.of() : expiring(h), h, p.head());
    }

    private static CostChange cost(Decision b, Decision h) {
        BigDecimal before = b == null ? BigDecimal.ZERO : b.totals().monthlyUsd();
        BigDecimal after = h == null ? BigDecimal.ZERO : h.totals().monthlyUsd();
        return new CostChange(before, after, after.subtract(before),
                b == null ? 0 : b.totals().gpuCount(), h == null ? 0 : h.totals().gpuCount(),
                b == null ? BigDecimal.ZERO : b.totals().carbonKgMonth(), h == null ? BigDecimal.ZERO : h.totals().carbonKgMonth(),
                b == null ? 0 : b.totals().unpriced(), h == null ? 0 : h.totals().unpriced());
    }

    /** Waivers still in force at head whose last day is within {@link #EXPIRING_DAYS} days. */
    private List<WaiverStatus> expiring(Decision h) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate horizon = today.plusDays(EXPIRING_DAYS);
        return h.waivers().stream()
                .filter(w -> "applied".equals(w.status()))
                .filter(w -> !LocalDate.parse(w.expires()).isAfter(horizon))
                .toList();
    }

    private static Summary summary(List<StackChange> stacks, PolicyImpact impact) {
        int changed = 0, denied = 0, newDenials = 0, newWarnings = 0, fixed = 0, added = 0, modified = 0, removed = 0, expiring = 0;
        BigDecimal before = BigDecimal.ZERO, after = BigDecimal.ZERO, carbonBefore = BigDecimal.ZERO, carbonAfter = BigDecimal.ZERO;
        long gpusBefore = 0, gpusAfter = 0;
        for (StackChange s : stacks) {
            if (s.status() != Status.UNCHANGED) changed++;
            if (s.headVerdict() == Verdict.DENY) denied++;
            newDenials += (int) s.violations().added().stream().filter(v -> v.outcome() == Decision.Outcome.DENY).count();
            newWarnings += (int) s.violations().added().stream().filter(v -> v.outcome() == Decision.Outcome.WARN).count();
            fixed += s.violations().fixed().size();
            added += s.resources().added().size();
            modified += s.resources().changed().size();
            removed += s.resources().removed().size();
            expiring += s.expiringWaivers().size();
            before = before.add(s.cost().monthlyUsdBefore());
            after = after.add(s.cost().monthlyUsdAfter());
            gpusBefore += s.cost().gpusBefore();
            gpusAfter += s.cost().gpusAfter();
            carbonBefore = carbonBefore.add(s.cost().carbonKgMonthBefore());
            carbonAfter = carbonAfter.add(s.cost().carbonKgMonthAfter());
        }
        return new Summary(stacks.size(), changed, denied, newDenials, newWarnings, fixed, added, modified, removed,
                before, after, after.subtract(before), gpusBefore, gpusAfter, carbonBefore, carbonAfter, expiring,
                impact == null ? 0 : impact.newlyDenied().size(), impact == null ? 0 : impact.newlyAllowed().size());
    }

}
