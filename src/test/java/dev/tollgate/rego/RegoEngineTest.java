package dev.tollgate.rego;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine end to end: language features, the Java API, and the answers it gives. */
class RegoEngineTest {

    private static RegoEngine engine(String... modules) {
        RegoEngine.Builder b = RegoEngine.builder();
        for (int i = 0; i < modules.length; i++) b.module("m" + i + ".rego", modules[i]);
        return b.build();
    }

    private static Value parse(String term) {
        return ((Ast.Scalar) Compiler.fold(Parser.parseTerm(term, "expected"))).value();
    }

    private static Value eval(RegoEngine e, String query, Object input) {
        return e.query(query, input).value();
    }

    @Test
    void completePartialSetAndObjectRules() {
        RegoEngine e = engine("""
                package t
                allow if input.user == "alice"
                names contains n if some n in ["a", "b", "a"]
                sizes[k] := count(v) if some k, v in {"x": [1, 2], "y": []}
                default tier := "free"
                tier := "pro" if input.paid
                """);
        Value in = parse("{\"user\": \"alice\"}");
        assertEquals(Value.TRUE, eval(e, "data.t.allow", in));
        assertEquals(parse("{\"a\", \"b\"}"), eval(e, "data.t.names", in));
        assertEquals(parse("{\"x\": 2, \"y\": 0}"), eval(e, "data.t.sizes", in));
        assertEquals(Value.str("free"), eval(e, "data.t.tier", in));
        assertEquals(Value.str("pro"), eval(e, "data.t.tier", parse("{\"paid\": true}")));
        assertTrue(e.query("data.t.allow", parse("{\"user\": \"bob\"}")).isEmpty(), "undefined for bob");
    }

    @Test
    void functionsElseChainsAndRefHeads() {
        RegoEngine e = engine("""
                package t
                grade(n) := "high" if n > 10
                else := "mid" if n > 5
                else := "low"
                double(x) := x * 2
                a.b[k].c := v if some k, v in {"p": 1, "q": 2}
                """);
        assertEquals(Value.str("high"), eval(e, "data.t.grade(11)", null));
        assertEquals(Value.str("mid"), eval(e, "data.t.grade(6)", null));
        assertEquals(Value.str("low"), eval(e, "data.t.grade(1)", null));
        assertEquals(parse("[2, 4, 6]"), eval(e, "[data.t.double(x) | some x in [1, 2, 3]]", null));
        assertEquals(parse("{\"b\": {\"p\": {\"c\": 1}, \"q\": {\"c\": 2}}}"), eval(e, "data.t.a", null));
    }

    @Test
    void bindingsAreReportedPerSolutionWithExpressionValues() {
        RegoEngine e = engine("package t\nxs := [3, 1, 2]");
        ResultSet rs = e.query("some i; x := data.t.xs[i]; x > 1", null);
        assertEquals(2, rs.size());
        assertEquals(Map.of("i", Value.num(0), "x", Value.num(3)), rs.rows().get(0).bindings());
        assertEquals(List.of(Value.TRUE, Value.TRUE, Value.TRUE), rs.rows().get(0).expressions());
        assertEquals(List.of("some i", "x := data.t.xs[i]", "x > 1"), rs.expressionTexts());
    }

    @Test
    void withReplacesInputDataFunctionsAndBuiltins() {
        RegoEngine e = engine("""
                package t
                p := input.x + data.d.y
                f(x) := x + 1
                g(x) := x * 10
                q := f(1)
                r := count([1, 2, 3])
                s1 := v if v := p with input.x as 1 with data.d.y as 2
                s2 := v if v := q with f as g
                s3 := v if v := r with count as 42
                s4 := v if v := q with f as 7
                """);
        assertEquals(parse("{\"s1\": 3, \"s2\": 10, \"s3\": 42, \"s4\": 7}"),
                eval(e, "{k: data.t[k] | some k in {\"s1\", \"s2\", \"s3\", \"s4\"}}", null));
    }

