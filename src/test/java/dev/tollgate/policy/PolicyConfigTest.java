package dev.tollgate.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyConfigTest {

    @TempDir
    Path dir;

    PolicyConfig load(String yaml) throws IOException {
        Path file = dir.resolve("tollgate.yaml");
        Files.writeString(file, yaml);
        return PolicyConfig.load(file);
    }

    String error(String yaml) {
        return assertThrows(PolicyException.class, () -> load(yaml)).getMessage();
    }

    @Test
    void readsEveryField() throws IOException {
        PolicyConfig c = load("""
                stack: gpu-training-eu
                environment: prod
                tags:
                  team: [team, owner]
                  project: project-code
                indeterminate: warn
                enforcement:
                  carbon.*: mandatory
                overrides:
                  - environment: dev
                    indeterminate: deny
                    enforcement: {cost.stack_budget: advisory}
                waivers:
                  - policy: residency.data_flow
                    resource: aws_s3_bucket.replica
                    reason: DR copy approved by the DPO
                    owner: dpo@example.com
                    ticket: SEC-7
                    expires: 2026-12-31
                params:
                  cost:
                    stack_monthly_usd: {gpu-training-eu: 300000}
                """);
        assertEquals("gpu-training-eu", c.stack());
        assertEquals("prod", c.environment());
        assertEquals(List.of("team", "owner"), c.tags().get("team"));
        assertEquals(List.of("project-code"), c.tags().get("project"));
        assertEquals(List.of("environment", "env"), c.tags().get("environment"));
        assertEquals(PolicyConfig.Indeterminate.WARN, c.indeterminate("gpu-training-eu", "prod"));
        assertEquals(PolicyConfig.Indeterminate.DENY, c.indeterminate("gpu-training-eu", "dev"));
        assertEquals(LocalDate.parse("2026-12-31"), c.waivers().get(0).expires());
        assertEquals(300000, c.params().at("/cost/stack_monthly_usd/gpu-training-eu").asInt());
        assertEquals(64, c.sha256().length());
    }

    @Test
    void emptyFileIsTheDefaults() throws IOException {
        PolicyConfig c = load("");
        assertNull(c.stack());
        assertEquals(PolicyConfig.Indeterminate.DENY, c.indeterminate("s", "e"));
        assertTrue(c.waivers().isEmpty());
    }

    @Test
    void configBesideThePlanIsFound() throws IOException {
        Files.writeString(dir.resolve("tollgate.yaml"), "stack: beside\n");
        assertEquals("beside", PolicyConfig.beside(dir.resolve("plan.json")).stack());
        assertNull(PolicyConfig.beside(dir.resolve("sub").resolve("plan.json")).stack());
    }

    @Test
    void unknownFieldIsAnErrorNamingIt() {
        assertEquals(dir.resolve("tollgate.yaml") + ": enforcment: unknown field (known: stack, environment, tags, indeterminate, enforcement, overrides, waivers, params, server)",
                error("enforcment: {cost.*: disabled}\n"));
    }

    @Test
    void badLevelNamesTheField() {
        assertTrue(error("enforcement: {cost.stack_budget: optional}\n")
                .endsWith("tollgate.yaml: enforcement.cost.stack_budget: 'optional' is not an enforcement level (mandatory, advisory, disabled)"));
    }

    @Test
    void waiverWithoutTicketIsRejected() {
        assertTrue(error("""
                waivers:
                  - {policy: cost.*, resource: "*", reason: r, owner: o, expires: 2026-01-01}
                """).endsWith("tollgate.yaml: waivers[0].ticket: required"));
    }

    @Test
    void waiverWithBadDateIsRejected() {
        assertTrue(error("""
                waivers:
                  - {policy: cost.*, resource: "*", reason: r, owner: o, ticket: T-1, expires: 31/12/2026}
                """).endsWith("tollgate.yaml: waivers[0].expires: '31/12/2026' is not a date (YYYY-MM-DD)"));
    }

    @Test
    void overrideNeedsATarget() {
        assertTrue(error("overrides:\n  - indeterminate: warn\n").endsWith("overrides[0] needs a stack or an environment to apply to"));
    }

    @Test
    void badIndeterminateIsRejected() {
        assertTrue(error("indeterminate: maybe\n").endsWith("tollgate.yaml: indeterminate: 'maybe' must be deny or warn"));
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertTrue(error("stack: a\nenvironment: [unclosed\n").contains("tollgate.yaml:"), "names the file");
    }

    @Test
    void waiverExpiresAtTheEndOfItsDay() {
        Waiver w = new Waiver("p", "r", null, "x", "o", "t", LocalDate.parse("2026-06-15"));
        assertEquals(false, w.expired(java.time.Instant.parse("2026-06-15T23:59:59Z")));
        assertEquals(true, w.expired(java.time.Instant.parse("2026-06-16T00:00:00Z")));
    }

    @Test
    void globsMatchWholeAddresses() {
        assertTrue(Glob.of("module.net.*").matches("module.net.aws_subnet.private[0]"));
        assertTrue(Glob.of("aws_s3_bucket.?").matches("aws_s3_bucket.a"));
        assertEquals(false, Glob.of("aws_s3_bucket").matches("aws_s3_bucket.a"));
        assertEquals(false, Glob.of("a.b").matches("aXb"));
    }
}
