package dev.tollgate.cli;

import dev.tollgate.rego.RegoEngine;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.ResultSet;
import dev.tollgate.rego.Value;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tollgate rego test DIR...}: runs the {@code test_*} rules of {@code *_test.rego} files, as {@code opa test} does.
 * A test passes when its rule is defined and not false. Exit 1 when any test fails, 2 when the policies do not compile.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run test_* rules in *_test.rego files, like opa test.")
final class RegoTestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Directories or files with policies, tests and data.")
    List<Path> paths;

    @Option(names = {"-v", "--verbose"}, description = "List every test with its result and time.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private static final String RULE = "-".repeat(80);

    private record Outcome(String name, String status, double millis, String detail) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RegoEngine engine;
        try {
            engine = RegoEngine.builder().load(paths).printer(line -> { }).build();
        } catch (RegoError | IllegalArgumentException | IOException e) {
            err.println("tollgate: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, List<String>> m : engine.packages().entrySet()) {
            if (!m.getKey().endsWith("_test.rego")) continue;
            for (String rule : engine.ruleNames(m.getValue())) {
                if (!rule.startsWith("test_") || rule.contains(".")) continue;
                String name = "data." + String.join(".", m.getValue()) + "." + rule;
                if (outcomes.stream().anyMatch(o -> o.name().equals(name))) continue;
                outcomes.add(run(engine, name));
            }
        }
        List<Outcome> failed = outcomes.stream().filter(o -> !o.status().equals("PASS")).toList();
        if (!failed.isEmpty()) {
            out.println("FAILURES");
            out.println(RULE);
            for (Outcome o : failed) {
                out.println(o.name() + ": " + o.status() + " (" + ms(o.millis()) + ")");
                if (o.detail() != null) out.println("  " + o.detail());
                out.println();
            }
            out.println("SUMMARY");
            out.println(RULE);
        }
        for (Outcome o : outcomes) {
            if (verbose || !o.status().equals("PASS")) out.println(o.name() + ": " + o.status() + " (" + ms(o.millis()) + ")");
        }
        if (verbose || !failed.isEmpty()) out.println(RULE);
        long pass = outcomes.size() - failed.size();
        long errors = failed.stream().filter(o -> o.status().equals("ERROR")).count();
        long fails = failed.size() - errors;
        if (pass > 0) out.println("PASS: " + pass + "/" + outcomes.size());
        if (errors > 0) out.println("ERROR: " + errors + "/" + outcomes.size());
        if (fails > 0) out.println("FAIL: " + fails + "/" + outcomes.size());
        if (outcomes.isEmpty()) out.println("no tests found");
        out.flush();
        return failed.isEmpty() ? Main.OK : Main.DENIED;
    }

    private static Outcome run(RegoEngine engine, String name) {
        long start = System.nanoTime();
        try {
            ResultSet rs = engine.query(name, null);
            double ms = (System.nanoTime() - start) / 1e6;
            Value v = rs.value();
            boolean pass = v != null && !v.equals(Value.FALSE);
            return new Outcome(name, pass ? "PASS" : "FAIL", ms, null);
        } catch (RegoError e) {
            return new Outcome(name, "ERROR", (System.nanoTime() - start) / 1e6, e.getMessage());
        }
    }

    private static String ms(double millis) {
        if (millis < 1) return String.format("%.0fµs", millis * 1000);
        return String.format("%.1fms", millis);
    }
}
