package dev.tollgate.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.DecisionJson;
import dev.tollgate.policy.Enforcement;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import dev.tollgate.policy.PolicyException;
import dev.tollgate.rego.RegoError;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Decides on submitted plans: evaluates on a bounded pool of workers with a time limit, checks the caller may use the
 * stack, writes the decision to the log, and only then returns it, so nothing is answered that is not logged.
 * Admission requests are decided once per uid: a retry, even one arriving while the first is still evaluating,
 * gets the stored decision.
 */
public final class DecisionService implements AutoCloseable {

    /**
     * A decision and its log record (whose {@code decision()} is the decision's compact JSON, as answered).
     * {@code replayed}: read back from the log for a uid already decided.
     */
    public record Logged(Decision decision, LogRecord record, boolean replayed) {
        /** The remote OPA could not decide and the service failed closed (or, for an advisory-only stack, open). */
        public boolean backendUnavailable() {
            return decision.violations().stream().anyMatch(v -> v.policy().equals(OpaEvaluator.UNAVAILABLE));
        }
    }

    /** What the OPA decision-log sink gets for each decision. */
    record Event(LogRecord record, Decision decision, Object input) {}

    private static final ObjectWriter COMPACT = DecisionJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private final PolicyEngine engine;
    private final PolicyConfig config;
    private final DecisionLog log;
    private final Metrics metrics;
    private final java.time.Duration timeout;
    private final boolean failOpen;
    private final ExecutorService workers;
    private final Consumer<Event> sink;
    private final ConcurrentHashMap<String, CompletableFuture<Logged>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger evaluations = new AtomicInteger();

    DecisionService(PolicyEngine engine, PolicyConfig config, DecisionLog log, Metrics metrics, java.time.Duration timeout,
                    boolean failOpen, int workers, Consumer<Event> sink) {
        this.engine = engine;
        this.config = config;
        this.log = log;
        this.metrics = metrics;
        this.timeout = timeout;
        this.failOpen = failOpen;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "tollgate-eval-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.sink = sink;
    }

    PolicyEngine engine() {
        return engine;
    }

    PolicyConfig config() {
        return config;
    }

    /** How many plans this service evaluated (not counting answers read back from the log). */
    int evaluations() {
        return evaluations.get();
    }

    /**
     * Reads and decides one plan. Reading (parsing a plan of megabytes) runs on the same bounded workers as the
     * evaluation, within the same time limit: a burst of requests queues as bytes, not as parsed plans competing
     * for the processors.
     */
    public Logged evaluate(Callable<Submission> read, Caller caller, long startNanos) {
        return decide(read, caller, null, startNanos);
    }

    /** Runs a job on the evaluation workers, within what is left of the request's time limit. */
    public <T> T onWorker(Callable<T> job, long startNanos) {
        return await(workers.submit(job), startNanos);
    }

    /** Decides an admission request once: the same uid again returns the logged decision without evaluating. */
    public Logged admit(String uid, Submission s, Caller caller, long startNanos) {
        Optional<Logged> stored = stored(uid, s, caller);
        if (stored.isPresent()) return stored.get();
        CompletableFuture<Logged> mine = new CompletableFuture<>();
        CompletableFuture<Logged> first = inFlight.putIfAbsent(uid, mine);
        if (first != null) {
            // The same uid is being decided right now: wait for that decision rather than make a second one.
            first.handle((l, e) -> null).join();
            return stored(uid, s, caller).orElseGet(() -> admit(uid, s, caller, startNanos));
        }
        try {
            stored = stored(uid, s, caller);  // logged between our first look and our claim
            if (stored.isPresent()) return stored.get();
            Logged l = decide(() -> s, caller, uid, startNanos);
            mine.complete(l);
            return l;
        } catch (DecisionLog.DuplicateUid e) {
            // Another instance sharing the log decided it first.
            mine.complete(null);
            return stored(uid, s, caller).orElseThrow(() -> ApiError.internal("admission uid " + uid + " is logged but cannot be read"));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(uid, mine);
        }
    }

    private Optional<Logged> stored(String uid, Submission s, Caller caller) {
        Optional<LogRecord> r;
        try {
            r = log.byUid(uid);
        } catch (SQLException e) {
            throw ApiError.unavailable("log_unavailable", "the decision log cannot be read: " + e.getMessage());
        }
        if (r.isEmpty()) return Optional.empty();
        LogRecord record = r.get();
        if (!caller.mayUse(record.stack())) {
            throw ApiError.forbidden(caller.name() + " may not use stack " + record.stack());
        }
        if (record.requestSha256() != null && s.requestSha256() != null && !record.requestSha256().equals(s.requestSha256())) {
            throw ApiError.conflict("admission uid " + uid + " was already decided for a different plan (decision "
                    + record.id() + "); use a new uid for a new plan");
        }
        return Optional.of(new Logged(record.parsed(), record, true));
    }

    private record Evaluated(Submission submission, Decision decision, String json, Object input, long evalNanos) {}

