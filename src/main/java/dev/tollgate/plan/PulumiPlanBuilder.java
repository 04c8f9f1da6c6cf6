package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns Pulumi resources, as any Pulumi source describes them (preview steps, engine events, stack exports,
 * update plans, or a program run in-process), into a {@link Plan}: decodes secrets and unknowns, picks kinds,
 * resolves regions from explicit providers or stack config, and draws parent/dependency/provider edges.
 * A URN added twice (a replacement shows up as several steps) is merged into one resource.
 */
public final class PulumiPlanBuilder {

    /**
     * One Pulumi resource and what happens to it. Property maps are as Pulumi encodes them (secrets, unknowns).
     *
     * @param provider       provider reference {@code <provider URN>::<provider id>}, or null/empty for the default provider
     * @param providerInputs the provider's inputs when the source gives them inline (Pulumi Cloud's resource format), else null
     */
    public record Step(String urn, String type, boolean custom, Resource.Action action,
                       JsonNode oldInputs, JsonNode oldOutputs, JsonNode newInputs, JsonNode newOutputs,
                       String parent, String provider, List<String> dependencies,
                       Map<String, List<String>> propertyDependencies, JsonNode providerInputs) {}

    private static final String STACK_TYPE = "pulumi:pulumi:Stack";
    private static final String PROVIDER_PREFIX = "pulumi:providers:";

    private final Source source;
    private final Map<String, JsonNode> config = new LinkedHashMap<>();
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final List<Plan.Note> notes = new ArrayList<>();
    private String stack;

    /** @param config stack configuration ({@code aws:region} and the like), secrets still encoded */
    public PulumiPlanBuilder(Source source, Map<String, JsonNode> config) {
        this.source = source;
        for (Map.Entry<String, JsonNode> c : config.entrySet()) {
            if (isSecret(c.getValue())) {
                notes.add(new Plan.Note(Plan.Note.Severity.INFO, null, "config " + c.getKey() + " is secret; its value is withheld"));
            } else {
                this.config.put(c.getKey(), c.getValue());
            }
        }
    }

    public PulumiPlanBuilder stack(String stack) {
        if (stack != null && !stack.isEmpty()) this.stack = stack;
        return this;
    }

    public PulumiPlanBuilder note(Plan.Note note) {
        notes.add(note);
        return this;
    }

    public PulumiPlanBuilder add(Step step) {
        if (stack == null) stack = Urn.parse(step.urn()).stack();
        steps.merge(step.urn(), step, PulumiPlanBuilder::combine);
        return this;
    }

    public int size() {
        return steps.size();
    }

    /** Later events about the same URN refine the earlier ones; the strongest action wins (a replace stays a replace). */
    private static Step combine(Step a, Step b) {
        Resource.Action action = rank(b.action()) >= rank(a.action()) ? b.action() : a.action();
        return new Step(a.urn(), b.type() != null ? b.type() : a.type(), b.custom(), action,
                a.oldInputs() != null ? a.oldInputs() : b.oldInputs(),
                a.oldOutputs() != null ? a.oldOutputs() : b.oldOutputs(),
                b.newInputs() != null ? b.newInputs() : a.newInputs(),
                b.newOutputs() != null ? b.newOutputs() : a.newOutputs(),
                b.parent() != null ? b.parent() : a.parent(),
                b.provider() != null && !b.provider().isEmpty() ? b.provider() : a.provider(),
                b.dependencies().isEmpty() ? a.dependencies() : b.dependencies(),
                b.propertyDependencies().isEmpty() ? a.propertyDependencies() : b.propertyDependencies(),
                b.providerInputs() != null ? b.providerInputs() : a.providerInputs());
    }

    private static int rank(Resource.Action a) {
        return switch (a) {
            case NO_OP -> 0;
            case READ -> 1;
            case UPDATE -> 2;
            case CREATE, DELETE -> 3;
            case REPLACE -> 4;
        };
    }

