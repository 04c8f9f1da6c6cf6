package dev.tollgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.rego.Loader;
import dev.tollgate.rego.RegoEngine;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.ResultSet;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tollgate rego eval -d policies -i input.json 'data.x.deny'}: output shaped like {@code opa eval --format json}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a Rego query against policies and data, like opa eval.")
final class RegoEvalCommand implements Callable<Integer> {

    @Option(names = {"-d", "--data"}, paramLabel = "FILE_OR_DIR", description = "Policy (.rego) and data (.json/.yaml) files or directories.")
    List<Path> data = List.of();

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Input document (JSON or YAML).")
    Path input;

    @Option(names = "--format", defaultValue = "json", description = "json (opa eval's shape) or pretty")
    String format;

    @Option(names = "--strict-builtin-errors", description = "Fail the query when a builtin fails instead of treating the call as undefined.")
    boolean strict;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. data.tollgate.deny")
    String query;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Indented like opa's output (Go's MarshalIndent): two spaces, no space before colons. */
    private static final com.fasterxml.jackson.core.PrettyPrinter INDENT = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
            .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n"))
            .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("").withArrayEmptySeparator(""));

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("json") && !format.equals("pretty")) {
            err.println("tollgate: --format must be json or pretty, got " + format);
            return Main.BAD_INPUT;
        }
        ResultSet rs;
        try {
            RegoEngine engine = RegoEngine.builder().load(data).strictBuiltinErrors(strict)
                    .printer(line -> { err.println(line); err.flush(); }).build();
            if (input != null && !Files.isRegularFile(input)) throw new IOException(input + ": no such file");
            Value in = input == null ? null : Loader.readData(input);
            rs = engine.query(query, in);
        } catch (RegoError e) {
            err.println("tollgate: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (IllegalArgumentException | IOException e) {
            err.println("tollgate: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        if (format.equals("json")) out.println(rs.isEmpty() ? "{}" : JSON.writer(INDENT).writeValueAsString(json(rs)));
        else pretty(rs, out);
        out.flush();
        return Main.OK;
    }

    /** {"result": [{"expressions": [{"value", "text", "location"}], "bindings": {...}}]}; {} when undefined. */
    static ObjectNode json(ResultSet rs) {
        ObjectNode root = JSON.createObjectNode();
        if (rs.isEmpty()) return root;
        ArrayNode result = root.putArray("result");
        for (ResultSet.Row row : rs.rows()) {
            ObjectNode r = result.addObject();
            ArrayNode exprs = r.putArray("expressions");
            for (int i = 0; i < row.expressions().size(); i++) {
                ObjectNode e = exprs.addObject();
                e.set("value", Values.toJson(row.expressions().get(i)));
                e.put("text", rs.expressionTexts().get(i));
                RegoError.Location loc = rs.expressionLocations().get(i);
                ObjectNode l = e.putObject("location");
                l.put("row", loc == null ? 1 : loc.line());
                l.put("col", loc == null ? 1 : loc.column());
            }
            if (!row.bindings().isEmpty()) {
                ObjectNode b = r.putObject("bindings");
                for (Map.Entry<String, Value> x : new java.util.TreeMap<>(row.bindings()).entrySet()) {
                    b.set(x.getKey(), Values.toJson(x.getValue()));
                }
            }
        }
        return root;
    }

    private static void pretty(ResultSet rs, PrintWriter out) throws IOException {
        if (rs.isEmpty()) {
            out.println("undefined");
            return;
        }
        if (rs.size() == 1 && rs.rows().get(0).bindings().isEmpty() && rs.rows().get(0).expressions().size() == 1) {
            out.println(JSON.writer(INDENT).writeValueAsString(Values.toJson(rs.value())));
            return;
        }
        for (ResultSet.Row row : rs.rows()) {
            ObjectNode b = JSON.createObjectNode();
            for (Map.Entry<String, Value> x : row.bindings().entrySet()) b.set(x.getKey(), Values.toJson(x.getValue()));
            out.println(b.isEmpty() ? "true" : new ObjectMapper().writeValueAsString(b));
        }
    }
}
