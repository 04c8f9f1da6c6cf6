package dev.tollgate.rego;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a policy can be wrong gets OPA's error code, a clear message, and the place it happened. */
class RegoErrorsTest {

    private static RegoError compileError(String source) {
        return assertThrows(RegoError.class, () -> RegoEngine.builder().module("policy.rego", source).build());
    }

    private static RegoError evalError(RegoEngine.Builder b, String query) {
        RegoEngine e = b.build();
        return assertThrows(RegoError.class, () -> e.query(query, null));
    }

    @Test
    void parseErrorsCarryFileLineAndColumn() {
        RegoError e = compileError("package t\n\np if {\n    x := [1, 2\n}\n");
        assertEquals(RegoError.PARSE, e.code());
        assertEquals(new RegoError.Location("policy.rego", 5, 1), e.location());
        assertTrue(e.getMessage().startsWith("policy.rego:5: rego_parse_error: unexpected } token"), e.getMessage());
    }

    @Test
    void v1RequiresIfBeforeBodiesAndContainsForSets() {
        assertEquals("policy.rego:3: rego_parse_error: `if` keyword is required before rule body",
                compileError("package t\n\np {\n  true\n}\n").getMessage());
        assertTrue(compileError("package t\np[x] {\n  x := 1\n}\n").getMessage().contains("`if` keyword is required"));
    }

    @Test
    void unsafeVariablesAreReported() {
        RegoError e = compileError("package t\n\np if {\n  x > 1\n}\n");
        assertEquals(RegoError.UNSAFE_VAR, e.code());
        assertEquals("policy.rego:4: rego_unsafe_var_error: var x is unsafe", e.getMessage());
        RegoError head = compileError("package t\np := y if { true }\n");
        assertEquals("var y is unsafe", head.detail());
    }

    @Test
    void recursionIsRejected() {
        RegoError e = compileError("package t\n\np if q\nq if p\n");
        assertEquals(RegoError.RECURSION, e.code());
        assertTrue(e.detail().startsWith("rule data.t.p is recursive: data.t.p -> data.t.q -> data.t.p"), e.detail());
    }

    @Test
    void undefinedFunctionsAndArityAreTypeErrors() {
        RegoError undefined = compileError("package t\np := no_such_fn(1)\n");
        assertEquals(RegoError.TYPE, undefined.code());
        assertEquals("policy.rego:2: rego_type_error: undefined function no_such_fn", undefined.getMessage());
        RegoError arity = compileError("package t\np := plus(1)\n");
        assertEquals(RegoError.TYPE, arity.code());
        assertTrue(arity.detail().startsWith("plus: arity mismatch"), arity.detail());
    }

    @Test
    void constantOperandsOfTheWrongTypeAreTypeErrors() {
        RegoError e = compileError("package t\np := input.n + \"one\"\n");
        assertEquals(RegoError.TYPE, e.code());
        assertEquals("policy.rego:2: rego_type_error: plus: invalid argument(s)\n\thave: (any, string)\n\twant: (number, number)",
                e.getMessage());
        RegoError with = compileError("package t\np if {\n  x := 1\n  true with x as 2\n}\n");
        assertEquals(RegoError.TYPE, with.code());
        assertTrue(with.detail().startsWith("with keyword target must reference existing input, data, or a function"), with.detail());
    }

    @Test
    void redeclarationWithAssignIsACompileError() {
        RegoError e = compileError("package t\np if {\n  x := 1\n  x := 2\n}\n");
        assertEquals(RegoError.COMPILE, e.code());
        assertEquals("policy.rego:4: rego_compile_error: var x assigned above", e.getMessage());
        RegoError used = compileError("package t\np if {\n  x == y\n  y := 2\n}\n");
        assertEquals("policy.rego:4: rego_compile_error: var y referenced above", used.getMessage());
    }

    @Test
    void conflictingRuleKindsAreRejected() {
        RegoError e = compileError("package t\np := 1\np contains 2\n");
        assertEquals(RegoError.TYPE, e.code());
        assertEquals("conflicting rules data.t.p found", e.detail());
    }

