package dev.tollgate.rego;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs OPA's conformance cases (YAML files of {@code cases:}) with the semantics of OPA's own topdown runner:
 * modules named {@code test-N.rego}, {@code input_term} over {@code input}, strict builtin errors on request,
 * expected errors matched by substring and code, results compared as sets of binding rows with sets shown
 * as sorted arrays and numbers compared numerically.
 */
public final class Conformance {
    private Conformance() {}

    public enum Status { PASSED, FAILED, SKIPPED }

    public record Outcome(String file, String note, Status status, String reason) {
        /** The case's directory under the suite root, e.g. {@code withkeyword}. */
        public String directory() {
            int i = file.indexOf('/');
            return i < 0 ? "" : file.substring(0, i);
        }
    }

    /** Builtins Tollgate deliberately answers without a network; live uses of them are skipped, not failed. */
    private static final List<String> OFFLINE = List.of("net.lookup_ip_addr");

    /**
     * The standard builtins plus {@code test.sleep(duration)}, which OPA's own test runner registers so that
     * cases can check that time.now_ns stays fixed within a query.
     */
    private static final BuiltinRegistry BUILTINS = BuiltinRegistry.build(List.of(r -> {
        for (BuiltinRegistry.Entry e : BuiltinRegistry.standard().all()) {
            if (e.nondeterministic()) r.registerNondeterministic(e.name(), e.arity(), e.fn());
            else r.register(e.name(), e.arity(), e.fn());
        }
        r.register("test.sleep", 1, (ctx, a) -> {
            if (!(a[0] instanceof Value.Str s) || !s.value().matches("\\d+ms")) {
                throw RegoError.builtin("test.sleep", "duration must be like \"10ms\"");
            }
            try {
                Thread.sleep(Long.parseLong(s.value().substring(0, s.value().length() - 2)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Value.TRUE;
        });
    }));

    /** Runs every case in every .yaml file under dir (the suite root, or its v1 folder). */
    public static List<Outcome> run(Path dir) throws IOException {
        Path root = Files.isDirectory(dir.resolve("v1")) ? dir.resolve("v1") : dir;
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        List<Outcome> out = new ArrayList<>();
        for (Path f : files) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            JsonNode doc;
            try {
                doc = Loader.YAML.readTree(Files.readString(f));
            } catch (IOException e) {
                out.add(new Outcome(rel, "(file)", Status.FAILED, "unreadable YAML: " + e.getMessage()));
                continue;
            }
            JsonNode cases = doc == null ? null : doc.get("cases");
            if (cases == null || !cases.isArray()) continue;
            for (JsonNode c : cases) out.add(runCase(rel, c));
        }
        return out;
    }

    /** Passed, failed, skipped counts. */
    public static int[] counts(List<Outcome> outcomes) {
        int[] n = new int[3];
        for (Outcome o : outcomes) n[o.status().ordinal()]++;
        return n;
    }

    /** Failures grouped by directory, for reports. */
    public static Map<String, List<Outcome>> failuresByDirectory(List<Outcome> outcomes) {
        Map<String, List<Outcome>> out = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (o.status() == Status.FAILED) out.computeIfAbsent(o.directory(), k -> new ArrayList<>()).add(o);
        }
        return out;
    }

    static Outcome runCase(String file, JsonNode c) {
        String note = text(c, "note");
        String offline = offlineBuiltin(c);
        if (offline != null) {
            return new Outcome(file, note, Status.SKIPPED, offline + " needs the network, which Tollgate's evaluator does not use");
        }
        try {
            String reason = check(c);
            return new Outcome(file, note, reason == null ? Status.PASSED : Status.FAILED, reason);
        } catch (RuntimeException | StackOverflowError e) {
            return new Outcome(file, note, Status.FAILED, "runner crashed: " + e);
        }
    }

    private static String offlineBuiltin(JsonNode c) {
        StringBuilder all = new StringBuilder(text(c, "query"));
        if (c.has("modules")) for (JsonNode m : c.get("modules")) all.append('\n').append(m.asText());
        for (String b : OFFLINE) {
            if (all.indexOf(b + "(") >= 0 && all.indexOf("with " + b + " as") < 0) return b;
        }
        return null;
    }

    /** Null when the case passes, else why not. */
    private static String check(JsonNode c) {
        RegoEngine.Builder b = RegoEngine.builder()
                .strictBuiltinErrors(c.path("strict_error").asBoolean(false))
                .timeout(Duration.ofSeconds(20))
                .builtins(BUILTINS)
                .printer(line -> { });
        JsonNode modules = c.get("modules");
        if (modules != null) {
            for (int i = 0; i < modules.size(); i++) b.module("test-" + i + ".rego", modules.get(i).asText());
        }
        JsonNode data = c.get("data");
        if (data != null && !data.isNull()) {
            if (!data.isObject()) return "data must be an object";
            b.data(data);
        }
        RegoEngine engine;
        try {
            engine = b.build();
        } catch (RegoError e) {
            return "modules do not compile: " + e.getMessage();
        }
        Object input = null;
        if (c.has("input_term")) {
            Ast.Term t = Compiler.fold(Parser.parseTerm(c.get("input_term").asText(), "input_term"));
            if (!(t instanceof Ast.Scalar s)) return "input_term is not a constant";
            input = s.value();
        } else if (c.has("input")) {
            input = Values.fromJson(c.get("input"));
        }
        ResultSet rs;
        RegoError err;
        try {
            rs = engine.attempt(text(c, "query"), input);
            err = rs.error();
        } catch (RegoError e) {
            rs = null;
            err = e;
        }

        boolean wantsError = c.has("want_error") || c.has("want_error_code");
        if (c.has("want_error")) {
            String want = c.get("want_error").asText();
            if (err == null) return "want error containing \"" + want + "\", got no error";
            if (!err.getMessage().contains(want)) return "want error containing \"" + want + "\", got: " + err.getMessage();
        }
        if (c.has("want_error_code")) {
            String want = c.get("want_error_code").asText();
            if (err == null) return "want error code " + want + ", got no error";
            if (!err.code().equals(want)) return "want error code " + want + ", got: " + err.getMessage();
        }
        if (err != null && !wantsError) return "unexpected error: " + err.getMessage();
        if (c.has("want_result")) {
            Set<Value> want = new HashSet<>();
            for (JsonNode row : c.get("want_result")) want.add(Values.fromJson(row));
            Set<Value> got = new HashSet<>();
            if (rs != null) {
                for (ResultSet.Row row : rs.rows()) got.add(asExpected(row, c));
            }
            if (!want.equals(got)) return "want results " + sorted(want) + ", got " + sorted(got);
        } else if (!wantsError) {
            return "case has no expectation";
        }
        return null;
    }

    /** A result row as the upstream runner sees it: values through JSON, top-level arrays sorted on request. */
    private static Value asExpected(ResultSet.Row row, JsonNode c) {
        boolean sort = c.path("sort_bindings").asBoolean(false);
        boolean ignoreGenerated = c.path("ignore_generated_vars").asBoolean(false);
        Value.Obj.Builder out = Value.Obj.builder();
        for (Map.Entry<String, Value> e : row.bindings().entrySet()) {
            if (ignoreGenerated && e.getKey().startsWith("__localq")) continue;
            Value v = Values.fromJson(Values.toJson(e.getValue()));
            if (sort && v instanceof Value.Arr a) {
                List<Value> es = new ArrayList<>(a.elements());
                es.sort(null);
                v = Value.Arr.wrap(es);
            }
            out.put(e.getKey(), v);
        }
        return out.build();
    }

    private static String sorted(Set<Value> rows) {
        List<Value> l = new ArrayList<>(rows);
        l.sort(null);
        String s = l.toString();
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    private static String text(JsonNode c, String field) {
        JsonNode n = c.get(field);
        return n == null || n.isNull() ? "" : n.asText();
    }
}
