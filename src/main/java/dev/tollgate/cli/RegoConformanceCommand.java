package dev.tollgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.rego.Conformance;
import dev.tollgate.rego.Conformance.Outcome;
import dev.tollgate.rego.Conformance.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tollgate rego conformance DIR}: runs OPA's conformance cases against the embedded evaluator. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Run OPA's Rego conformance cases (YAML) under DIR and report passes and failures.")
final class RegoConformanceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The suite: a folder of YAML case files (or its parent holding v1/).")
    Path dir;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    String format;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("tollgate: " + dir + ": not a directory");
            return Main.BAD_INPUT;
        }
        if (!format.equals("text") && !format.equals("json")) {
            spec.commandLine().getErr().println("tollgate: --format must be text or json, got " + format);
            return Main.BAD_INPUT;
        }
        List<Outcome> outcomes = Conformance.run(dir);
        int[] n = Conformance.counts(outcomes);
        if (format.equals("json")) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = m.createObjectNode();
            ArrayNode cases = root.putArray("cases");
            for (Outcome o : outcomes) {
                ObjectNode c = cases.addObject();
                c.put("file", o.file());
                c.put("note", o.note());
                c.put("status", o.status().name().toLowerCase());
                if (o.reason() != null) c.put("reason", o.reason());
            }
            root.put("passed", n[0]);
            root.put("failed", n[1]);
            root.put("skipped", n[2]);
            out.println(m.writeValueAsString(root));
        } else {
            for (Map.Entry<String, List<Outcome>> e : Conformance.failuresByDirectory(outcomes).entrySet()) {
                out.println(e.getKey() + ": " + e.getValue().size() + " failed");
                for (Outcome o : e.getValue()) out.println("  FAIL " + o.file() + ": " + o.note() + ": " + o.reason());
            }
            for (Outcome o : outcomes) {
                if (o.status() == Status.SKIPPED) out.println("SKIP " + o.file() + ": " + o.note() + ": " + o.reason());
            }
            out.println("conformance: " + n[0] + " passed, " + n[1] + " failed, " + n[2] + " skipped");
        }
        out.flush();
        return n[1] == 0 ? Main.OK : Main.DENIED;
    }
}