    private Logged decide(Callable<Submission> read, Caller caller, String uid, long startNanos) {
        Evaluated ev = await(workers.submit(() -> {
            Submission s = read.call();
            PolicyConfig cfg = s.stack() == null ? config : withStack(config, s.stack());
            if (cfg.stack() == null && (s.plan().stack() == null || s.plan().stack().isBlank())) {
                throw ApiError.unprocessable("the plan does not name its stack: send {\"stack\": NAME, \"plan\": …} or ?stack=NAME");
            }
            long t0 = System.nanoTime();
            PolicyEngine.Prepared prepared = engine.prepare(new PolicyEngine.Check(s.plan(), null, cfg, s.usage(), s.baseline(), s.baselineName()));
            String stack = prepared.input().stack().name();
            if (!caller.mayUse(stack)) throw ApiError.forbidden(caller.name() + " may not use stack " + stack);
            Decision d = failClosed(engine.decide(prepared), cfg, stack, prepared.input().stack().environment());
            evaluations.incrementAndGet();
            return new Evaluated(s, d, compact(d), prepared.input(), System.nanoTime() - t0);
        }), startNanos);
        Submission s = ev.submission();
        metrics.evaluated(ev.evalNanos());
        Decision d = ev.decision();
        long latency = System.nanoTime() - startNanos;
        LogRecord record = new LogRecord(0, d.id(), d.time(), Instant.parse(d.time()).toEpochMilli(), caller.name(),
                d.stack().name(), uid, s.requestSha256(), d.inputs().plan().sha256(), d.policies().revision(), d.allowed(),
                latency / 1e6, ev.json(), null, null);
        try {
            record = log.append(record);
        } catch (SQLException e) {
            metrics.logWriteFailed();
            metrics.decided("error", System.nanoTime() - startNanos);
            throw ApiError.unavailable("log_unavailable", "the decision could not be written to the decision log, so it is not "
                    + "given: retry later");
        }
        metrics.decided(!d.allowed() ? "deny" : d.summary().warned() > 0 ? "warn" : "allow", System.nanoTime() - startNanos);
        if (sink != null) sink.accept(new Event(record, d, ev.input()));
        return new Logged(d, record, false);
    }

    private <T> T await(Future<T> task, long startNanos) {
        try {
            return task.get(Math.max(1, timeout.toMillis() - elapsedMillis(startNanos)), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            metrics.decided("error", System.nanoTime() - startNanos);
            throw ApiError.unavailable("evaluation_timeout", "the evaluation took longer than " + timeout.toMillis()
                    + " ms and was stopped; nothing was decided or logged. Retry later or raise server.eval_timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("shutting_down", "the service is shutting down");
        } catch (ExecutionException e) {
            throw failure(e.getCause(), startNanos);
        }
    }

    private RuntimeException failure(Throwable cause, long startNanos) {
        if (cause instanceof ApiError e) return e;
        metrics.decided("error", System.nanoTime() - startNanos);
        if (cause instanceof PolicyException p && p.getCause() instanceof RegoError r && RegoError.EVAL_CANCEL.equals(r.code())) {
            return ApiError.unavailable("evaluation_timeout", "the evaluation took longer than " + timeout.toMillis()
                    + " ms and was stopped; nothing was decided or logged. Retry later or raise server.eval_timeout");
        }
        if (cause instanceof PolicyException || cause instanceof dev.tollgate.facts.UsageException) {
            return ApiError.unprocessable(cause.getMessage());
        }
        org.slf4j.LoggerFactory.getLogger(DecisionService.class).error("evaluation failed", cause);
        return ApiError.internal("evaluation failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() != null ? ": " + cause.getMessage() : ""));
    }

    /**
     * When the remote OPA could not decide, the plan is denied whatever enforcement globs say, unless fail-open is
     * configured and every policy is advisory or disabled for this stack: then the outage is only a warning.
     */
    private Decision failClosed(Decision d, PolicyConfig cfg, String stack, String environment) {
        boolean unavailable = d.violations().stream().anyMatch(v -> v.policy().equals(OpaEvaluator.UNAVAILABLE));
        if (!unavailable) return d;
        boolean advisoryOnly = engine.bundle().policies().values().stream()
                .allMatch(p -> cfg.enforcement(p, stack, environment) != Enforcement.MANDATORY);
        Decision.Outcome outcome = failOpen && advisoryOnly ? Decision.Outcome.WARN : Decision.Outcome.DENY;
        List<Decision.Violation> vs = new ArrayList<>();
        for (Decision.Violation v : d.violations()) {
            if (!v.policy().equals(OpaEvaluator.UNAVAILABLE)) {
                vs.add(v);
                continue;
            }
            String message = v.message() + (outcome == Decision.Outcome.DENY ? " (failing closed)" : " (advisory-only stack: failing open)");
            vs.add(0, new Decision.Violation(v.policy(), "Policy backend unavailable", v.resource(), message, v.severity(),
                    outcome == Decision.Outcome.DENY ? Enforcement.MANDATORY : Enforcement.ADVISORY, outcome, false, List.of(),
                    "Check that OPA at opa.url is up and has Tollgate's policies, then retry", v.data(), null));
        }
        boolean allowed = vs.stream().noneMatch(v -> v.outcome() == Decision.Outcome.DENY);
        Decision.Summary s = d.summary();
        int denied = (int) vs.stream().filter(v -> v.outcome() == Decision.Outcome.DENY).count();
        int warned = (int) vs.stream().filter(v -> v.outcome() == Decision.Outcome.WARN).count();
        return new Decision(d.id(), d.time(), allowed ? Decision.Verdict.ALLOW : Decision.Verdict.DENY, allowed, d.stack(),
                d.inputs(), d.policies(), d.catalogue(),
                new Decision.Summary(denied, warned, s.waived(), s.indeterminate(), s.disabled(), s.expiredWaivers(), s.staleWaivers()),
                List.copyOf(vs), d.waivers(), d.totals());
    }

    static PolicyConfig withStack(PolicyConfig c, String stack) {
        return new PolicyConfig(c.file(), c.sha256(), stack, c.environment(), c.tags(), c.indeterminate(), c.enforcement(),
                c.overrides(), c.waivers(), c.params());
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String compact(Decision d) {
        try {
            return COMPACT.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision always serializes", e);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
