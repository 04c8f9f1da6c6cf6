package dev.tollgate.rego;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What a builtin may see of the running query: the clock (fixed for one query, as OPA's {@code time.now_ns} is),
 * a per-query cache (e.g. {@code rand.intn} and {@code uuid.rfc4122} answer the same within one query),
 * where {@code print} output goes, and a cancellation check for long-running builtins.
 */
public final class BuiltinContext {
    private final Clock clock;
    private final long queryTimeNanos;
    private final Consumer<String> printer;
    private final Map<Object, Object> cache = new ConcurrentHashMap<>();
    private final Runnable cancellationCheck;
    private final Interop interop;

    public BuiltinContext(Clock clock, Consumer<String> printer, Runnable cancellationCheck, Interop interop) {
        this.clock = clock;
        java.time.Instant now = clock.instant();
        this.queryTimeNanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        this.printer = printer;
        this.cancellationCheck = cancellationCheck;
        this.interop = interop;
    }

    /** A context for calling builtins directly (tests, tools): system clock, print to stderr, no cancellation. */
    public static BuiltinContext standalone() {
        return new BuiltinContext(Clock.systemUTC(), System.err::println, () -> {}, Interop.NONE);
    }

    public Clock clock() { return clock; }

    /** The query's start time in ns since the epoch; every {@code time.now_ns()} in one query returns it. */
    public long queryTimeNanos() { return queryTimeNanos; }

    public void print(String line) { printer.accept(line); }

    /** Per-query memo: {@code cache().computeIfAbsent(key, ...)}. */
    public Map<Object, Object> cache() { return cache; }

    /** Throws {@link RegoError} with code eval_cancel_error when the query's deadline has passed. */
    public void checkCancelled() { cancellationCheck.run(); }

    public Interop interop() { return interop; }

    /** Hooks into the engine for the few builtins that need it (rego.parse_module, rego.metadata.*). */
    public interface Interop {
        Interop NONE = new Interop() {};

        /** {@code rego.parse_module(filename, source)}: the module's AST as OPA's JSON shape. */
        default Value parseModule(String filename, String source) {
            throw RegoError.builtin("rego.parse_module", "not available in this context");
        }
    }
}
