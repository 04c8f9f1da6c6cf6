package dev.tollgate.rego;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs OPA's conformance suite from {@code tollgate.conformance.dir} and fails when fewer cases pass than the
 * ratchet kept in {@code rego/conformance-ratchet.txt}: the count may only go up. Failures are printed by
 * directory so the next piece of work is easy to find.
 */
class RegoConformanceTest {

    @Test
    void passCountNeverDropsBelowTheRatchet() throws IOException {
        String dir = System.getProperty("tollgate.conformance.dir", "../shared/opa-conformance");
        Path suite = Path.of(dir);
        if (!Files.isDirectory(suite)) {
            fail("OPA conformance cases not found at " + suite.toAbsolutePath()
                    + " (set -Dtollgate.conformance.dir=../shared/opa-conformance)");
        }
        List<Conformance.Outcome> outcomes = Conformance.run(suite);
        int[] n = Conformance.counts(outcomes);
        assertTrue(outcomes.size() >= 2000, "expected the full suite of ~2,010 cases, found " + outcomes.size());

        for (Map.Entry<String, List<Conformance.Outcome>> e : Conformance.failuresByDirectory(outcomes).entrySet()) {
            System.out.println(e.getKey() + ": " + e.getValue().size() + " failed, e.g. "
                    + e.getValue().get(0).note() + ": " + e.getValue().get(0).reason());
        }
        System.out.println("conformance: " + n[0] + " passed, " + n[1] + " failed, " + n[2] + " skipped");

        int ratchet = ratchet();
        assertTrue(n[0] >= ratchet, "conformance passes dropped to " + n[0] + ", below the ratchet of " + ratchet);
        assertEquals(outcomes.size(), n[0] + n[1] + n[2]);
    }

    private static int ratchet() throws IOException {
        try (InputStream in = RegoConformanceTest.class.getResourceAsStream("/rego/conformance-ratchet.txt")) {
            if (in == null) fail("rego/conformance-ratchet.txt is missing from test resources");
            return Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
