package dev.tollgate.rego;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tollgate's embedded Rego evaluator. Build it once from policy modules and data (compiling them, so errors in
 * policies surface here), then query it as often as needed, from any thread:
 *
 * <pre>{@code
 * RegoEngine engine = RegoEngine.builder()
 *         .module("policies/cost.rego", source)
 *         .data(catalogue)
 *         .timeout(Duration.ofSeconds(2))
 *         .build();
 * ResultSet rs = engine.query("data.tollgate.deny", planJson);
 * }</pre>
 */
public final class RegoEngine {

    private final Program program;
    private final List<Ast.Module> modules;
    private final Value data;
    private final Settings settings;
    private final Map<String, Program.Query> queries = new ConcurrentHashMap<>();

    private record Settings(Clock clock, Duration timeout, boolean strict, Consumer<String> printer,
                            int maxDepth, int maxCollection) {}

    private RegoEngine(Program program, List<Ast.Module> modules, Value data, Settings settings) {
        this.program = program;
        this.modules = modules;
        this.data = data;
        this.settings = settings;
    }

    public static Builder builder() { return new Builder(); }

    /** Module file names, in the order they were given. */
    public List<String> moduleFiles() {
        List<String> out = new ArrayList<>();
        for (Ast.Module m : modules) out.add(m.file());
        return out;
    }

