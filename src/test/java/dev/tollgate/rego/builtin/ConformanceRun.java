package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs one conformance case through {@link MiniModule} and checks it as OPA's runner does (first row only). */
final class ConformanceRun {
    private ConformanceRun() {}

    static void check(ConformanceCases.Case c) {
        Value input = c.input() == null ? null : Values.fromJson(c.input());
        MiniModule module = new MiniModule(c.modules().get(0), input);
        String rule = c.rule();
        if (c.wantError() != null) {
            RegoError e = MiniModule.errorOf(() -> module.eval(rule));
            assertNotNull(e, "expected error containing: " + c.wantError());
            assertTrue(e.getMessage().contains(c.wantError()), "error was: " + e.getMessage() + "\nwanted: " + c.wantError());
            if (c.wantErrorCode() != null) assertEquals(c.wantErrorCode(), e.code());
            return;
        }
        Value got;
        try {
            got = module.eval(rule);
        } catch (RegoError e) {
            fail("unexpected error: " + e.getMessage());
            return;
        }
        if (c.wantResult().isEmpty()) {
            assertEquals("undefined", MiniModule.render(got));
        } else {
            Value want = Values.fromJson(c.wantResult().get(0).get("x"));
            // OPA's runner compares JSON forms, where a set is its sorted array
            Value actual = got == null ? null : Values.fromJson(Values.toJson(got));
            assertEquals(MiniModule.render(want), MiniModule.render(actual));
        }
    }
}
