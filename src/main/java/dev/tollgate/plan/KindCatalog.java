package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mapping from native types to normalized kinds, loaded from {@code plan/kinds.json}.
 * Readers ask it for a type's kind, its cloud family and whether it has a region at all.
 */
public final class KindCatalog {

    /**
     * What the catalogue knows about one native type.
     *
     * @param kind         the normalized kind (see {@link Kinds})
     * @param global       true when resources of this type have no region by nature
     * @param machineTypes attribute paths that hold the machine type
     * @param accelerators attribute paths that hold an accelerator count or type
     */
    public record Entry(String kind, boolean global, List<String> machineTypes, List<String> accelerators) {
        static final Entry UNKNOWN = new Entry(Kinds.OTHER, false, List.of(), List.of());

        public boolean known() { return this != UNKNOWN; }
    }

    private static final KindCatalog DEFAULT = load();

    private final Map<String, Entry> types;
    private final Map<String, Entry> prefixes;
    private final Map<String, Entry> suffixes;
    private final Map<String, Resource.Provider> terraformProviders;
    private final Map<String, Resource.Provider> pulumiPackages;

    private KindCatalog(Map<String, Entry> types, Map<String, Entry> prefixes, Map<String, Entry> suffixes,
                        Map<String, Resource.Provider> terraformProviders, Map<String, Resource.Provider> pulumiPackages) {
        this.types = types;
        this.prefixes = prefixes;
        this.suffixes = suffixes;
        this.terraformProviders = terraformProviders;
        this.pulumiPackages = pulumiPackages;
    }

    public static KindCatalog standard() {
        return DEFAULT;
    }

    /** The entry for a native type; {@link Entry#known()} is false when nothing matches. */
    public Entry lookup(String type) {
        Entry exact = types.get(type);
        if (exact != null) return exact;
        Entry best = null;
        int bestLength = -1;
        for (Map.Entry<String, Entry> p : prefixes.entrySet()) {
            if (type.startsWith(p.getKey()) && p.getKey().length() > bestLength) {
                best = p.getValue();
                bestLength = p.getKey().length();
            }
        }
        if (best != null) return best;
        for (Map.Entry<String, Entry> s : suffixes.entrySet()) {
            if (type.endsWith(s.getKey())) return s.getValue();
        }
        return Entry.UNKNOWN;
    }

    /**
     * The kind of a resource given its values: a node group whose machine type (or attached accelerator)
     * is a GPU becomes {@link Kinds#COMPUTE_GPU_NODE_GROUP}.
     */
    public String kindOf(String type, JsonNode values) {
        Entry e = lookup(type);
        if (Kinds.COMPUTE_NODE_GROUP.equals(e.kind()) && hasGpu(e, values)) return Kinds.COMPUTE_GPU_NODE_GROUP;
        return e.kind();
    }

    /** True when the values name a GPU machine type or a non-zero accelerator at the entry's paths. */
    public boolean hasGpu(Entry e, JsonNode values) {
        if (values == null) return false;
        for (String path : e.machineTypes()) {
            for (JsonNode v : leaves(values, path)) {
                if (v.isTextual() && GpuTypes.isGpu(v.asText())) return true;
            }
        }
        for (String path : e.accelerators()) {
            for (JsonNode v : leaves(values, path)) {
                if (v.isNumber() && v.asDouble() > 0) return true;
                if (v.isTextual() && !v.asText().isBlank()) return true;
            }
        }
        return false;
    }

    /** The machine types named at the entry's paths (for launch templates the node group points at). */
    public List<String> machineTypes(Entry e, JsonNode values) {
        List<String> out = new ArrayList<>();
        if (values == null) return out;
        for (String path : e.machineTypes()) {
            for (JsonNode v : leaves(values, path)) if (v.isTextual()) out.add(v.asText());
        }
        return out;
    }

    /** Cloud family of a Terraform resource: by the type's provider prefix, else the provider source address. */
    public Resource.Provider terraformProvider(String type, String providerName) {
        int underscore = type.indexOf('_');
        if (underscore > 0) {
            Resource.Provider p = terraformProviders.get(type.substring(0, underscore));
            if (p != null) return p;
        }
        if (providerName != null) {
            String local = providerName.substring(providerName.lastIndexOf('/') + 1);
            Resource.Provider p = terraformProviders.get(local);
            if (p != null) return p;
        }
        return Resource.Provider.OTHER;
    }

    /** Cloud family of a Pulumi package ({@code aws}, {@code azure-native}). */
    public Resource.Provider pulumiProvider(String pkg) {
        return pulumiPackages.getOrDefault(pkg, Resource.Provider.OTHER);
    }

    /** Values at a dotted path; arrays met on the way (Terraform nested blocks, lists) are walked through. */
    static List<JsonNode> leaves(JsonNode root, String path) {
        List<JsonNode> current = new ArrayList<>(List.of(root));
        for (String segment : path.split("\\.")) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) collect(n.get(segment), next);
            current = next;
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : current) flatten(n, out);
        return out;
    }

    private static void collect(JsonNode n, List<JsonNode> into) {
        if (n == null || n.isNull()) return;
        if (n.isArray()) n.forEach(e -> collect(e, into));
        else into.add(n);
    }

    private static void flatten(JsonNode n, List<JsonNode> into) {
        if (n.isArray()) n.forEach(e -> flatten(e, into));
        else into.add(n);
    }

    private static KindCatalog load() {
        try (InputStream in = KindCatalog.class.getResourceAsStream("/plan/kinds.json")) {
            if (in == null) throw new IllegalStateException("plan/kinds.json missing from the classpath");
            JsonNode root = new ObjectMapper().readTree(in);
            return new KindCatalog(entries(root.path("types")), entries(root.path("prefixes")), entries(root.path("suffixes")),
                    families(root.path("providers").path("terraform")), families(root.path("providers").path("pulumi")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plan/kinds.json", e);
        }
    }

    private static Map<String, Entry> entries(JsonNode node) {
        Map<String, Entry> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                out.put(e.getKey(), new Entry(v.asText(), false, List.of(), List.of()));
            } else {
                out.put(e.getKey(), new Entry(v.path("kind").asText(), v.path("global").asBoolean(false),
                        strings(v.path("machine_type")), strings(v.path("accelerators"))));
            }
        }
        return Map.copyOf(out);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    private static Map<String, Resource.Provider> families(JsonNode node) {
        Map<String, Resource.Provider> out = new HashMap<>();
        node.fields().forEachRemaining(e ->
                out.put(e.getKey(), Resource.Provider.valueOf(e.getValue().asText().toUpperCase(Locale.ROOT))));
        return Map.copyOf(out);
    }
}