    public Plan build() {
        KindCatalog catalog = KindCatalog.standard();
        Map<String, Decoded> decoded = new LinkedHashMap<>();
        for (Step s : steps.values()) decoded.put(s.urn(), decode(s));

        List<Resource> resources = new ArrayList<>(steps.size());
        List<Plan.Unknown> unknowns = new ArrayList<>();
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        for (Step s : steps.values()) {
            Decoded d = decoded.get(s.urn());
            Urn urn = Urn.parse(s.urn());
            String type = s.type() != null ? s.type() : urn.type();
            String pkg = packageOf(type);
            Resource.Provider family = catalog.pulumiProvider(pkg);
            KindCatalog.Entry entry = catalog.lookup(type);
            JsonNode values = d.after() != null ? d.after() : d.before();

            String kind;
            Location location;
            if (type.startsWith(PROVIDER_PREFIX)) {
                kind = Kinds.META_PROVIDER;
                Location own = RegionResolver.fromAttributes(family, values);
                location = own != null ? own : new Location(null, null, Location.Basis.GLOBAL, "provider configuration, not a cloud resource");
            } else if (!s.custom() && !type.equals(STACK_TYPE)) {
                kind = Kinds.META_COMPONENT;
                location = new Location(null, null, Location.Basis.GLOBAL, "component resource; its children carry the locations");
            } else {
                kind = entry.known() ? catalog.kindOf(type, values) : Kinds.OTHER;
                Set<String> configured = s.newInputs() != null && s.newInputs().isObject() ? fieldNames(s.newInputs()) : null;
                location = RegionResolver.resolve(new RegionResolver.Facts(family, type, values, d.unknownPaths(), configured,
                        entry.global() || type.equals(STACK_TYPE), providerLocation(s, pkg, decoded)));
            }
            String address = s.urn();
            resources.add(new Resource(address, urn.name(), s.action() == Resource.Action.READ ? Resource.Mode.DATA : Resource.Mode.MANAGED,
                    family, type, kind, s.action(), location, d.before(), d.after(), d.unknownPaths(), d.sensitivePaths(),
                    Tags.of(family, values), s.parent() == null ? "" : s.parent(), providerUrn(s.provider())));
            for (String p : d.unknownPaths()) unknowns.add(new Plan.Unknown(address, p));
            if (type.equals(STACK_TYPE) && s.action() != Resource.Action.DELETE) stackOutputs(s, outputs, unknowns);
        }

        List<Edge> edges = edges();
        resources = PlanAssembly.upgradeNodeGroupsByLaunchTemplate(resources, edges);
        List<Plan.Note> allNotes = new ArrayList<>(PlanAssembly.unknownTypeNotes(resources));
        allNotes.addAll(notes);
        return new Plan(source, stack, resources, edges, config, outputs, unknowns, allNotes);
    }

    private record Decoded(JsonNode before, JsonNode after, Set<String> unknownPaths, Set<String> sensitivePaths) {}

    private static Decoded decode(Step s) {
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> sensitive = new LinkedHashSet<>();
        boolean sameState = s.oldInputs() == s.newInputs() && s.oldOutputs() == s.newOutputs();
        JsonNode after = s.action() == Resource.Action.DELETE ? null
                : PulumiValues.decode(PulumiValues.merge(s.newInputs(), s.newOutputs()), unknown, sensitive);
        JsonNode before;
        if (sameState && s.action() != Resource.Action.DELETE) {
            before = after;
        } else {
            // Unknowns only matter for the future state; a secret is sensitive wherever it appears.
            before = PulumiValues.decode(PulumiValues.merge(s.oldInputs(), s.oldOutputs()), new LinkedHashSet<>(), sensitive);
        }
        return new Decoded(before, after, unknown, sensitive);
    }

    private void stackOutputs(Step s, Map<String, JsonNode> outputs, List<Plan.Unknown> unknowns) {
        JsonNode raw = s.newOutputs() != null ? s.newOutputs() : s.oldOutputs();
        if (raw == null || !raw.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Set<String> unknown = new LinkedHashSet<>();
            Set<String> sensitive = new LinkedHashSet<>();
            JsonNode v = PulumiValues.decode(wrap(e.getValue()), unknown, sensitive);
            String name = "output." + e.getKey();
            if (!sensitive.isEmpty()) {
                notes.add(new Plan.Note(Plan.Note.Severity.INFO, name, "secret stack output; its value is withheld"));
            } else if (unknown.contains("/v")) {
                unknowns.add(new Plan.Unknown(name, ""));
            } else {
                for (String p : unknown) unknowns.add(new Plan.Unknown(name, p.substring(2)));
                outputs.put(e.getKey(), v.get("v"));
            }
        }
    }

