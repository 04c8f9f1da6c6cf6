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
        var merged = merged(r.packageName(), r.inputs(), providerSetting(r));
        if (merged != null && r.outputProperties().contains(merged.getKey())) out.set(merged.getKey(), merged.getValue());
        return out;
    }

    /**
     * The provider-merged tags of a resource as the provider reports them ({@code tagsAll} for AWS,
     * {@code effectiveLabels} for GCP), or null when the package has no such thing or the provider sets no defaults.
     *
     * @param defaults the provider's {@code defaultTags} (AWS) or {@code defaultLabels} (GCP), as JSON or JSON text
     */
    static Map.Entry<String, JsonNode> merged(String pkg, JsonNode inputs, JsonNode defaults) {
        return switch (pkg) {
            case "aws" -> merge("tagsAll", inner(parse(defaults), "tags"), inputs, "tags");
            case "gcp" -> merge("effectiveLabels", parse(defaults), inputs, "labels", "resourceLabels");
            default -> null;
        };
    }

    /** The setting that holds a resource's provider defaults: on its explicit provider, else in stack config. */
    private JsonNode providerSetting(Registration r) {
        var setting = switch (r.packageName()) {
            case "aws" -> "defaultTags";
            case "gcp" -> "defaultLabels";
            default -> null;
        };
        if (setting == null) return null;
        var providerUrn = r.providerUrn();
        if (providerUrn != null) {
            var provider = byUrn.get(providerUrn);
            return provider == null ? null : provider.inputs().get(setting);
        }
        var configured = config.values().get(r.packageName() + ":" + setting);
        return configured == null ? null : TextNode.valueOf(configured);
    }

    private static Map.Entry<String, JsonNode> merge(String name, JsonNode defaults, JsonNode inputs, String... own) {
        if (defaults == null) return null;
        if (!defaults.isObject()) return Map.entry(name, TextNode.valueOf(UNKNOWN));
        var result = JSON.createObjectNode();
        result.setAll((ObjectNode) defaults);
        for (var property : own) {
            var value = inputs == null ? null : inputs.get(property);
            if (value == null || value.isNull()) continue;
            // The resource's own tags are unknown: so is the merge.
            if (!value.isObject()) return Map.entry(name, TextNode.valueOf(UNKNOWN));
            result.setAll((ObjectNode) value);
        }
        return Map.entry(name, result);
    }

    /** Provider settings travel as JSON text. */
    private static JsonNode parse(JsonNode value) {
        if (value == null || value.isNull()) return null;
        if (!value.isTextual() || value.textValue().equals(UNKNOWN)) return value;
        try {
            return JSON.readTree(value.textValue());
        } catch (JsonProcessingException e) {
            throw new PulumiException("a provider's default tags are not JSON: " + value.textValue());
        }
    }

    /** AWS nests its defaults: {@code defaultTags: {tags: {...}}}. */
    private static JsonNode inner(JsonNode value, String field) {
        if (value == null || !value.isObject()) return value;
        return value.get(field);
    }
}