    @Test
    void everyNotAndComprehensions() {
        RegoEngine e = engine("""
                package t
                all_positive if every x in input.xs { x > 0 }
                none_big if not big
                big if {
                    some x in input.xs
                    x > 100
                }
                squares := {x: sq | some x in input.xs; sq := x * x}
                """);
        Value in = parse("{\"xs\": [1, 2, 3]}");
        assertEquals(Value.TRUE, eval(e, "data.t.all_positive", in));
        assertEquals(Value.TRUE, eval(e, "data.t.none_big", in));
        assertEquals(parse("{1: 1, 2: 4, 3: 9}"), eval(e, "data.t.squares", in));
        assertTrue(e.query("data.t.all_positive", parse("{\"xs\": [1, -1]}")).isEmpty());
    }

    @Test
    void bodiesAreReorderedForSafety() {
        RegoEngine e = engine("""
                package t
                p := x if {
                    x = y + 1
                    y = 7
                }
                q if {
                    z == 3
                    z = count([1, 2, 3])
                }
                """);
        assertEquals(Value.num(8), eval(e, "data.t.p", null));
        assertEquals(Value.TRUE, eval(e, "data.t.q", null));
    }

    @Test
    void templateStringsAndPrint() {
        List<String> printed = new ArrayList<>();
        RegoEngine e = RegoEngine.builder().printer(printed::add).module("m.rego", """
                package t
                msg := $"{input.n} GPUs in {input.region}, tags {input.tags}"
                p if print("n is", input.n, "missing:", input.nope)
                """).build();
        Value in = parse("{\"n\": 8, \"region\": \"eu-west-1\", \"tags\": {\"team\": \"ml\"}}");
        assertEquals(Value.str("8 GPUs in eu-west-1, tags {\"team\": \"ml\"}"), eval(e, "data.t.msg", in));
        assertEquals(Value.TRUE, eval(e, "data.t.p", in));
        assertEquals(List.of("n is 8 missing: <undefined>"), printed);
    }

    @Test
    void numbersAreExactDecimals() {
        RegoEngine e = engine("package t");
        assertEquals(Value.TRUE, eval(e, "1 == 1.0", null));
        assertEquals(parse("18446744073709551618"), eval(e, "18446744073709551617 + 1", null));
        // OPA divides in big.Float with a 64-bit mantissa and keeps the shortest decimal that reads back the same.
        assertEquals(parse("0.33333333333333333334"), eval(e, "1 / 3", null));
        assertEquals(parse("0.5"), eval(e, "1 / 2", null));
        assertEquals(parse("3.5"), eval(e, "1 + 2.5", null));
    }

    @Test
    void inputMayBeJacksonJson() throws Exception {
        RegoEngine e = engine("package t\ndeny contains r.id if {\n some r in input.resources\n r.cost > 10\n}");
        var json = new ObjectMapper().readTree("{\"resources\": [{\"id\": \"a\", \"cost\": 5}, {\"id\": \"b\", \"cost\": 50}]}");
        assertEquals(parse("{\"b\"}"), eval(e, "data.t.deny", json));
    }

    @Test
    void dataIsMergedWithRulesUnderThePackage() {
        RegoEngine e = RegoEngine.builder().module("m.rego", "package t\np := data.t.base + 1")
                .data(parse("{\"t\": {\"base\": 41}}")).build();
        assertEquals(parse("{\"base\": 41, \"p\": 42}"), eval(e, "data.t", null));
    }

    @Test
    void metadataAnnotationsReachRegoMetadata() {
        RegoEngine e = engine("""
                # METADATA
                # title: Cost ceiling
                # description: Monthly cost must stay under budget
                package t

                # METADATA
                # title: Over budget
                # custom:
                #   severity: high
                deny contains rego.metadata.rule().custom.severity if true
                """);
        assertEquals(parse("{\"high\"}"), eval(e, "data.t.deny", null));
    }

    @Test
    void experimentalAndOrKeywords() {
        RegoEngine e = engine("""
                package t
                import future.keywords.and
                import future.keywords.or
                p if input.a > 0 and { input.b == 1 or input.b == 2 }
                """);
        assertEquals(Value.TRUE, eval(e, "data.t.p", parse("{\"a\": 1, \"b\": 2}")));
        assertTrue(e.query("data.t.p", parse("{\"a\": 1, \"b\": 3}")).isEmpty());
    }

