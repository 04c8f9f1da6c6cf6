package dev.tollgate.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code GET /metrics} reports, in Prometheus text format:
 * {@code tollgate_decisions_total{outcome}} (allow, warn — allowed with warnings, deny, error),
 * {@code tollgate_decision_latency_seconds} (request received to decision logged; histogram buckets),
 * {@code tollgate_policy_eval_seconds} (the evaluation alone), {@code tollgate_decision_log_write_failures_total},
 * {@code tollgate_backend_failures_total} (remote OPA unreachable or failing),
 * {@code tollgate_decision_sink_dropped_total} (decisions the HTTP sink could not deliver), and the JVM's memory and threads.
 */
final class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Timer latency;
    private final Timer evaluation;
    private final Counter logFailures;
    private final Counter backendFailures;
    private final Counter sinkDropped;

    Metrics() {
        latency = Timer.builder("tollgate.decision.latency")
                .description("Time from request to logged decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        evaluation = Timer.builder("tollgate.policy.eval")
                .description("Time to estimate and evaluate the policies for one plan")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        logFailures = Counter.builder("tollgate.decision.log.write.failures")
                .description("Decisions that could not be written to the log (and so were not answered)")
                .register(registry);
        backendFailures = Counter.builder("tollgate.backend.failures")
                .description("Calls to the remote OPA that failed after retries")
                .register(registry);
        sinkDropped = Counter.builder("tollgate.decision.sink.dropped")
                .description("Decisions the HTTP decision-log sink could not deliver (they are in the decision log)")
                .register(registry);
        for (String outcome : new String[]{"allow", "warn", "deny", "error"}) decision(outcome);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    private Counter decision(String outcome) {
        return decisions.computeIfAbsent(outcome, o -> Counter.builder("tollgate.decisions")
                .description("Decisions made, by outcome")
                .tag("outcome", o)
                .register(registry));
    }

    void decided(String outcome, long latencyNanos) {
        decision(outcome).increment();
        latency.record(Duration.ofNanos(latencyNanos));
    }

    void evaluated(long nanos) {
        evaluation.record(Duration.ofNanos(nanos));
    }

    void logWriteFailed() {
        logFailures.increment();
    }

    void backendFailed() {
        backendFailures.increment();
    }

    void sinkDropped(int events) {
        sinkDropped.increment(events);
    }

    String scrape() {
        return registry.scrape();
    }
}
