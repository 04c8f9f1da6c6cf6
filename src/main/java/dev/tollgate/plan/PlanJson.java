package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tollgate's own plan JSON: the normalized model written out as it is (schema:
 * {@code plan/tollgate-plan.schema.json}). Other tools can produce it, tests can write plans by hand in it, and
 * policy input is built from the same tree. Keys are snake_case; enums are lower-case ids ({@code no-op},
 * {@code provider_config}); sets and tags are written sorted so output is stable.
 */
public final class PlanJson {
    private PlanJson() {}

    public static final String VERSION = "1";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    // ---- writing ---------------------------------------------------------------------------------------------

    public static ObjectNode toTree(Plan plan) {
        ObjectNode o = F.objectNode();
        o.put("tollgate_plan", VERSION);
        ObjectNode source = o.putObject("source");
        source.put("tool", id(plan.source().tool()));
        source.put("format", id(plan.source().format()));
        source.put("tool_version", plan.source().toolVersion());
        source.put("format_version", plan.source().formatVersion());
        source.put("file", plan.source().file());
        o.put("stack", plan.stack());
        ArrayNode resources = o.putArray("resources");
        for (Resource r : plan.resources()) resources.add(toTree(r));
        ArrayNode edges = o.putArray("edges");
        for (Edge e : plan.edges()) {
            ObjectNode n = edges.addObject();
            n.put("from", e.from());
            n.put("to", e.to());
            n.put("kind", id(e.kind()));
            n.put("attribute", e.attribute());
        }
        o.set("variables", objectOf(plan.variables()));
        o.set("outputs", objectOf(plan.outputs()));
        ArrayNode unknowns = o.putArray("unknowns");
        for (Plan.Unknown u : plan.unknowns()) unknowns.addObject().put("address", u.address()).put("path", u.path());
        ArrayNode notes = o.putArray("notes");
        for (Plan.Note n : plan.notes()) {
            notes.addObject().put("severity", id(n.severity())).put("address", n.address()).put("message", n.message());
        }
        return o;
    }

    public static ObjectNode toTree(Resource r) {
        ObjectNode n = F.objectNode();
        n.put("address", r.address());
        n.put("name", r.name());
        n.put("mode", id(r.mode()));
        n.put("provider", r.provider().id());
        n.put("type", r.type());
        n.put("kind", r.kind());
        n.put("action", r.action().id());
        ObjectNode loc = n.putObject("location");
        loc.put("region", r.location().region());
        loc.put("zone", r.location().zone());
        loc.put("basis", id(r.location().basis()));
        loc.put("detail", r.location().detail());
        n.set("before", r.before() == null ? F.nullNode() : r.before());
        n.set("after", r.after() == null ? F.nullNode() : r.after());
        ArrayNode unknown = n.putArray("unknown_paths");
        new TreeSet<>(r.unknownPaths()).forEach(unknown::add);
        ArrayNode sensitive = n.putArray("sensitive_paths");
        new TreeSet<>(r.sensitivePaths()).forEach(sensitive::add);
        ObjectNode tags = n.putObject("tags");
        new TreeMap<>(r.tags()).forEach(tags::put);
        n.put("module", r.module());
        n.put("provider_config", r.providerConfig());
        return n;
    }

