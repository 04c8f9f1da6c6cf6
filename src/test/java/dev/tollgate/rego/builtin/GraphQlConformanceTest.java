package dev.tollgate.rego.builtin;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** Every case of OPA's graphql conformance directory, run against the builtins directly. */
class GraphQlConformanceTest {

    @TestFactory
    Stream<DynamicTest> opaGraphQlCases() {
        return ConformanceCases.load("graphql").map(c -> DynamicTest.dynamicTest(c.note(), () -> ConformanceRun.check(c)));
    }
}
