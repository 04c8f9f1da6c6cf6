package dev.tollgate.report;

import dev.tollgate.policy.Decision.Outcome;
import dev.tollgate.policy.Decision.Violation;
import dev.tollgate.policy.Enforcement;
import dev.tollgate.report.Review.ViolationDiff;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ViolationDiffsTest {

    static Violation v(String policy, String resource, String message, Outcome outcome) {
        return new Violation(policy, policy, resource, message, "high", Enforcement.MANDATORY, outcome, false, List.of(), null, null, null);
    }

    @Test
    void pairsByPolicyAndResourceWhateverTheFiguresInTheMessage() {
        Violation before = v("cost.stack_budget", "stack:a", "costs $300,000", Outcome.DENY);
        Violation after = v("cost.stack_budget", "stack:a", "costs $310,000", Outcome.DENY);
        Violation fixed = v("tagging.required", "aws_vpc.main", "missing team", Outcome.DENY);
        Violation added = v("residency.store_jurisdiction", "aws_s3_bucket.x", "in us-east-1", Outcome.DENY);

        ViolationDiff d = ViolationDiffs.between(List.of(before, fixed), List.of(after, added));

        assertEquals(List.of(added), d.added());
        assertEquals(List.of(fixed), d.fixed());
        assertEquals(List.of(after), d.unchanged());
    }

    @Test
    void anExpiredWaiverIsANewDenialAndAWaivedOneIsAFixedDenial() {
        Violation waived = v("tagging.required", "aws_s3_bucket.logs", "missing cost-center", Outcome.WAIVED);
        Violation expired = v("tagging.required", "aws_s3_bucket.logs", "missing cost-center", Outcome.DENY);
        ViolationDiff lapsed = ViolationDiffs.between(List.of(waived), List.of(expired));
        assertEquals(List.of(expired), lapsed.added());
        assertEquals(List.of(), lapsed.fixed());

        ViolationDiff granted = ViolationDiffs.between(List.of(expired), List.of(waived));
        assertEquals(List.of(expired), granted.fixed());
        assertEquals(List.of(waived), granted.unchanged());
        assertEquals(List.of(), granted.added());
    }

    @Test
    void severalFindingsOfOnePolicyAndResourcePairExactMessagesFirst() {
        Violation pathA = v("residency.data_flow", "aws_s3_bucket.replica", "via replication", Outcome.DENY);
        Violation pathB = v("residency.data_flow", "aws_s3_bucket.replica", "via backup", Outcome.DENY);
        Violation pathC = v("residency.data_flow", "aws_s3_bucket.replica", "via peering", Outcome.DENY);
        Violation headB = v("residency.data_flow", "aws_s3_bucket.replica", "via backup", Outcome.DENY);

        ViolationDiff d = ViolationDiffs.between(List.of(pathA, pathB), List.of(headB, pathC));

        assertEquals(2, d.unchanged().size(), "both head findings pair with a base one");
        assertSame(headB, d.unchanged().get(0));
        assertEquals(List.of(), d.added());
        assertEquals(List.of(), d.fixed());
    }
}