    @Test
    void conflictsAtEvaluation() {
        RegoError complete = evalError(RegoEngine.builder().module("c.rego", "package t\np := 1\np := 2\n"), "data.t.p");
        assertEquals(RegoError.EVAL_CONFLICT, complete.code());
        assertEquals("complete rules must not produce multiple outputs", complete.detail());

        RegoError fn = evalError(RegoEngine.builder().module("f.rego", "package t\nf(x) := 1\nf(x) := 2\n"), "data.t.f(0)");
        assertEquals("functions must not produce multiple outputs for same inputs", fn.detail());

        RegoError keys = evalError(RegoEngine.builder().module("o.rego", "package t\np[k] := v if some k, v in {\"a\": 1}\np[\"a\"] := 2\n"), "data.t.p");
        assertEquals(RegoError.EVAL_CONFLICT, keys.code());
        assertEquals("object keys must be unique", keys.detail());
    }

    @Test
    void builtinTypeErrorsNameTheCallSiteInStrictMode() {
        RegoError e = evalError(RegoEngine.builder().strictBuiltinErrors(true)
                .module("test-0.rego", "package t\n\np if {\n\t{1} - 1\n}\n"), "data.t.p");
        assertEquals("test-0.rego:4: eval_type_error: minus: operand 2 must be set but got number", e.getMessage());
    }

    @Test
    void runawayPolicyIsCancelledAtTheTimeout() {
        RegoEngine e = RegoEngine.builder().timeout(Duration.ofMillis(200)).module("slow.rego", """
                package t
                p := count([1 | some a in numbers.range(1, 5000); some b in numbers.range(1, 5000); a != b])
                """).build();
        long start = System.nanoTime();
        RegoError err = assertThrows(RegoError.class, () -> e.query("data.t.p", null));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(RegoError.EVAL_CANCEL, err.code());
        assertTrue(ms < 5_000, "cancelled promptly, took " + ms + "ms");
    }

    @Test
    void collectionsBeyondTheCapAreALimitError() {
        RegoEngine e = RegoEngine.builder().maxCollection(1_000)
                .module("big.rego", "package t\np := {x | some x in numbers.range(1, 100000)}\n").build();
        RegoError err = assertThrows(RegoError.class, () -> e.query("data.t.p", null));
        assertEquals(RegoError.EVAL_LIMIT, err.code());
        assertTrue(err.detail().contains("1000 elements"), err.detail());
    }

    @Test
    void nestingBeyondTheDepthCapIsALimitError() {
        StringBuilder src = new StringBuilder("package t\np0 := 0\n");
        for (int i = 1; i <= 40; i++) src.append("p").append(i).append(" := p").append(i - 1).append(" + 1\n");
        RegoEngine shallow = RegoEngine.builder().maxDepth(10).module("deep.rego", src.toString()).build();
        RegoError err = assertThrows(RegoError.class, () -> shallow.query("data.t.p40", null));
        assertEquals(RegoError.EVAL_LIMIT, err.code());
        RegoEngine deep = RegoEngine.builder().maxDepth(100).module("deep.rego", src.toString()).build();
        assertEquals(Value.num(40), deep.query("data.t.p40", null).value());
    }

    @Test
    void withCannotBeUsedOnABodilessRuleHead() {
        RegoError e = compileError("package t\nf(x) := y with input as 1\n");
        assertEquals(RegoError.PARSE, e.code());
        assertTrue(e.detail().contains("expressions using with keyword cannot be used for rule head"), e.detail());
    }

    @Test
    void queryErrorsAreThrownToo() {
        RegoEngine e = RegoEngine.builder().module("m.rego", "package t\np := 1").build();
        RegoError err = assertThrows(RegoError.class, () -> e.query("x > 1", null));
        assertEquals(RegoError.UNSAFE_VAR, err.code());
        RegoError parse = assertThrows(RegoError.class, () -> e.query("data.t.p ==", null));
        assertEquals(RegoError.PARSE, parse.code());
    }
}
