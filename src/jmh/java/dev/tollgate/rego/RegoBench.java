package dev.tollgate.rego;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The evaluator's two costs that matter to Tollgate: compiling a policy set, and evaluating a policy that joins
 * every planned resource against a catalogue.
 *
 * <pre>mvn -Pbench verify -Dbench.args='RegoBench'</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss16m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RegoBench {

    static final int MODULES = 50;
    static final int RESOURCES = 15_000;
    static final int CATALOGUE = 500;

    private List<String> modules;
    private RegoEngine joinEngine;
    private Value plan;

    @Setup
    public void setup() {
        modules = new ArrayList<>();
        for (int i = 0; i < MODULES; i++) modules.add(module(i));

        joinEngine = RegoEngine.builder().timeout(null).module("join.rego", """
                package bench

                # Every resource priced from a 500-entry catalogue, keyed by its machine type.
                over_budget contains r.id if {
                    some r in input.resources
                    price := data.catalogue[r.type].hourly
                    price * r.count * 730 > r.budget
                }

                monthly := sum([c | some r in input.resources; c := data.catalogue[r.type].hourly * r.count * 730])

                # The join alone: integer facts from the catalogue, no decimal arithmetic.
                gpu_heavy contains r.id if {
                    some r in input.resources
                    data.catalogue[r.type].gpus * r.count > 20
                }
                """).data(catalogue()).build();
        plan = resources();
        // Fail early, in setup, if the answer is wrong.
        Value answer = joinEngine.query("data.bench.over_budget", plan).value();
        if (!(answer instanceof Value.SetV s) || s.isEmpty() || s.size() == RESOURCES) {
            throw new IllegalStateException("join benchmark policy answered " + answer);
        }
    }

    /** Parse, compile and check 50 modules of a dozen rules each. */
    @Benchmark
    public RegoEngine compileFiftyModules() {
        RegoEngine.Builder b = RegoEngine.builder();
        for (int i = 0; i < modules.size(); i++) b.module("m" + i + ".rego", modules.get(i));
        return b.build();
    }

    /**
     * 15,000 resources each looked up in a 500-entry catalogue object (a hash join, no quadratic scan) and priced
     * with decimal arithmetic, which follows OPA's 64-bit big.Float rounding.
     */
    @Benchmark
    public ResultSet joinFifteenThousandResources() {
        return joinEngine.query("data.bench.over_budget", plan);
    }

    /** The lookup join with integer arithmetic only: what the join itself costs. */
    @Benchmark
    public ResultSet joinLookupOnly() {
        return joinEngine.query("data.bench.gpu_heavy", plan);
    }

    /** The same join aggregated into one number. */
    @Benchmark
    public ResultSet sumFifteenThousandResources() {
        return joinEngine.query("data.bench.monthly", plan);
    }

    private static String module(int i) {
        return """
                package tollgate.generated.m%d

                import data.tollgate.lib

                default allow := false

                allow if {
                    not deny
                    input.region in {"eu-west-1", "eu-central-1"}
                }

                deny contains msg if {
                    some r in input.resources
                    r.kind == "gpu"
                    r.count > %d
                    msg := $"{r.id}: {r.count} GPUs exceeds %d"
                }

                deny contains msg if {
                    some r in input.resources
                    not r.tags.team
                    msg := sprintf("%%s has no team tag", [r.id])
                }

                cost[r.id] := c if {
                    some r in input.resources
                    c := r.count * object.get(data.prices, r.type, 0)
                }

                total := sum([c | some c in cost])

                tier(n) := "large" if n > 100
                else := "small"

                regions := {r.region | some r in input.resources}

                every_tagged if every r in input.resources { r.tags.team != "" }
                """.formatted(i, i % 16 + 1, i % 16 + 1);
    }

    private static Value catalogue() {
        Map<Value, Value> types = new HashMap<>();
        for (int i = 0; i < CATALOGUE; i++) {
            types.put(Value.str("type-" + i), Value.Obj.builder()
                    .put("hourly", Value.num(new java.math.BigDecimal(i % 40 + 1).movePointLeft(1)))
                    .put("gpus", Value.num(i % 8)).build());
        }
        return Value.Obj.builder().put("catalogue", Value.Obj.wrap(types)).build();
    }

    private static Value resources() {
        List<Value> rs = new ArrayList<>(RESOURCES);
        for (int i = 0; i < RESOURCES; i++) {
            rs.add(Value.Obj.builder()
                    .put("id", Value.str("r" + i))
                    .put("type", Value.str("type-" + (i * 7 % CATALOGUE)))
                    .put("count", Value.num(i % 5 + 1))
                    .put("budget", Value.num(2_000 + (i % 13) * 500))
                    .build());
        }
        return Value.Obj.builder().put("resources", Value.Arr.wrap(rs)).build();
    }
}
