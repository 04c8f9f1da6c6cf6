package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Pulumi's property-value encodings, decoded into plain JSON. Unknown values (the computed sentinel) and secrets
 * are removed and recorded as JSON pointers instead: a secret's ciphertext or plaintext never reaches the model.
 */
public final class PulumiValues {
    private PulumiValues() {}

    /** The string Pulumi writes for a value only known after the update. */
    public static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    /** The key that marks a special object; its value says which kind. */
    public static final String SIG = "4dabf18193072939515e22adb298388d";
    public static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    public static final String OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
    public static final String RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
    /** What {@code pulumi preview --json} prints in place of a secret. */
    public static final String DISPLAYED_SECRET = "[secret]";

    /**
     * Decodes a property map. Returns a fresh tree; the pointers of unknown and secret values are added to the sets.
     * Provider bookkeeping ({@code __defaults}, {@code __meta}) is dropped.
     */
    public static JsonNode decode(JsonNode value, Set<String> unknownPaths, Set<String> sensitivePaths) {
        if (value == null || value.isNull() || value.isMissingNode()) return null;
        JsonNode d = decode(value, "", unknownPaths, sensitivePaths);
        return d == null ? JsonNodeFactory.instance.objectNode() : d;
    }

    private static JsonNode decode(JsonNode v, String pointer, Set<String> unknown, Set<String> sensitive) {
        if (v.isTextual()) {
            String s = v.asText();
            if (s.equals(UNKNOWN)) { unknown.add(pointer); return null; }
            if (s.equals(DISPLAYED_SECRET)) { sensitive.add(pointer); return null; }
            return v;
        }
        if (v.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(v.size());
            for (int i = 0; i < v.size(); i++) {
                JsonNode d = decode(v.get(i), pointer + "/" + i, unknown, sensitive);
                out.add(d == null ? JsonNodeFactory.instance.nullNode() : d);
            }
            return out;
        }
        if (!v.isObject()) return v;
        JsonNode sig = v.get(SIG);
        if (sig != null && sig.isTextual()) {
            switch (sig.asText()) {
                case SECRET_SIG -> { sensitive.add(pointer); return null; }
                case OUTPUT_VALUE_SIG -> {
                    if (v.path("secret").asBoolean(false)) { sensitive.add(pointer); return null; }
                    JsonNode inner = v.get("value");
                    if (inner == null) { unknown.add(pointer); return null; }
                    return decode(inner, pointer, unknown, sensitive);
                }
                case RESOURCE_REFERENCE_SIG -> {
                    // A reference to another resource: its URN is what identifies it in the plan.
                    JsonNode urn = v.get("urn");
                    return urn != null ? urn : v;
                }
                default -> { return v; }  // assets and archives: descriptive, kept as they are
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__defaults") || e.getKey().equals("__meta")) continue;
            JsonNode d = decode(e.getValue(), pointer + "/" + JsonPointers.escape(e.getKey()), unknown, sensitive);
            if (d != null) out.set(e.getKey(), d);
        }
        return out;
    }

    /**
     * Inputs overlaid with outputs: outputs are the provider's view after the step, inputs fill in what the
     * outputs do not know yet (during a preview most outputs of a new resource are unknown).
     */
    public static JsonNode merge(JsonNode inputs, JsonNode outputs) {
        boolean hasIn = inputs != null && inputs.isObject();
        boolean hasOut = outputs != null && outputs.isObject();
        if (!hasIn && !hasOut) return null;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (hasIn) out.setAll((ObjectNode) inputs);
        if (hasOut) {
            for (Iterator<Map.Entry<String, JsonNode>> it = outputs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                boolean unknownOutput = e.getValue().isTextual() && e.getValue().asText().equals(UNKNOWN);
                if (unknownOutput && out.has(e.getKey())) continue;
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
