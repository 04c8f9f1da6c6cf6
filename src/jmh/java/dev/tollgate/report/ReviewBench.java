package dev.tollgate.report;

import dev.tollgate.facts.Catalogue;
import dev.tollgate.facts.Usage;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.PlanGenerator;
import dev.tollgate.plan.PlanReader;
import dev.tollgate.policy.PolicyBundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a review costs beyond its checks: the whole review of the examples/review plans under a policy change (four
 * stacks, three evaluations each, policies compiled per review as the CLI does), and the resource diff of two
 * generated 15,000-resource plans.
 * <p>
 * {@code mvn -Pbench verify -Dbench.args='ReviewBench'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:ActiveProcessorCount=1"})
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
public class ReviewBench {

    private Reviewer reviewer;
    private Reviewer.Side base;
    private Reviewer.Side head;
    private Plan before;
    private Plan after;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
        reviewer = new Reviewer(Catalogue.bundled(), Usage.none(), null, clock, Duration.ofMinutes(1));
        Path plans = Path.of("examples/review");
        List<PlanFile> found = PlanSet.read(plans, plans.toString()).plans();
        base = side(plans, Path.of("examples/review/policy-ceiling/base"), found);
        head = side(plans, Path.of("examples/review/policy-ceiling/head"), found);
        before = generated(1);
        after = generated(2);
    }

    private static Reviewer.Side side(Path plans, Path data, List<PlanFile> found) {
        Path policies = Path.of("policies");
        return new Reviewer.Side(null, plans.toString(), false, policies.toString(), PolicyBundle.load(policies, List.of(data)),
                PolicyFiles.hashes(policies, List.of(data)), found);
    }

    private static Plan generated(long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PlanGenerator(seed).write(15_000, out);
        return PlanReader.read(new ByteArrayInputStream(out.toByteArray()), "generated-" + seed + ".json");
    }

    @Benchmark
    public Review examplesUnderAPolicyChange() {
        return reviewer.review(base, head, List.of(), Reviewer.Progress.SILENT);
    }

    @Benchmark
    public Review.ResourceDiff resourceDiff15000() {
        return ResourceDiffs.between(before, after);
    }
}
