package dev.tollgate.rego.builtin;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** Every case of OPA's jwt* conformance directories, run against the io.jwt builtins directly. */
class JwtConformanceTest {

    @TestFactory
    Stream<DynamicTest> opaJwtCases() {
        return Stream.of("jwtbuiltins", "jwtdecodeverify", "jwtencodesign", "jwtencodesignheadererrors",
                        "jwtencodesignpayloaderrors", "jwtencodesignraw", "jwtverifyeddsa", "jwtverifyhs256", "jwtverifyhs384",
                        "jwtverifyhs512", "jwtverifyrsa")
                .flatMap(ConformanceCases::load)
                .map(c -> DynamicTest.dynamicTest(c.file() + " " + c.note(), () -> ConformanceRun.check(c)));
    }
}