    @Test
    void strictModeRaisesBuiltinErrorsAndLaxModeMakesThemUndefined() {
        RegoEngine lax = engine("package t\np := 1 / 0");
        assertTrue(lax.query("data.t.p", null).isEmpty());
        RegoEngine strict = RegoEngine.builder().strictBuiltinErrors(true).module("m.rego", "package t\n\np := 1 / 0").build();
        RegoError err = assertThrows(RegoError.class, () -> strict.query("data.t.p", null));
        assertEquals(RegoError.EVAL_BUILTIN, err.code());
        assertEquals("m.rego:3: eval_builtin_error: div: divide by zero", err.getMessage());
    }

    @Test
    void attemptReturnsRowsFoundBeforeAnError() {
        RegoEngine e = RegoEngine.builder().strictBuiltinErrors(true)
                .module("m.rego", "package t\nq contains x if some x in [1, 2]\n").build();
        ResultSet rs = e.attempt("x := data.t.q[_]; y := 1 / (2 - x)", null);
        assertEquals(1, rs.size());
        assertEquals(RegoError.EVAL_BUILTIN, rs.error().code());
    }

    @Test
    void nonDeterministicBuiltinsAreOfflineUnlessMocked() {
        RegoEngine e = RegoEngine.builder().strictBuiltinErrors(true).module("m.rego", """
                package t
                status := http.send({"method": "get", "url": "https://example.com"}).status_code
                mocked := s if s := status with http.send as {"status_code": 200}
                """).build();
        assertEquals(Value.num(200), eval(e, "data.t.mocked", null));
        RegoError err = assertThrows(RegoError.class, () -> e.query("data.t.status", null));
        assertTrue(err.getMessage().contains("network access is disabled"), err.getMessage());
    }

    @Test
    void indexedRulesAnswerAsUnindexedOnesWould() {
        RegoEngine e = engine("""
                package t
                action := "read" if input.method == "GET"
                action := "read" if input.method == "HEAD"
                action := "write" if input.method == "POST"
                action := "write" if "PUT" == input.method
                action := "admin" if {
                    input.method == "DELETE"
                    input.user == "root"
                }
                action := "other" if not input.method
                kind(1) := "one"
                kind(2) := "two"
                kind(3) := "three"
                kind(x) := "many" if x > 3
                via_with := a if a := action with input.method as "PUT"
                """);
        assertEquals(Value.str("read"), eval(e, "data.t.action", parse("{\"method\": \"HEAD\"}")));
        assertEquals(Value.str("write"), eval(e, "data.t.action", parse("{\"method\": \"PUT\"}")));
        assertTrue(e.query("data.t.action", parse("{\"method\": \"DELETE\", \"user\": \"bob\"}")).isEmpty());
        assertEquals(Value.str("admin"), eval(e, "data.t.action", parse("{\"method\": \"DELETE\", \"user\": \"root\"}")));
        assertEquals(Value.str("other"), eval(e, "data.t.action", parse("{}")));
        assertEquals(Value.str("write"), eval(e, "data.t.via_with", parse("{\"method\": \"GET\"}")));
        assertEquals(parse("[\"one\", \"three\", \"many\"]"), eval(e, "[data.t.kind(x) | some x in [1, 3, 9]]", null));
    }

    @Test
    void oneEngineAnswersManyThreadsAtOnce() throws Exception {
        RegoEngine e = engine("package t\ntotal := sum([x | some x in input.xs]) + count(data.t.extra)\nextra contains i if {\n some i in input.xs\n i > 2\n}");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                int size = n % 20;
                results.add(pool.submit(() -> {
                    List<Value> xs = new ArrayList<>();
                    for (int i = 1; i <= size; i++) xs.add(Value.num(i));
                    Value in = Value.Obj.builder().put("xs", Value.Arr.wrap(xs)).build();
                    long want = (long) size * (size + 1) / 2 + Math.max(0, size - 2);
                    return Value.num(want).equals(e.query("data.t.total", in).value());
                }));
            }
            for (var r : results) assertTrue(r.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void undefinedRefsAreUndefinedNotErrors() {
        RegoEngine e = engine("package t\np := input.a.b.c");
        assertNull(e.query("data.t.p", parse("{\"a\": 1}")).value());
        assertNull(e.query("data.nothing.here", null).value());
    }
}
