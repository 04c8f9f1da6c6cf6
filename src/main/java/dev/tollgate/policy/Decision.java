package dev.tollgate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of checking one plan: what the CLI prints, the service logs and {@code review} diffs.
 * Serialized as snake_case JSON in declaration order (see {@link DecisionJson}); adding a field is compatible,
 * renaming one is not.
 *
 * @param id         {@code dec-} and 16 hex digits of SHA-256 over the plan hash, bundle revision, config and time
 * @param time       when the decision was made (ISO-8601 UTC)
 * @param verdict    allow or deny
 * @param allowed    true unless a violation of a mandatory policy stands unwaived
 * @param stack      which stack the plan is, and from which file and tool
 * @param inputs     SHA-256 of everything the decision depends on besides policies
 * @param policies   the policy bundle revision and each policy's effective enforcement level
 * @param catalogue  as-of date of each facts catalogue the estimate used
 * @param summary    counts by outcome
 * @param violations every finding that was not disabled, denials first
 * @param waivers    every configured waiver with its status: applied, expired or stale
 * @param totals     cost, carbon and GPU totals of the plan and the change against the baseline
 */
public record Decision(
        String id,
        String time,
        Verdict verdict,
        boolean allowed,
        Stack stack,
        Inputs inputs,
        Policies policies,
        Map<String, String> catalogue,
        Summary summary,
        List<Violation> violations,
        List<WaiverStatus> waivers,
        Totals totals) {

    public enum Verdict {
        ALLOW, DENY;

        @JsonValue
        public String id() { return name().toLowerCase(Locale.ROOT); }
    }

    /** What a violation does after enforcement levels, indeterminate handling and waivers. */
    public enum Outcome {
        DENY, WARN, WAIVED;

        @JsonValue
        public String id() { return name().toLowerCase(Locale.ROOT); }
    }

    public record Stack(String name, String nameBasis, String environment, String tool, String format, String file) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Inputs(Digest plan, Digest baseline, Digest usage, Digest config) {}

    /**
     * @param sha256      SHA-256 of what the input means: the canonical JSON of the normalized plan (sorted keys), so the
     *                    same plan re-serialized hashes the same; for other inputs, of the file's bytes
     * @param fileSha256  SHA-256 of the file's bytes as read
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Digest(String file, String format, String sha256, String fileSha256) {}

    public record Policies(String revision, String dir, List<PolicyLevel> levels) {}

    /** A policy's level for this stack, and whether tollgate.yaml changed it from the METADATA default. */
    public record PolicyLevel(String id, String title, Enforcement enforcement, Enforcement defaultEnforcement) {}

    public record Summary(int denied, int warned, int waived, int indeterminate, int disabled, int expiredWaivers, int staleWaivers) {}

    /**
     * @param enforcement    the policy's effective level
     * @param outcome        deny, warn or waived
     * @param indeterminate  the rule could not decide because of values unknown until apply, listed in {@code unknown}
     * @param waiver         id of the waiver that waived it, or of the expired waiver that no longer does
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Violation(
            String policy,
            String title,
            String resource,
            String message,
            String severity,
            Enforcement enforcement,
            Outcome outcome,
            boolean indeterminate,
            List<String> unknown,
            String remediation,
            JsonNode data,
            String waiver) {}

    /**
     * @param status  applied (waived at least one violation), expired (past its date: waives nothing, the violations it
     *                names count again), or stale (matched nothing in this plan)
     * @param covers  "policy resource" of each violation it waived, or would have waived if it had not expired
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WaiverStatus(String id, String policy, String resource, String stack, String reason, String owner,
                               String ticket, String expires, String status, List<String> covers) {}

    /**
     * Cost and carbon of the plan after apply, and the baseline's, from the estimator (730 hours a month).
     *
     * @param unpriced resources the catalogue could not price (they are not in the sums)
     */
    public record Totals(BigDecimal monthlyUsd, BigDecimal hourlyUsd, BigDecimal baselineMonthlyUsd, BigDecimal deltaMonthlyUsd,
                         BigDecimal carbonKgMonth, long gpuCount, BigDecimal gpuHoursMonth, int resources, int unpriced) {}
}
