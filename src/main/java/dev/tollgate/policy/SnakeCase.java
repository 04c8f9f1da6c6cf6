package dev.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Pulumi names attributes in camelCase ({@code instanceTypes}, {@code kmsKeyId}) where Terraform, whose
 * schemas Pulumi's bridged providers share, uses snake_case. Policies read one spelling, so Pulumi values and
 * pointers are converted here. Maps whose keys are the user's own data (tags, labels) are left alone.
 */
final class SnakeCase {
    private SnakeCase() {}

    /** Attributes holding user-keyed maps, in either spelling: their keys are data, not schema names. */
    private static final Set<String> USER_MAPS = Set.of(
            "tags", "tags_all", "labels", "effective_labels", "terraform_labels", "annotations",
            "resource_labels", "user_labels", "metadata", "environment", "variables", "parameters");

    static String name(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && (Character.isLowerCase(camel.charAt(i - 1)) || Character.isDigit(camel.charAt(i - 1)))) out.append('_');
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static JsonNode values(JsonNode node) {
        if (node == null) return null;
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(e -> out.add(values(e)));
            return out;
        }
        if (!node.isObject()) return node;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = name(e.getKey());
            out.set(key, USER_MAPS.contains(key) ? e.getValue() : values(e.getValue()));
        }
        return out;
    }

    /** A JSON pointer with every schema segment converted; segments under a user map keep their spelling. */
    static String pointer(String pointer) {
        if (pointer.isEmpty()) return pointer;
        String[] parts = pointer.split("/", -1);
        StringBuilder out = new StringBuilder();
        boolean userData = false;
        for (int i = 1; i < parts.length; i++) {
            String part = userData ? parts[i] : name(parts[i]);
            out.append('/').append(part);
            if (!userData && USER_MAPS.contains(part)) userData = true;
        }
        return out.toString();
    }
}
