package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags and labels of a resource, whatever the cloud calls them. AWS {@code tags_all} already includes the
 * provider's default_tags, GCP {@code effective_labels} the provider's default labels; both are merged with the
 * resource's own so a policy sees what will actually be on the resource. GKE clusters label through
 * {@code resource_labels}, node pools through their node config's.
 */
public final class Tags {
    private Tags() {}

    private static final List<String> ATTRIBUTES = List.of(
            "tags", "tags_all", "tagsAll", "labels", "effective_labels", "effectiveLabels", "terraform_labels", "terraformLabels",
            "resource_labels", "resourceLabels");

    public static Map<String, String> of(Resource.Provider family, JsonNode values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values == null || !values.isObject()) return out;
        for (String a : ATTRIBUTES) addStrings(values.get(a), out);
        if (family == Resource.Provider.GCP) {
            // A GKE node pool cannot carry labels itself; the labels of its VMs are what billing sees.
            JsonNode nodeConfig = values.get(values.has("nodeConfig") ? "nodeConfig" : "node_config");
            if (nodeConfig != null && nodeConfig.isArray() && !nodeConfig.isEmpty()) nodeConfig = nodeConfig.get(0);
            if (nodeConfig != null) {
                addStrings(nodeConfig.get("resource_labels"), out);
                addStrings(nodeConfig.get("resourceLabels"), out);
            }
        }
        if (family == Resource.Provider.KUBERNETES) {
            JsonNode metadata = values.get("metadata");
            if (metadata != null && metadata.isArray() && !metadata.isEmpty()) metadata = metadata.get(0);
            if (metadata != null) addStrings(metadata.get("labels"), out);
        }
        return out;
    }

    private static void addStrings(JsonNode map, Map<String, String> into) {
        if (map == null || !map.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            // Unknown or secret tag values are not strings here (the readers removed them); skip rather than guess.
            if (e.getValue().isTextual() && !e.getKey().startsWith("__")) into.put(e.getKey(), e.getValue().asText());
        }
    }
}
