package dev.tollgate.pulumi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Map;

/**
 * What a provider would fill in during a real preview and the mocks cannot: the outputs a resource type declares
 * (unknown until created), and the tags and labels the provider adds to every resource it manages. AWS reports
 * {@code tagsAll} (its {@code defaultTags} merged under the resource's {@code tags}); GCP reports
 * {@code effectiveLabels} (its {@code defaultLabels} merged under the resource's {@code labels}).
 * Defaults come from the explicit provider's inputs, or from stack config ({@code aws:defaultTags},
 * {@code gcp:defaultLabels}) for the default provider.
 */
final class ProviderDefaults {
    static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Registration> byUrn;
    private final StackConfig config;

    ProviderDefaults(Map<String, Registration> byUrn, StackConfig config) {
        this.byUrn = byUrn;
        this.config = config;
    }

    /** The resource's outputs in Pulumi's wire form: its inputs, every other declared output unknown, tags merged. */
    ObjectNode outputs(Registration r) {
        var out = r.inputs() instanceof ObjectNode o ? o.deepCopy() : JSON.createObjectNode();
        for (var name : r.outputProperties()) {
            if (!out.has(name)) out.put(name, UNKNOWN);
        }
        switch (r.packageName()) {
            case "aws" -> merge(r, out, "tagsAll", defaults(r, "defaultTags", "tags"), "tags");
            case "gcp" -> merge(r, out, "effectiveLabels", defaults(r, "defaultLabels", null), "labels", "resourceLabels");
            default -> { }
        }
        return out;
    }

    private static void merge(Registration r, ObjectNode out, String merged, JsonNode defaults, String... own) {
        if (!r.outputProperties().contains(merged)) return;
        var result = JSON.createObjectNode();
        if (defaults != null && defaults.isObject()) result.setAll((ObjectNode) defaults);
        for (var name : own) {
            var value = r.inputs().get(name);
            if (value == null) continue;
            if (!value.isObject()) {
                // The resource's own tags are unknown: so is the merge.
                out.set(merged, TextNode.valueOf(UNKNOWN));
                return;
            }
            result.setAll((ObjectNode) value);
        }
        if (defaults != null && !defaults.isObject()) {
            out.set(merged, TextNode.valueOf(UNKNOWN));
            return;
        }
        out.set(merged, result);
    }

    /**
     * The provider's default tags or labels: the setting on the explicit provider, else stack config for the default
     * provider. AWS nests them ({@code defaultTags: {tags: {...}}}), hence {@code inner}.
     */
    private JsonNode defaults(Registration r, String setting, String inner) {
        JsonNode value;
        var providerUrn = r.providerUrn();
        if (providerUrn != null) {
            var provider = byUrn.get(providerUrn);
            value = provider == null ? null : provider.inputs().get(setting);
        } else {
            var configured = config.values().get(r.packageName() + ":" + setting);
            value = configured == null ? null : TextNode.valueOf(configured);
        }
        if (value == null || value.isNull()) return null;
        // Provider settings travel as JSON text.
        if (value.isTextual()) {
            if (value.textValue().equals(UNKNOWN)) return value;
            try {
                value = JSON.readTree(value.textValue());
            } catch (JsonProcessingException e) {
                throw new PulumiException(r.urn() + ": the provider's " + setting + " is not JSON: " + value.textValue());
            }
        }
        if (inner != null) value = value.get(inner);
        return value;
    }
}
