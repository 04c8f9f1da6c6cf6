package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every case of OPA's graphql conformance directory, run against the builtins directly. */
class GraphQlConformanceTest {

    @TestFactory
    Stream<DynamicTest> opaGraphQlCases() {
        return ConformanceCases.load("graphql").map(c -> DynamicTest.dynamicTest(c.note(), () -> run(c)));
    }

    static void run(ConformanceCases.Case c) {
        MiniModule module = new MiniModule(c.modules().get(0));
        if (c.wantError() != null) {
            RegoError e = MiniModule.errorOf(module::evalP);
            assertNotNull(e, "expected error containing: " + c.wantError());
            assertTrue(e.getMessage().contains(c.wantError()), "error was: " + e.getMessage() + "\nwanted: " + c.wantError());
            if (c.wantErrorCode() != null) assertEquals(c.wantErrorCode(), e.code());
            return;
        }
        Value got;
        try {
            got = module.evalP();
        } catch (RegoError e) {
            fail("unexpected error: " + e.getMessage());
            return;
        }
        if (c.wantResult().isEmpty()) {
            assertEquals(null, got, "expected undefined");
        } else {
            Value want = Values.fromJson(c.wantResult().get(0).get("x"));
            assertEquals(MiniModule.render(want), MiniModule.render(got));
        }
    }
}
