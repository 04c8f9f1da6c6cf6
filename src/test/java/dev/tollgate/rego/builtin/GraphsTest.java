package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.tollgate.rego.builtin.Conformance.arr;
import static dev.tollgate.rego.builtin.Conformance.assertCase;
import static dev.tollgate.rego.builtin.Conformance.assertResult;
import static dev.tollgate.rego.builtin.Conformance.call;
import static dev.tollgate.rego.builtin.Conformance.expected;
import static dev.tollgate.rego.builtin.Conformance.json;
import static dev.tollgate.rego.builtin.Conformance.num;
import static dev.tollgate.rego.builtin.Conformance.str;
import static dev.tollgate.rego.builtin.Conformance.strSet;
import static dev.tollgate.rego.builtin.Conformance.strs;
import static dev.tollgate.rego.builtin.Conformance.testCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GraphsTest {

    /** A graph whose neighbour lists are sets, as the cases write them ({@code "a": {"b"}}). */
    private static Value graphOfSets(Map<String, String[]> edges) {
        Value.Obj.Builder b = Value.Obj.builder();
        edges.forEach((k, v) -> b.put(k, strSet(v)));
        return b.build();
    }

    private static Value graphOfArrays(Map<String, String[]> edges) {
        Value.Obj.Builder b = Value.Obj.builder();
        edges.forEach((k, v) -> b.put(k, strs(v)));
        return b.build();
    }

    private static final Map<String, String[]> CYCLE = Map.of("a", new String[] {"b"}, "b", new String[] {"c"}, "c", new String[] {"a"});
    private static final Map<String, String[]> COMPONENTS = Map.of(
            "a", new String[] {"b", "c"}, "b", new String[] {"d"}, "c", new String[] {"d"}, "d", new String[] {},
            "e", new String[] {"f"}, "f", new String[] {"e"}, "x", new String[] {"x"});

    @Test
    void reachableMatchesConformanceCases() {
        // the cases sort the result; OPA's runner compares the set as a sorted array, so the set compares directly
        assertCase("reachable/empty", "graph.reachable", Value.Obj.EMPTY, strSet("a"));
        assertCase("reachable/cycle", "graph.reachable", graphOfSets(CYCLE), strSet("a"));
        assertCase("reachable/components", "graph.reachable", graphOfSets(COMPONENTS), strSet("b", "e"));
        assertCase("reachable/arrays", "graph.reachable", graphOfArrays(CYCLE), strs("a"));
        RegoError e = assertThrows(RegoError.class, () -> call("graph.reachable", num(1), arr(num(1))));
        assertEquals(testCase("reachable/malformed 1").get("want_error_code").asText(), e.code());
        e = assertThrows(RegoError.class, () -> call("graph.reachable", json("{\"a\": []}"), str("a")));
        assertEquals(testCase("reachable/malformed 3").get("want_error_code").asText(), e.code());
        assertEquals("graph.reachable: operand 2 must be {array, set} but got string", e.detail());
    }

    @Test
    void reachablePathsMatchesConformanceCases() {
        assertCase("reachable_paths/empty", "graph.reachable_paths", Value.Obj.EMPTY, strSet("a"));
        assertCase("reachable_paths/cycle", "graph.reachable_paths", graphOfSets(CYCLE), strSet("a"));
        assertCase("reachable_paths/components", "graph.reachable_paths", graphOfSets(COMPONENTS), strSet("b", "e"));
        assertCase("reachable_paths/arrays", "graph.reachable_paths", graphOfArrays(CYCLE), strs("a"));
        assertEquals(RegoError.EVAL_TYPE, assertThrows(RegoError.class, () -> call("graph.reachable_paths", num(1), arr(num(1)))).code());
        assertCase("reachable_paths/malformed 2", "graph.reachable_paths", json("{\"a\": null}"), strs("a"));
        assertEquals(RegoError.EVAL_TYPE,
                assertThrows(RegoError.class, () -> call("graph.reachable_paths", json("{\"a\": []}"), str("a"))).code());
        assertCase("reachable_paths/multiple_paths", "graph.reachable_paths",
                json("{\"a\": [\"b\", \"c\"], \"b\": [\"c\"], \"c\": []}"), strSet("a"));
        assertCase("reachable_paths/shared_ancestor", "graph.reachable_paths",
                json("{\"1\": [], \"2\": [\"1\"], \"3\": [\"2\"], \"4\": [\"3\", \"2\"], \"5\": [\"4\"]}"), strs("5"));
        assertCase("reachable_paths/invalid_end", "graph.reachable_paths",
                json("{\"a\": [\"b\"], \"b\": [\"nonexistent\"]}"), strSet("a", "b"));
        assertCase("reachable_paths/cycle_1022_1", "graph.reachable_paths",
                json("{\"one\": [\"two\",\"five\"], \"two\": [\"four\"], \"three\": [\"\"], \"four\": [\"three\"], \"five\": [\"seven\",\"six\"],"
                        + " \"six\": [\"nine\"], \"seven\": [\"eight\"], \"eight\": [\"\"], \"nine\": [\"\"]}"), strSet("one"));
        Map<String, String[]> g = Map.of("one", new String[] {"two", "five"}, "two", new String[] {"four"}, "three", new String[] {""},
                "four", new String[] {"three"}, "five", new String[] {"seven", "six"}, "six", new String[] {"nine"},
                "seven", new String[] {"eight"}, "eight", new String[] {""}, "nine", new String[] {""});
        assertCase("reachable_paths/cycle_1022_2", "graph.reachable_paths", graphOfSets(g), strSet("one"));
        assertCase("reachable_paths/cycle_1022_3", "graph.reachable_paths",
                json("{\"one\": [\"two\",\"five\"], \"two\": [\"four\"], \"three\": [\"\"], \"four\": [\"three\"], \"five\": [\"seven\",\"six\"],"
                        + " \"six\": [\"nine\",\"seven\"], \"seven\": [\"eight\"], \"eight\": [\"three\"], \"nine\": [\"\"]}"), strSet("one"));
    }

    @Test
    void verticesCanBeAnyValue() {
        Value g = Value.Obj.builder().put(num(1), arr(num(2))).put(num(2), arr(arr(num(3)))).put(arr(num(3)), arr()).build();
        assertEquals(Value.SetV.of(num(1), num(2), arr(num(3))), call("graph.reachable", g, arr(num(1))));
        assertResult(expected("reachable/empty"), call("graph.reachable", g, arr(num(9))), "unknown start");
    }
}
