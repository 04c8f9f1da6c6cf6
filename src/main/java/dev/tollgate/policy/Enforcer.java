package dev.tollgate.policy;

import dev.tollgate.policy.Decision.Outcome;
import dev.tollgate.policy.Decision.PolicyLevel;
import dev.tollgate.policy.Decision.Summary;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.policy.Decision.WaiverStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what the rules found into what the decision says: each finding's policy level for this stack and
 * environment, what an indeterminate finding does, and which waivers apply. Pure: no evaluation, no I/O.
 */
public final class Enforcer {

    private final Map<String, PolicyInfo> policies;
    private final PolicyConfig config;
    private final Instant now;

    public Enforcer(Map<String, PolicyInfo> policies, PolicyConfig config, Instant now) {
        this.policies = policies;
        this.config = config;
        this.now = now;
    }

    public record Result(List<Violation> violations, List<WaiverStatus> waivers, List<PolicyLevel> levels, Summary summary) {
        public boolean allowed() {
            return violations.stream().noneMatch(v -> v.outcome() == Outcome.DENY);
        }
    }

    public Result apply(List<Finding> findings, String stack, String environment) {
        Map<Waiver, Set<String>> applied = new LinkedHashMap<>();
        Map<Waiver, Set<String>> expired = new LinkedHashMap<>();
        config.waivers().forEach(w -> (w.expired(now) ? expired : applied).put(w, new LinkedHashSet<>()));

        List<Violation> violations = new ArrayList<>();
        int disabled = 0;
        for (Finding f : new LinkedHashSet<>(findings)) {
            PolicyInfo info = info(f);
            Enforcement level = config.enforcement(info, stack, environment);
            if (level == Enforcement.DISABLED) {
                disabled++;
                continue;
            }
            Outcome outcome = outcome(level, f.indeterminate(), stack, environment);
            String covered = f.policy() + " " + f.resource();
            String waiverId = null;
            for (Map.Entry<Waiver, Set<String>> e : expired.entrySet()) {
                if (e.getKey().covers(f.policy(), f.resource(), stack)) {
                    e.getValue().add(covered);
                    waiverId = e.getKey().id();
                }
            }
            for (Map.Entry<Waiver, Set<String>> e : applied.entrySet()) {
                if (e.getKey().covers(f.policy(), f.resource(), stack)) {
                    e.getValue().add(covered);
                    outcome = Outcome.WAIVED;
                    waiverId = e.getKey().id();
                    break;
                }
            }
            violations.add(new Violation(info.id(), info.title(), f.resource(), f.message(),
                    f.severity() != null ? f.severity() : info.severity(), level, outcome, f.indeterminate(), f.unknown(),
                    info.remediation().isEmpty() ? null : info.remediation(), f.data(), waiverId));
        }
        violations.sort(ORDER);

        List<WaiverStatus> waivers = new ArrayList<>();
        for (Waiver w : config.waivers()) {
            boolean isExpired = expired.containsKey(w);
            Set<String> covers = isExpired ? expired.get(w) : applied.get(w);
            String status = isExpired ? "expired" : covers.isEmpty() ? "stale" : "applied";
            waivers.add(new WaiverStatus(w.id(), w.policy(), w.resource(), w.stack(), w.reason(), w.owner(), w.ticket(),
                    w.expires().toString(), status, List.copyOf(covers)));
        }

        List<PolicyLevel> levels = policies.values().stream()
                .map(p -> new PolicyLevel(p.id(), p.title(), config.enforcement(p, stack, environment), p.enforcement()))
                .sorted(Comparator.comparing(PolicyLevel::id))
                .toList();

        Summary summary = new Summary(
                count(violations, Outcome.DENY), count(violations, Outcome.WARN), count(violations, Outcome.WAIVED),
                (int) violations.stream().filter(Violation::indeterminate).count(), disabled,
                (int) waivers.stream().filter(w -> w.status().equals("expired")).count(),
                (int) waivers.stream().filter(w -> w.status().equals("stale")).count());
        return new Result(List.copyOf(violations), List.copyOf(waivers), levels, summary);
    }

    /** Mandatory denies, advisory warns; an indeterminate mandatory finding denies unless the config says warn. */
    private Outcome outcome(Enforcement level, boolean indeterminate, String stack, String environment) {
        if (level == Enforcement.ADVISORY) return Outcome.WARN;
        if (indeterminate && config.indeterminate(stack, environment) == PolicyConfig.Indeterminate.WARN) return Outcome.WARN;
        return Outcome.DENY;
    }

    /**
     * The policy a finding belongs to. A finding naming a policy without METADATA (a user's conftest rule) gets the
     * implicit description: mandatory for deny/violation, advisory for warn.
     */
    private PolicyInfo info(Finding f) {
        PolicyInfo known = policies.get(f.policy());
        if (known != null) return known;
        PolicyInfo implicit = PolicyInfo.implicit(f.pkg(), f.rule(), "", 0);
        return new PolicyInfo(f.policy(), f.policy(), "", implicit.enforcement(), "medium", "", f.pkg(), f.rule(), "", 0);
    }

    private static int count(List<Violation> vs, Outcome o) {
        return (int) vs.stream().filter(v -> v.outcome() == o).count();
    }

    /** Denials first, then warnings, then waived; within each, most severe first; then policy, resource, message. */
    static final Comparator<Violation> ORDER = Comparator
            .comparing(Violation::outcome)
            .thenComparing(v -> -Severity.rank(v.severity()))
            .thenComparing(Violation::policy)
            .thenComparing(Violation::resource)
            .thenComparing(Violation::message);
}