    /** Package path (without data) of each module, keyed by file. */
    public Map<String, List<String>> packages() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Ast.Module m : modules) {
            List<String> p = new ArrayList<>();
            for (Value v : m.pkg().path()) p.add(((Value.Str) v).value());
            out.put(m.file(), p);
        }
        return out;
    }

    /** Names of rules in a package, as written (ref heads by their first name). */
    public List<String> ruleNames(List<String> pkg) {
        List<String> out = new ArrayList<>();
        for (Ast.Module m : modules) {
            List<String> p = new ArrayList<>();
            for (Value v : m.pkg().path()) p.add(((Value.Str) v).value());
            if (!p.equals(pkg)) continue;
            for (Ast.Rule r : m.rules()) {
                String n = Ast.refName(r.head());
                if (!out.contains(n)) out.add(n);
            }
        }
        return out;
    }

    /** Runs a query; throws {@link RegoError} on compile or evaluation errors. input may be a JsonNode, a Value or null. */
    public ResultSet query(String query, Object input) {
        return attempt(query, input).orThrow();
    }

    /** Runs a query without input. */
    public ResultSet eval(String query) {
        return query(query, null);
    }

    /**
     * Runs a query and returns the rows found before any evaluation error together with that error,
     * as OPA's Run does. Compile errors in the query are still thrown.
     */
    public ResultSet attempt(String query, Object input) {
        Program.Query q = queries.computeIfAbsent(query, this::compile);
        Value in = toValue(input);
        long deadline = settings.timeout() == null ? 0 : System.nanoTime() + Math.max(1, settings.timeout().toNanos());
        Interpreter.Limits limits = new Interpreter.Limits(deadline, settings.maxDepth(), settings.maxCollection());
        Interpreter it = new Interpreter(program, data, in, limits, settings.clock(),
                settings.printer(), new ParseModuleInterop());
        List<ResultSet.Row> rows = new ArrayList<>();
        RegoError error = null;
        try {
            it.run(q, frame -> {
                Map<String, Value> b = new LinkedHashMap<>();
                for (Map.Entry<String, Integer> e : q.vars().entrySet()) {
                    Value v = frame[e.getValue()];
                    if (v != null) b.put(e.getKey(), v);
                }
                List<Value> exprs = new ArrayList<>(q.exprSlots().length);
                for (int slot : q.exprSlots()) exprs.add(slot < 0 ? Value.TRUE : frame[slot]);
                rows.add(new ResultSet.Row(b, exprs));
                return true;
            });
        } catch (RegoError e) {
            error = e;
        }
        if (error == null && settings.strict()) error = it.builtinError();
        List<String> notes = List.copyOf(dev.tollgate.rego.builtin.Operators.traceNotes(it.ctx));
        return new ResultSet(List.copyOf(rows), q.texts(), q.locations(), error, notes);
    }

    private Program.Query compile(String query) {
        List<Ast.Literal> body = Parser.parseQuery(query, "query");
        return Compiler.compileQuery(program, body, query);
    }

    private static Value toValue(Object input) {
        if (input == null) return null;
        if (input instanceof Value v) return v;
        if (input instanceof JsonNode n) return n.isMissingNode() ? null : Values.fromJson(n);
        throw new IllegalArgumentException("input must be a JsonNode or a Value, got " + input.getClass().getName());
    }

    /** rego.parse_module: parses with this evaluator's parser and answers OPA's AST JSON shape. */
    private static final class ParseModuleInterop implements BuiltinContext.Interop {
        @Override
        public Value parseModule(String filename, String source) {
            try {
                return AstJson.module(Parser.parseModule(filename, source));
            } catch (RegoError e) {
                throw RegoError.builtin("rego.parse_module", e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ builder

    public static final class Builder {
        private final Map<String, String> sources = new LinkedHashMap<>();
        private Value data = Value.Obj.EMPTY;
        private Clock clock = Clock.systemUTC();
        private Duration timeout = Duration.ofSeconds(10);
        private boolean strict;
        private Consumer<String> printer = System.err::println;
        private BuiltinRegistry builtins = BuiltinRegistry.standard();
        private int maxDepth = 5_000;
        private int maxCollection = 10_000_000;

        private Builder() {}

        /** Adds a policy module; the name appears in error messages ({@code name:line: code: message}). */
        public Builder module(String name, String source) {
            if (sources.putIfAbsent(name, source) != null) throw new IllegalArgumentException("module " + name + " given twice");
            return this;
        }

        /** Base documents under {@code data}. */
        public Builder data(JsonNode json) {
            return data(json == null || json.isNull() ? Value.Obj.EMPTY : Values.fromJson(json));
        }

        public Builder data(Value value) {
            if (!(value instanceof Value.Obj)) throw new IllegalArgumentException("data must be an object, got " + value.typeName());
            this.data = value;
            return this;
        }

        /**
         * Loads .rego modules and .json/.yaml data from files and directories, OPA-style: a data file's content
         * is placed at the path of its directory relative to the directory given.
         */
        public Builder load(List<Path> paths) throws IOException {
            Loader.Loaded loaded = Loader.load(paths);
            loaded.modules().forEach(this::module);
            this.data = Loader.merge(data, loaded.data(), "data");
            return this;
        }

        /** The clock builtins like time.now_ns read; fixed per query. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Per-query time limit (10 s unless set; null for none). A query running longer fails with eval_cancel_error. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Builtin errors end the query (true) or make the call undefined (false, OPA's default). */
        public Builder strictBuiltinErrors(boolean strict) {
            this.strict = strict;
            return this;
        }

        /** Where print() output goes; stderr by default. */
        public Builder printer(Consumer<String> printer) {
            this.printer = printer;
            return this;
        }

        public Builder builtins(BuiltinRegistry builtins) {
            this.builtins = builtins;
            return this;
        }

        /** Most nested rule and function calls a query may make (5,000 unless set) before eval_limit_error. */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
            return this;
        }

        /** Most elements one comprehension or rule may collect (10 million unless set) before eval_limit_error. */
        public Builder maxCollection(int maxCollection) {
            this.maxCollection = maxCollection;
            return this;
        }

        /** Parses and compiles everything; throws {@link RegoError} naming the file and position of the first problem. */
        public RegoEngine build() {
            List<Ast.Module> modules = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) modules.add(Parser.parseModule(e.getKey(), e.getValue()));
            Program program = Compiler.compile(modules, builtins);
            return new RegoEngine(program, List.copyOf(modules), data,
                    new Settings(clock, timeout, strict, printer, maxDepth, maxCollection));
        }
    }
}
