package dev.tollgate.pulumi;

import dev.tollgate.plan.Plan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What `tollgate pulumi check` spends on a stack once it is built and its loader warm (a service would keep both):
 * the program under mocks with its stack config, turned into a plan. The Maven build and the first, cold run are
 * what the CLI adds on top (printed by `tollgate pulumi check` itself).
 * <p>
 * {@code mvn -Pbench verify -DskipTests -Dbench.args='PulumiExtractBench'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PulumiExtractBench {

    @Param({"gpu-training", "inference-eu", "sovereign-de"})
    public String stack;

    private Path dir;
    private ProgramLoader loader;

    @Setup
    public void setUp() {
        dir = Path.of("stacks", stack);
        loader = ProgramLoader.isolated(StackBuild.standard(false).classpath(dir).classpath());
    }

    @TearDown
    public void tearDown() {
        loader.close();
    }

    @Benchmark
    public Plan extractDev() {
        return PulumiExtractor.extract(dir, "dev", loader).plan();
    }
}
