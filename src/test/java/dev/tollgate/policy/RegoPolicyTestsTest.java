package dev.tollgate.policy;

import dev.tollgate.cli.Main;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every {@code test_*} rule of {@code policies/**}{@code /*_test.rego} through the embedded evaluator, as
 * {@code tollgate rego test -v policies} does, and reports each as its own JUnit test.
 */
class RegoPolicyTestsTest {

    private static final Pattern LINE = Pattern.compile("^(data\\.\\S+): (PASS|FAIL|ERROR) \\(.*\\)$");

    @TestFactory
    Stream<DynamicTest> everyRegoTestPasses() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("rego", "test", "-v", PolicyBundleTest.POLICIES.toString());
        String output = out.toString();
        assertTrue(err.toString().isEmpty(), "policies compile: " + err);

        List<String[]> results = output.lines().map(LINE::matcher).filter(Matcher::matches)
                .map(m -> new String[]{m.group(1), m.group(2)}).toList();
        assertTrue(results.size() >= 70, "found the policy tests: " + output);
        Stream<DynamicTest> each = results.stream().map(r -> DynamicTest.dynamicTest(r[0],
                () -> assertEquals("PASS", r[1], r[0] + "\n" + output)));
        return Stream.concat(each, Stream.of(DynamicTest.dynamicTest("rego test exits 0",
                () -> assertEquals(0, code, output))));
    }
}
