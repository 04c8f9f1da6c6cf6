package dev.tollgate.rego.builtin;

import dev.tollgate.rego.Builtin;
import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The builtins a guardrail policy calls per resource: CIDR checks on security groups, JSON Schema checks on
 * resource documents, JSON and YAML round trips, timestamps and URLs. Run with
 * {@code mvn -Pbench verify -Dbench.args="DocsNetTimeBench"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DocsNetTimeBench {
    private final BuiltinContext ctx = BuiltinContext.standalone();
    private Builtin cidrMerge, cidrContains, matchSchema, jsonMarshal, jsonUnmarshal, yamlUnmarshal, parseRfc3339, format, uriParse, patch;
    private Value cidrs, resource, schema, resourceJson, resourceYaml, ops;

    private static Builtin fn(String name) {
        return BuiltinRegistry.standard().lookup(name).fn();
    }

    @Setup
    public void setup() {
        cidrMerge = fn("net.cidr_merge");
        cidrContains = fn("net.cidr_contains");
        matchSchema = fn("json.match_schema");
        jsonMarshal = fn("json.marshal");
        jsonUnmarshal = fn("json.unmarshal");
        yamlUnmarshal = fn("yaml.unmarshal");
        parseRfc3339 = fn("time.parse_rfc3339_ns");
        format = fn("time.format");
        uriParse = fn("uri.parse");
        patch = fn("json.patch");

        List<Value> blocks = new ArrayList<>();
        for (int i = 0; i < 256; i++) blocks.add(Value.str("10." + (i / 16) + "." + (i % 16 * 16) + ".0/20"));
        cidrs = Value.Arr.wrap(blocks);

        Value.Obj.Builder tags = Value.Obj.builder();
        for (int i = 0; i < 20; i++) tags.put("tag" + i, Value.str("value-" + i));
        resource = Value.Obj.builder()
                .put("type", Value.str("aws_instance"))
                .put("instance_type", Value.str("p5.48xlarge"))
                .put("count", Value.num(8))
                .put("region", Value.str("eu-central-1"))
                .put("tags", tags.build())
                .put("ingress", Value.Arr.of(Value.str("10.0.0.0/8"), Value.str("192.168.0.0/16")))
                .build();
        schema = Value.str("{\"type\": \"object\", \"required\": [\"type\", \"region\", \"tags\"], \"properties\": {"
                + "\"count\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 64},"
                + "\"region\": {\"type\": \"string\", \"pattern\": \"^(eu|us)-[a-z]+-[0-9]$\"},"
                + "\"tags\": {\"type\": \"object\", \"additionalProperties\": {\"type\": \"string\"}},"
                + "\"ingress\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}}}");
        resourceJson = jsonMarshal.call(ctx, new Value[] {resource});
        resourceYaml = fn("yaml.marshal").call(ctx, new Value[] {resource});
        ops = Value.Arr.of(Value.Obj.builder().put("op", Value.str("replace")).put("path", Value.str("/tags/tag3"))
                .put("value", Value.str("changed")).build(), Value.Obj.builder().put("op", Value.str("remove"))
                .put("path", Value.str("/ingress/0")).build());
    }

    @Benchmark
    public Value cidrMerge256() {
        return cidrMerge.call(ctx, new Value[] {cidrs});
    }

    @Benchmark
    public Value cidrContains() {
        return cidrContains.call(ctx, new Value[] {Value.str("10.0.0.0/8"), Value.str("10.20.30.40")});
    }

    @Benchmark
    public Value matchSchemaCached() {
        return matchSchema.call(ctx, new Value[] {resource, schema});
    }

    @Benchmark
    public Value jsonMarshal() {
        return jsonMarshal.call(ctx, new Value[] {resource});
    }

    @Benchmark
    public Value jsonUnmarshal() {
        return jsonUnmarshal.call(ctx, new Value[] {resourceJson});
    }

    @Benchmark
    public Value yamlUnmarshal() {
        return yamlUnmarshal.call(ctx, new Value[] {resourceYaml});
    }

    @Benchmark
    public Value parseRfc3339() {
        return parseRfc3339.call(ctx, new Value[] {Value.str("2024-07-04T09:05:03.120000000+02:00")});
    }

    @Benchmark
    public Value formatInZone() {
        return format.call(ctx, new Value[] {Value.Arr.of(Value.num(1720076703120000000L), Value.str("Europe/Berlin"), Value.str("RFC1123"))});
    }

    @Benchmark
    public Value uriParse() {
        return uriParse.call(ctx, new Value[] {Value.str("https://user@example.com:8443/api/v1/items%2F7?q=a+b&x=1#frag")});
    }

    @Benchmark
    public Value jsonPatch() {
        return patch.call(ctx, new Value[] {resource, ops});
    }
}
