package dev.tollgate.plan;

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
import java.util.concurrent.TimeUnit;

/**
 * Reading a large Terraform plan: 15,000 resources of AWS GPU clusters, about 60 MB of {@code terraform show -json},
 * written by {@link PlanGenerator} into a temporary file. The fork is told it has one processor (so it also picks
 * the serial collector), because "well under a second on one core" is the goal.
 * <p>
 * {@code mvn -Pbench verify -Dbench.args='PlanReadBench'}; smaller plans with {@code -p resources=1500}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:ActiveProcessorCount=1"})
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
public class PlanReadBench {

    @Param({"15000"})
    int resources;

    private Path file;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        file = Files.createTempFile("tollgate-bench-", ".json");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            new PlanGenerator(1).write(resources, out);
        }
        System.out.printf("%n%d resources, %.1f MB%n", resources, Files.size(file) / 1e6);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public Plan read() {
        return PlanReader.read(file);
    }
}