    private static JsonNode wrap(JsonNode v) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set("v", v);
    }

    /** Where the provider a resource uses points: an explicit provider resource's region, else stack config. */
    private Location providerLocation(Step s, String pkg, Map<String, Decoded> decoded) {
        if (s.providerInputs() != null) {
            Location inline = RegionResolver.fromAttributes(Resource.Provider.OTHER, s.providerInputs());
            if (inline != null) return new Location(inline.region(), inline.zone(), Location.Basis.PROVIDER_CONFIG, "provider inputs: " + inline.detail());
        }
        String providerUrn = providerUrn(s.provider());
        if (providerUrn.isEmpty()) return stackConfig(pkg, "the default " + pkg + " provider");
        Urn p = Urn.parse(providerUrn);
        String providerPkg = p.type().startsWith(PROVIDER_PREFIX) ? p.type().substring(PROVIDER_PREFIX.length()) : pkg;
        boolean isDefault = p.name().startsWith("default");
        Decoded provider = decoded.get(providerUrn);
        if (provider != null) {
            JsonNode inputs = provider.after() != null ? provider.after() : provider.before();
            Location own = RegionResolver.fromAttributes(Resource.Provider.OTHER, inputs);
            if (own != null) {
                return new Location(own.region(), own.zone(), Location.Basis.PROVIDER_CONFIG, "provider " + p.name() + ": " + own.detail());
            }
        }
        if (isDefault) return stackConfig(providerPkg, "the default " + providerPkg + " provider");
        return Location.unknown(provider == null
                ? "explicit provider " + p.name() + " is not in the plan"
                : "explicit provider " + p.name() + " sets no region (it would come from the environment)");
    }

    private Location stackConfig(String pkg, String who) {
        for (String key : List.of(pkg + ":region", pkg + ":location")) {
            JsonNode v = config.get(key);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                String region = key.endsWith(":location") ? v.asText().toLowerCase(java.util.Locale.ROOT).replace(" ", "") : v.asText();
                return new Location(region, null, Location.Basis.STACK_CONFIG, "stack config " + key);
            }
        }
        JsonNode zone = config.get(pkg + ":zone");
        if (zone != null && zone.isTextual() && RegionResolver.regionOfZone(zone.asText()) != null) {
            return new Location(RegionResolver.regionOfZone(zone.asText()), zone.asText(), Location.Basis.STACK_CONFIG, "stack config " + pkg + ":zone");
        }
        return Location.unknown(who + " takes its region from stack config, which has no " + pkg + ":region");
    }

    /** Parent, dependencies, property dependencies and provider, where both ends are in the plan. */
    private List<Edge> edges() {
        Set<Edge> out = new LinkedHashSet<>();
        for (Step s : steps.values()) {
            if (s.parent() != null && steps.containsKey(s.parent())) out.add(new Edge(s.urn(), s.parent(), Edge.Kind.PARENT, null));
            for (String d : s.dependencies()) {
                if (steps.containsKey(d) && !d.equals(s.urn())) out.add(new Edge(s.urn(), d, Edge.Kind.DEPENDENCY, null));
            }
            for (Map.Entry<String, List<String>> e : s.propertyDependencies().entrySet()) {
                for (String d : e.getValue()) {
                    if (steps.containsKey(d) && !d.equals(s.urn())) {
                        out.add(new Edge(s.urn(), d, Edge.Kind.PROPERTY_DEPENDENCY, e.getKey()));
                    }
                }
            }
            String provider = providerUrn(s.provider());
            if (steps.containsKey(provider)) out.add(new Edge(s.urn(), provider, Edge.Kind.PROVIDER, null));
        }
        return List.copyOf(out);
    }

    /** The provider reference without its id: {@code urn:...::pulumi:providers:aws::default::ID} to the URN. */
    static String providerUrn(String ref) {
        if (ref == null || ref.isEmpty()) return "";
        int last = ref.lastIndexOf("::");
        // A URN alone has exactly three "::" separators; a reference adds the id after a fourth.
        return countSeparators(ref) >= 4 ? ref.substring(0, last) : ref;
    }

    private static int countSeparators(String s) {
        int n = 0;
        for (int i = s.indexOf("::"); i >= 0; i = s.indexOf("::", i + 2)) n++;
        return n;
    }

    static String packageOf(String type) {
        if (type.startsWith(PROVIDER_PREFIX)) return type.substring(PROVIDER_PREFIX.length());
        int colon = type.indexOf(':');
        return colon < 0 ? type : type.substring(0, colon);
    }

    private static Set<String> fieldNames(JsonNode o) {
        Set<String> out = new LinkedHashSet<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static boolean isSecret(JsonNode v) {
        if (v == null) return false;
        if (v.isTextual()) return v.asText().equals(PulumiValues.DISPLAYED_SECRET);
        return v.isObject() && (v.has("secure") || v.has(PulumiValues.SIG));
    }

    /** {@code urn:pulumi:STACK::PROJECT::PARENT$TYPE::NAME}; the name may itself contain "::". */
    record Urn(String stack, String project, String qualifiedType, String name) {
        static Urn parse(String urn) {
            String[] parts = urn.split("::", 4);
            if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) return new Urn("", "", "", urn);
            return new Urn(parts[0].substring("urn:pulumi:".length()), parts[1], parts[2], parts[3]);
        }

        String type() {
            int dollar = qualifiedType.lastIndexOf('$');
            return dollar < 0 ? qualifiedType : qualifiedType.substring(dollar + 1);
        }
    }
}
