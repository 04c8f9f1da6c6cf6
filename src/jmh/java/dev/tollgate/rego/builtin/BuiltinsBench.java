package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.Builtin;
import dev.tollgate.rego.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of the builtins policies call in hot loops: a cached regex and glob match, sprintf,
 * units.parse_bytes, a float sum through the big.Float emulation, and a template render.
 * Run: mvn -Pbench verify -DskipTests -Dbench.args="BuiltinsBench -f 1 -wi 2 -i 3"
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BuiltinsBench {
    private final BuiltinContext ctx = BuiltinContext.standalone();
    private Builtin regexMatch, globMatch, sprintf, parseBytes, sum, render;
    private Value[] regexArgs, globArgs, sprintfArgs, bytesArgs, sumArgs, renderArgs;

    @Setup
    public void setup() {
        BuiltinRegistry r = BuiltinRegistry.standard();
        regexMatch = r.lookup("regex.match").fn();
        globMatch = r.lookup("glob.match").fn();
        sprintf = r.lookup("sprintf").fn();
        parseBytes = r.lookup("units.parse_bytes").fn();
        sum = r.lookup("sum").fn();
        render = r.lookup("strings.render_template").fn();
        regexArgs = new Value[]{Value.str("^(p4d|p5|a3)-[a-z0-9]+\\.\\d+xlarge$"), Value.str("p5-highgpu.48xlarge")};
        globArgs = new Value[]{Value.str("*.compute.{amazonaws,googleapis}.com"), Value.Arr.EMPTY, Value.str("eu-west-1.compute.amazonaws.com")};
        sprintfArgs = new Value[]{Value.str("%s costs %.2f %s/h on %d GPUs"),
                Value.Arr.of(Value.str("p5.48xlarge"), Value.num(new BigDecimal("98.32")), Value.str("USD"), Value.num(8))};
        bytesArgs = new Value[]{Value.str("1.5TiB")};
        List<Value> prices = new ArrayList<>();
        for (int i = 0; i < 100; i++) prices.add(Value.num(new BigDecimal(i + ".25")));
        sumArgs = new Value[]{Value.Arr.wrap(prices)};
        renderArgs = new Value[]{Value.str("{{.instance}} in {{.region}}: {{range $i, $g := .gpus}}{{if $i}}, {{end}}{{$g}}{{end}}"),
                Value.Obj.builder().put("instance", Value.str("p5.48xlarge")).put("region", Value.str("eu-central-1"))
                        .put("gpus", Value.Arr.of(Value.str("H100"), Value.str("H100"))).build()};
    }

    @Benchmark
    public Value regexMatch() { return regexMatch.call(ctx, regexArgs); }

    @Benchmark
    public Value globMatch() { return globMatch.call(ctx, globArgs); }

    @Benchmark
    public Value sprintf() { return sprintf.call(ctx, sprintfArgs); }

    @Benchmark
    public Value unitsParseBytes() { return parseBytes.call(ctx, bytesArgs); }

    @Benchmark
    public Value sumOfHundredFractions() { return sum.call(ctx, sumArgs); }

    @Benchmark
    public Value renderTemplate() { return render.call(ctx, renderArgs); }
}
