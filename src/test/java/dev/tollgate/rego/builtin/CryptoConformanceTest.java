package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OPA's crypto* conformance cases. Most run through {@link MiniModule}; the x509 certificate and request cases
 * pick common names out with a comprehension, so for those the module's input literal is read from the YAML and
 * the same projection is done here in Java.
 */
class CryptoConformanceTest {

    @TestFactory
    Stream<DynamicTest> opaCryptoCases() {
        return Stream.of("cryptohmacequal", "cryptohmacmd5", "cryptohmacsha1", "cryptohmacsha256", "cryptohmacsha512",
                        "cryptomd5", "cryptosha256", "cryptoparsersaprivatekeys", "cryptox509parsekeypair",
                        "cryptox509parsersaprivatekey", "cryptox509parsecertificates", "cryptox509parsecertificaterequest")
                .flatMap(ConformanceCases::load)
                .map(c -> DynamicTest.dynamicTest(c.file() + " " + c.note(), () -> run(c)));
    }

    static void run(ConformanceCases.Case c) {
        String module = c.modules().get(0);
        if (module.contains("crypto.x509.parse_certificates(__local4__") ) {
            commonNames(c, "certs", "crypto.x509.parse_certificates", true);
        } else if (module.contains("crypto.x509.parse_certificate_request(__local3__")) {
            commonNames(c, "csr", "crypto.x509.parse_certificate_request", false);
        } else {
            ConformanceRun.check(c);
        }
    }

    /** {@code [cert.Subject.CommonName | cert := parse(input)[_]]}, or the single request's common name. */
    static void commonNames(ConformanceCases.Case c, String inputRule, String builtin, boolean many) {
        Value input = new MiniModule(c.modules().get(0)).eval(inputRule);
        Value got;
        try {
            got = ConformanceCases.call(builtin, input);
        } catch (RegoError e) {
            assertNotNull(c.wantError(), "unexpected error: " + e.getMessage());
            assertTrue(e.getMessage().contains(c.wantError()), e.getMessage());
            assertEquals(c.wantErrorCode(), e.code());
            return;
        }
        assertEquals(null, c.wantError(), "expected an error");
        Value result;
        if (many) {
            List<Value> names = new ArrayList<>();
            for (Value cert : ((Value.Arr) got).elements()) names.add(((Value.Obj) ((Value.Obj) cert).get("Subject")).get("CommonName"));
            result = Value.Arr.copyOf(names);
        } else {
            result = ((Value.Obj) ((Value.Obj) got).get("Subject")).get("CommonName");
        }
        assertEquals(Values.fromJson(c.wantResult().get(0).get("x")), result);
    }
}
