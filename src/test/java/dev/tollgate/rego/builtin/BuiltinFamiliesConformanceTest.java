package dev.tollgate.rego.builtin;

import dev.tollgate.rego.Conformance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every OPA conformance case of the builtin families, directory by directory, run end to end through the Rego
 * engine: each must pass, none may be skipped. The whole-suite ratchet in {@code RegoConformanceTest} counts;
 * this test names the case that broke.
 */
class BuiltinFamiliesConformanceTest {
    static final List<String> DIRECTORIES = List.of(
            "cryptohmacequal", "cryptohmacmd5", "cryptohmacsha1", "cryptohmacsha256", "cryptohmacsha512", "cryptomd5",
            "cryptosha256", "cryptoparsersaprivatekeys", "cryptox509parsecertificaterequest", "cryptox509parsecertificates",
            "cryptox509parsekeypair", "cryptox509parsersaprivatekey",
            "jwtbuiltins", "jwtdecodeverify", "jwtencodesign", "jwtencodesignheadererrors", "jwtencodesignpayloaderrors",
            "jwtencodesignraw", "jwtverifyeddsa", "jwtverifyhs256", "jwtverifyhs384", "jwtverifyhs512", "jwtverifyrsa",
            "graphql", "providers-aws",
            // strings, numbers, collections, types
            "aggregates", "array", "bitsand", "bitsnegate", "bitsor", "bitsshiftleft", "bitsshiftright", "bitsxor",
            "casts", "typebuiltin", "typenamebuiltin", "units", "semvercompare", "semverisvalid", "strings", "sprintf",
            "trim", "trimleft", "trimprefix", "trimright", "trimspace", "trimsuffix", "replacen", "regexfind",
            "regexfindallstringsubmatch", "regexisvalid", "regexmatch", "regexmatchtemplate", "regexreplace",
            "regexsplit", "globmatch", "globquotemeta", "globsmatch", "objectfilter", "objectfilteridempotent",
            "objectfilternonstringkey", "objectget", "objectremove", "objectremoveidempotent",
            "objectremovenonstringkey", "objectunion", "objectunionn", "subset", "union", "intersection", "sets",
            "numbersrange", "numbersrangestep", "rand", "uuid", "rendertemplate",
            // encodings, documents, time, networks, graphs
            "base64builtins", "base64urlbuiltins", "hexbuiltins", "jsonbuiltins", "jsonfilter", "jsonfilteridempotent",
            "jsonpatch", "jsonremove", "jsonremoveidempotent", "jsonschema", "urlbuiltins", "uribuiltins", "time",
            "netcidrcontains", "netcidrcontainsmatches", "netcidrexpand", "netcidrintersects", "netcidrisvalid",
            "netcidrmerge", "reachable");

    @TestFactory
    Stream<DynamicTest> everyCasePasses() {
        Path suite = Path.of(System.getProperty("tollgate.conformance.dir", "../shared/opa-conformance"), "v1");
        assertTrue(Files.isDirectory(suite), "OPA conformance cases not found at " + suite.toAbsolutePath());
        return DIRECTORIES.stream().flatMap(dir -> {
            List<Conformance.Outcome> outcomes;
            try {
                outcomes = Conformance.run(suite.resolve(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertFalse(outcomes.isEmpty(), "no cases in " + dir);
            return outcomes.stream().map(o -> DynamicTest.dynamicTest(dir + "/" + o.file() + ": " + o.note(),
                    () -> assertEquals(Conformance.Status.PASSED, o.status(), o.reason())));
        });
    }
}
