package dev.tollgate.policy;

import dev.tollgate.facts.Catalogue;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanGenerator;
import dev.tollgate.plan.PlanReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * A full check of a generated 15,000-resource Terraform plan (read, price, build the policy input, evaluate every
 * guardrail, enforce, assemble the decision) against only reading it. The goal is a check within 3x of the read.
 * Both run in the same fork, with the JVM's defaults for the machine (G1 on two cores) and a 4 GB heap: a check keeps
 * the plan, its estimate and the policy input alive while the evaluator allocates, and a one-processor serial
 * collector spends more time copying that than evaluating. Policies are compiled once in setup, as the service does.
 * <p>
 * Where a check's time goes (CPU of the checking thread, 59.6 MB plan, warm): reading 340-520 ms, the estimate 60-110 ms,
 * the prior-state baseline 30-70 ms, building the policy input 150-300 ms, evaluating every guardrail 500-600 ms (residency
 * along the graph about 230, exposure 130, tagging 105, cost 100, sovereign 60, carbon 25), enforcement and the decision
 * under 30 ms. SHA-256 of the canonical plan (about 300 ms) runs on a second thread beside the evaluation.
 * <p>
 * {@code mvn -Pbench verify -DskipTests -Dbench.args='CheckBench'}; smaller plans with {@code -p resources=1500}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
public class CheckBench {

    @Param({"15000"})
    int resources;

    private Path file;
    private PolicyEngine engine;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("tollgate-check-bench-", ".json");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            new PlanGenerator(1).write(resources, out);
        }
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
        engine = PolicyEngine.embedded(PolicyBundle.load(Path.of("policies")), Catalogue.bundled(), clock, Duration.ofMinutes(5));
        Decision d = check();
        System.out.printf("%n%d resources, %.1f MB: %s, %d violations (%d denied)%n", resources, Files.size(file) / 1e6,
                d.verdict().id(), d.violations().size(), d.summary().denied());
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public Plan read() {
        return PlanReader.read(file);
    }

    @Benchmark
    public Decision check() {
        return engine.check(PolicyEngine.Check.of(PlanReader.read(file), PolicyConfig.defaults()));
    }
}
