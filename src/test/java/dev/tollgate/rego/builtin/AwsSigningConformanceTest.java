package dev.tollgate.rego.builtin;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** OPA's providers-aws conformance cases, run against providers.aws.sign_req directly. */
class AwsSigningConformanceTest {

    @TestFactory
    Stream<DynamicTest> opaAwsCases() {
        return ConformanceCases.load("providers-aws").map(c -> DynamicTest.dynamicTest(c.note(), () -> ConformanceRun.check(c)));
    }
}