    public static void write(Plan plan, OutputStream out) {
        try {
            PlanReader.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, toTree(plan));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toJson(Plan plan) {
        try {
            return PlanReader.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(plan));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    static Plan read(Json doc) {
        String version = doc.text("tollgate_plan");
        if (!version.equals(VERSION)) throw doc.get("tollgate_plan").error("unsupported Tollgate plan version \"" + version + "\" (this build reads \"" + VERSION + "\")");
        Source source;
        Json s = doc.optObj("source");
        if (s.absent()) {
            source = new Source(Source.Tool.TOLLGATE, Source.Format.TOLLGATE_PLAN, null, VERSION, doc.file());
        } else {
            source = new Source(enumOf(Source.Tool.class, s.get("tool")), enumOf(Source.Format.class, s.get("format")),
                    s.optText("tool_version"), s.optText("format_version"), s.optText("file") != null ? s.optText("file") : doc.file());
        }
        List<Resource> resources = new ArrayList<>();
        Set<String> addresses = new LinkedHashSet<>();
        for (Json r : doc.arr("resources")) {
            Resource resource = resource(r.requireObject());
            if (!addresses.add(resource.address())) throw r.get("address").error("duplicate address " + resource.address());
            resources.add(resource);
        }
        List<Edge> edges = new ArrayList<>();
        for (Json e : doc.optArr("edges")) {
            Edge edge = new Edge(e.text("from"), e.text("to"), enumOf(Edge.Kind.class, e.get("kind")), e.optText("attribute"));
            if (!addresses.contains(edge.from())) throw e.get("from").error("no resource has address " + edge.from());
            if (!addresses.contains(edge.to())) throw e.get("to").error("no resource has address " + edge.to());
            edges.add(edge);
        }
        List<Plan.Unknown> unknowns = new ArrayList<>();
        for (Json u : doc.optArr("unknowns")) unknowns.add(new Plan.Unknown(u.text("address"), u.text("path")));
        List<Plan.Note> notes = new ArrayList<>();
        for (Json n : doc.optArr("notes")) {
            notes.add(new Plan.Note(enumOf(Plan.Note.Severity.class, n.get("severity")), n.optText("address"), n.text("message")));
        }
        return new Plan(source, doc.optText("stack"), resources, edges, members(doc.optObj("variables")),
                members(doc.optObj("outputs")), unknowns, notes);
    }

    private static Resource resource(Json r) {
        Json loc = r.obj("location");
        Location location = new Location(loc.optText("region"), loc.optText("zone"),
                enumOf(Location.Basis.class, loc.get("basis")), loc.optText("detail"));
        if (location.region() == null && location.basis() != Location.Basis.UNKNOWN && location.basis() != Location.Basis.GLOBAL) {
            throw loc.get("region").error("missing: basis " + id(location.basis()) + " needs a region");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, Json> t : r.optObj("tags").fields().entrySet()) tags.put(t.getKey(), t.getValue().text());
        String kind = r.text("kind");
        return new Resource(r.text("address"), r.text("name"), enumOf(Resource.Mode.class, r.get("mode")),
                enumOf(Resource.Provider.class, r.get("provider")), r.text("type"), kind,
                enumOf(Resource.Action.class, r.get("action")), location,
                value(r.get("before")), value(r.get("after")),
                new LinkedHashSet<>(r.optTexts("unknown_paths")), new LinkedHashSet<>(r.optTexts("sensitive_paths")),
                tags, r.optText("module") != null ? r.optText("module") : "", r.optText("provider_config"));
    }

    private static JsonNode value(Json v) {
        return v.absent() ? null : v.requireObject().node();
    }

    private static Map<String, JsonNode> members(Json o) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, Json> e : o.fields().entrySet()) out.put(e.getKey(), e.getValue().node());
        return out;
    }

    private static ObjectNode objectOf(Map<String, JsonNode> map) {
        ObjectNode o = F.objectNode();
        new TreeMap<>(map).forEach(o::set);
        return o;
    }

    /** Lower-case id of an enum constant: NO_OP is "no-op" for actions (Terraform's word), else "provider_config". */
    static String id(Enum<?> e) {
        if (e instanceof Resource.Action a) return a.id();
        return e.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, Json v) {
        String text = v.text();
        List<String> allowed = new ArrayList<>();
        for (E c : type.getEnumConstants()) {
            allowed.add(id(c));
            if (id(c).equals(text)) return c;
        }
        throw v.error("expected one of " + allowed + ", found \"" + text + "\"");
    }
}
