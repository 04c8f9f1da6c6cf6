package dev.tollgate.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A recorded exception to a policy: who accepted which violation, why, under which ticket, until when.
 * A waiver is valid through the end of its expiry day (UTC); after that it stops waiving, so the violation
 * counts again (fail closed) and the decision lists the waiver as expired.
 *
 * @param policy   policy id or glob ({@code cost.*})
 * @param resource resource address glob ({@code aws_s3_bucket.replica}, {@code module.net.*}, {@code stack:*})
 * @param stack    stack name glob, or null for every stack
 */
public record Waiver(String policy, String resource, String stack, String reason, String owner, String ticket, LocalDate expires) {

    /** A stable handle for reports and the decision log: policy, resource, and ticket. */
    public String id() {
        return policy + "@" + resource + (stack != null ? "[" + stack + "]" : "") + "#" + ticket;
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expires.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    public boolean covers(String policyId, String address, String stackName) {
        return Glob.of(policy).matches(policyId)
                && Glob.of(resource).matches(address)
                && (stack == null || Glob.of(stack).matches(stackName));
    }
}
