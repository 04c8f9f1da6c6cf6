package dev.tollgate.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.policy.Decision.WaiverStatus;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * What a pull request does to the infrastructure and its guardrails: per stack, the resources it adds, changes and
 * removes, what they cost before and after, the violations it brings and fixes, the waivers about to run out, and,
 * when policies or their data change, which stacks the new policies deny or allow that the old ones did not.
 * Serialized as snake_case JSON (see {@link ReviewJson}); the markdown, SARIF and JUnit renderings read only this.
 *
 * @param allowed      true unless a mandatory policy denies a stack at head
 * @param stacks       every stack on either side, those that change first
 * @param policyImpact null when base and head evaluate with the same policies and data
 * @param notes        files that were looked at and not evaluated, and why
 */
public record Review(
        String time,
        Side base,
        Side head,
        Decision.Verdict verdict,
        boolean allowed,
        Summary summary,
        List<StackChange> stacks,
        @JsonInclude(JsonInclude.Include.NON_NULL) PolicyImpact policyImpact,
        List<String> notes) {

    /**
     * One side of the comparison.
     *
     * @param ref       the git commit (--git), else null
     * @param plans     the plan file or directory, or the paths read at the commit
     * @param policies  the policies directory (relative to the commit with --git)
     * @param revision  the policy bundle revision, sha256 over every policy and data file
     */
    public record Side(String ref, String plans, String policies, String revision) {}

    /** Sums over all stacks; cost figures add up the stacks that exist on each side. */
    public record Summary(int stacks, int stacksChanged, int deniedStacks, int newDenials, int newWarnings, int fixed,
                          int resourcesAdded, int resourcesChanged, int resourcesRemoved,
                          BigDecimal monthlyUsdBefore, BigDecimal monthlyUsdAfter, BigDecimal monthlyUsdDelta,
                          long gpusBefore, long gpusAfter, BigDecimal carbonKgMonthBefore, BigDecimal carbonKgMonthAfter,
                          int waiversExpiring, int newlyDenied, int newlyAllowed) {}

    public enum Status {
        ADDED, REMOVED, CHANGED, UNCHANGED;

        @JsonValue
        public String id() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * One stack: a plan at base, at head, or both (matched by relative path, else by stack name).
     *
     * @param key          the plan's path relative to the directory given (or the file name), which pairs base and head
     * @param baseDecision id of the base plan's decision under the base policies, measured against itself
     * @param headDecision id of the head plan's decision under the head policies, measured against the base plan
     * @param head         the head decision itself, for the SARIF and JUnit renderings
     * @param headSource   where the head plan was read, for finding the .tf or Java line a violation comes from
     */
    public record StackChange(
            String key,
            String name,
            Status status,
            String baseFile,
            String headFile,
            Decision.Verdict baseVerdict,
            Decision.Verdict headVerdict,
            String baseDecision,
            String headDecision,
            ResourceDiff resources,
            CostChange cost,
            ViolationDiff violations,
            List<WaiverStatus> expiringWaivers,
            @JsonIgnore Decision head,
            @JsonIgnore PlanFile headSource) {}

    /** Resources that exist after apply at head and not at base, at both with other values, or only at base. */
    public record ResourceDiff(List<ResourceChange> added, List<ResourceChange> changed, List<ResourceChange> removed) {
        public int size() {
            return added.size() + changed.size() + removed.size();
        }
    }

    /**
     * @param region  where it is after the change (before, for a removed resource); null when unknown
     * @param changes for a changed resource: the attributes whose values differ, or {@code region A -> B}
     */
    public record ResourceChange(String address, String type, String kind, String region, List<String> changes) {}

    /** The estimator's monthly figures (730 hours) at base and at head; a stack missing on one side counts zero there. */
    public record CostChange(BigDecimal monthlyUsdBefore, BigDecimal monthlyUsdAfter, BigDecimal monthlyUsdDelta,
                             long gpusBefore, long gpusAfter, BigDecimal carbonKgMonthBefore, BigDecimal carbonKgMonthAfter,
                             int unpricedBefore, int unpricedAfter) {}

    /**
     * Violations matched by policy and resource. A violation that denies at head where it did not deny at base (a
     * waiver ran out, a policy became mandatory) counts as new; one that stops denying counts as fixed.
     */
    public record ViolationDiff(List<Violation> added, List<Violation> fixed, List<Violation> unchanged) {}

    /**
     * The head plans under the base policies against the same plans under the head policies: what the policy change
     * alone does.
     *
     * @param changedFiles     policy and data files that differ, relative to the policies directory
     * @param evaluated        how many plans were evaluated under both versions
     * @param newlyDenied      stacks the head policies deny and the base policies allowed
     * @param newlyAllowed     stacks the head policies allow and the base policies denied
     * @param findingsChanged  stacks whose verdict stays but whose violations differ
     */
    public record PolicyImpact(String baseRevision, String headRevision, List<String> changedFiles, int evaluated,
                               List<VerdictChange> newlyDenied, List<VerdictChange> newlyAllowed,
                               List<VerdictChange> findingsChanged) {}

    /** One plan's verdict under the base policies and under the head policies, and the violations that differ. */
    public record VerdictChange(String key, String name, String file, Decision.Verdict before, Decision.Verdict after,
                                List<Violation> added, List<Violation> removed) {}
}
