package dev.tollgate.plan;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.tollgate.plan.GpuClusterModule.Ctx;
import dev.tollgate.plan.GpuClusterModule.Spec;

/**
 * Writes large, realistic Terraform plans for benchmarks: AWS GPU training clusters ({@link GpuClusterModule}),
 * one module instance per cluster, half of them in eu-central-1 and half through an aliased us-east-1 provider.
 * The output has the shape of {@code terraform show -json} 1.9: planned_values with child modules,
 * resource_changes (create, no-op and update), prior_state and a configuration with references, so readers,
 * the estimator and policies all do their real work on it. Streamed, so any size can be written.
 */
public final class PlanGenerator {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String AWS = "registry.terraform.io/hashicorp/aws";
    
    private final long seed;

    public PlanGenerator(long seed) {
        this.seed = seed;
    }

    /** Writes a plan with exactly {@code resources} resource changes. */
    public void write(int resources, OutputStream out) throws IOException {
        List<Spec> specs = GpuClusterModule.specs();
        int perCluster = specs.stream().mapToInt(Spec::count).sum();
        int clusters = (resources + perCluster - 1) / perCluster;
        try (JsonGenerator g = PlanReader.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("format_version", "1.2");
            g.writeStringField("terraform_version", "1.9.8");
            g.writeObjectFieldStart("variables");
            g.writeObjectFieldStart("region");
            g.writeStringField("value", "eu-central-1");
            g.writeEndObject();
            g.writeEndObject();

            g.writeObjectFieldStart("planned_values");
            g.writeObjectFieldStart("root_module");
            g.writeArrayFieldStart("child_modules");
            forEachCluster(clusters, resources, specs, (module, list) -> {
                g.writeStartObject();
                g.writeArrayFieldStart("resources");
                for (Instance i : list) if (i.action != Action.DELETE) g.writeTree(plannedValue(i));
                g.writeEndArray();
                g.writeStringField("address", module);
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();

            g.writeArrayFieldStart("resource_changes");
            forEachCluster(clusters, resources, specs, (module, list) -> {
                for (Instance i : list) g.writeTree(change(i));
            });
            g.writeEndArray();

            g.writeObjectFieldStart("prior_state");
            g.writeStringField("format_version", "1.0");
            g.writeStringField("terraform_version", "1.9.8");
            g.writeObjectFieldStart("values");
            g.writeObjectFieldStart("root_module");
            g.writeArrayFieldStart("child_modules");
            forEachCluster(clusters, resources, specs, (module, list) -> {
                g.writeStartObject();
                g.writeArrayFieldStart("resources");
                for (Instance i : list) if (i.before != null) g.writeTree(priorValue(i));
                g.writeEndArray();
                g.writeStringField("address", module);
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();

            g.writeFieldName("configuration");
            g.writeTree(GpuClusterModule.configuration(specs));
            g.writeBooleanField("applyable", true);
            g.writeBooleanField("complete", true);
            g.writeBooleanField("errored", false);
            g.writeEndObject();
        }
    }

    private enum Action { CREATE, NO_OP, UPDATE, DELETE }

    private record Instance(String module, Spec spec, String key, Ctx ctx, Action action, ObjectNode before, ObjectNode after) {
        String address() {
            return module + "." + spec.type() + "." + spec.name() + (key == null ? "" : key);
        }
    }

    private interface ClusterVisitor {
        void visit(String module, List<Instance> instances) throws IOException;
    }

    /** Visits every cluster's instances; values are derived from the seed, so each pass sees the same plan. */
    private void forEachCluster(int clusters, int total, List<Spec> specs, ClusterVisitor visitor) throws IOException {
        int written = 0;
        for (int c = 0; c < clusters && written < total; c++) {
            boolean us = c % 2 == 1;
            String cluster = String.format("c%05d", c);
            String module = "module.cluster_" + (us ? "us" : "eu") + "[\"" + cluster + "\"]";
            String region = us ? "us-east-1" : "eu-central-1";
            List<Instance> list = new ArrayList<>();
            for (Spec s : specs) {
                for (int i = 0; i < s.count() && written < total; i++, written++) {
                    Random r = new Random(seed * 1_000_003L + written);
                    Ctx ctx = new Ctx(cluster, i, region, r);
                    ObjectNode after = F.objectNode();
                    s.values().accept(ctx, after);
                    JsonNode defaults = GpuClusterModule.defaults(s.type());
                    if (defaults != null) {
                        for (var it = defaults.fields(); it.hasNext(); ) {
                            var e = it.next();
                            if (!after.has(e.getKey())) after.set(e.getKey(), e.getValue());
                        }
                    }
                    int roll = r.nextInt(100);
                    Action action = roll < 70 ? Action.CREATE : roll < 90 ? Action.NO_OP : roll < 98 ? Action.UPDATE : Action.DELETE;
                    ObjectNode before = null;
                    if (action != Action.CREATE) {
                        before = after.deepCopy();
                        before.put("id", s.name() + "-" + cluster + "-" + Long.toHexString(r.nextLong()));
                        before.put("arn", "arn:aws:" + service(s.type()) + ":" + region + ":123456789012:" + s.name() + "/" + cluster);
                        for (String u : s.unknown()) {
                            if (!before.has(u)) before.put(u, u.equals("region") ? region : u + "-" + Integer.toHexString(r.nextInt()));
                        }
                        if (action == Action.NO_OP) after = before;
                        if (action == Action.UPDATE && after.has("tags")) {
                            after = before.deepCopy();
                            ((ObjectNode) after.get("tags")).put("owner", "team-" + r.nextInt(40));
                            ((ObjectNode) after.get("tags_all")).put("owner", after.get("tags").get("owner").asText());
                        }
                        if (action == Action.DELETE) after = null;
                    }
                    list.add(new Instance(module, s, s.count() > 1 ? "[" + i + "]" : null, ctx, action, before, after));
                }
            }
            visitor.visit(module, list);
        }
    }

    private static String service(String type) {
        String t = type.substring(4);
        return t.substring(0, t.indexOf('_') < 0 ? t.length() : t.indexOf('_'));
    }

    private static ObjectNode plannedValue(Instance i) {
        ObjectNode n = header(i);
        n.put("schema_version", 0);
        n.set("values", i.after);
        n.set("sensitive_values", sensitiveMask(i.after));
        return n;
    }

    private static ObjectNode priorValue(Instance i) {
        ObjectNode n = header(i);
        n.put("schema_version", 0);
        n.set("values", i.before);
        n.set("sensitive_values", sensitiveMask(i.before));
        return n;
    }

    private static ObjectNode header(Instance i) {
        ObjectNode n = F.objectNode();
        n.put("address", i.address());
        n.put("mode", "managed");
        n.put("type", i.spec.type());
        n.put("name", i.spec.name());
        if (i.key != null) n.put("index", i.ctx.index());
        n.put("provider_name", AWS);
        return n;
    }

    private static ObjectNode change(Instance i) {
        ObjectNode n = header(i);
        n.put("module_address", i.module);
        ObjectNode c = n.putObject("change");
        ArrayNode actions = c.putArray("actions");
        actions.add(switch (i.action) {
            case CREATE -> "create";
            case NO_OP -> "no-op";
            case UPDATE -> "update";
            case DELETE -> "delete";
        });
        c.set("before", i.before == null ? F.nullNode() : i.before);
        c.set("after", i.after == null ? F.nullNode() : i.after);
        ObjectNode unknown = i.after == null ? F.objectNode() : (ObjectNode) mirror(i.after);
        if (i.action == Action.CREATE) for (String u : i.spec.unknown()) unknown.put(u, true);
        c.set("after_unknown", unknown);
        c.set("before_sensitive", i.before == null ? F.booleanNode(false) : sensitiveMask(i.before));
        c.set("after_sensitive", i.after == null ? F.booleanNode(false) : sensitiveMask(i.after));
        return n;
    }

    /** Nothing in these resources is sensitive, but Terraform still writes the mask. */
    private static JsonNode sensitiveMask(JsonNode v) {
        return v == null ? F.objectNode() : mirror(v);
    }

    /**
     * Terraform's masks (after_unknown, after_sensitive) mirror the value: known containers appear (objects as
     * objects without their false members, lists as lists of falses), known primitives do not.
     */
    private static JsonNode mirror(JsonNode v) {
        if (v.isArray()) {
            ArrayNode a = F.arrayNode(v.size());
            v.forEach(x -> a.add(x.isContainerNode() ? mirror(x) : F.booleanNode(false)));
            return a;
        }
        ObjectNode o = F.objectNode();
        v.fields().forEachRemaining(e -> { if (e.getValue().isContainerNode()) o.set(e.getKey(), mirror(e.getValue())); });
        return o;
    }
}
