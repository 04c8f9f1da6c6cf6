package dev.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value together with the file and JSON path it came from. Readers walk documents through this
 * so that any complaint names exactly where the input went wrong: {@code plan.json: $.resource_changes[3].type: expected string}.
 */
public record Json(String file, String path, JsonNode node) {


    public static Json root(String file, JsonNode node) {
        return new Json(file, "$", node);
    }

    /** Nothing at all: what {@link #get} returns for a member that is not there. */
    public static Json missing(String file, String path) {
        return new Json(file, path, MissingNode.getInstance());
    }

    public Json get(String key) {
        JsonNode child = node != null && node.isObject() ? node.get(key) : null;
        return new Json(file, childPath(path, key), child == null ? MissingNode.getInstance() : child);
    }

    public Json at(int index) {
        JsonNode child = node != null && node.isArray() ? node.get(index) : null;
        return new Json(file, path + "[" + index + "]", child == null ? MissingNode.getInstance() : child);
    }

    /** Absent, or JSON null: both mean "not given" in every format Tollgate reads. */
    public boolean absent() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    public boolean isObject() { return !absent() && node.isObject(); }

    public boolean isArray() { return !absent() && node.isArray(); }

    public boolean has(String key) {
        return isObject() && node.has(key);
    }

    public String text() {
        if (node == null || node.isMissingNode()) throw error("missing (expected string)");
        if (!node.isTextual()) throw error("expected string, found " + describe(node));
        return node.asText();
    }

    /** A required string member. */
    public String text(String key) {
        Json child = get(key);
        if (child.absent()) throw child.error("missing (expected string)");
        return child.text();
    }

    /** An optional string member: null when absent or null. */
    public String optText(String key) {
        Json child = get(key);
        return child.absent() ? null : child.text();
    }

    public boolean optBool(String key, boolean fallback) {
        Json child = get(key);
        if (child.absent()) return fallback;
        if (!child.node.isBoolean()) throw child.error("expected boolean, found " + describe(child.node));
        return child.node.asBoolean();
    }

    /** A required object member. */
    public Json obj(String key) {
        Json child = get(key);
        if (child.absent()) throw child.error("missing (expected object)");
        return child.requireObject();
    }

    /** An optional object member: an absent Json when missing or null, an error when it is something else. */
    public Json optObj(String key) {
        Json child = get(key);
        return child.absent() ? child : child.requireObject();
    }

    public Json requireObject() {
        if (!node.isObject()) throw error("expected object, found " + describe(node));
        return this;
    }

    /** Elements of a required array member. */
    public List<Json> arr(String key) {
        Json child = get(key);
        if (child.absent()) throw child.error("missing (expected array)");
        return child.elements();
    }

    /** Elements of an optional array member: empty when absent or null. */
    public List<Json> optArr(String key) {
        Json child = get(key);
        return child.absent() ? List.of() : child.elements();
    }

    public List<Json> elements() {
        if (!node.isArray()) throw error("expected array, found " + describe(node));
        List<Json> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(at(i));
        return out;
    }

    /** Members of this object in document order; empty when absent. */
    public Map<String, Json> fields() {
        if (absent()) return Map.of();
        requireObject();
        Map<String, Json> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), new Json(file, childPath(path, e.getKey()), e.getValue()));
        }
        return out;
    }

    /** Strings of an optional array member, each checked. */
    public List<String> optTexts(String key) {
        List<String> out = new ArrayList<>();
        for (Json e : optArr(key)) out.add(e.text());
        return out;
    }

    public PlanFormatException error(String problem) {
        return new PlanFormatException(file, path, problem);
    }

    public static String childPath(String parent, String key) {
        return appendChild(new StringBuilder(parent.length() + key.length() + 1).append(parent), key).toString();
    }

    /** Appends a member step to a path: {@code .key}, or {@code ["odd key"]} when the key is not a plain name. */
    static StringBuilder appendChild(StringBuilder path, String key) {
        if (plain(key)) return path.append('.').append(key);
        return path.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
    }

    /** A key that can follow a dot in a path: letters, digits, _ and -, not starting with a digit or -. */
    private static boolean plain(String key) {
        if (key.isEmpty()) return false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean more = (c >= '0' && c <= '9') || c == '-';
            if (!letter && !(i > 0 && more)) return false;
        }
        return true;
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) return "nothing";
        if (n.isNull()) return "null";
        if (n.isTextual()) return "string";
        if (n.isNumber()) return "number";
        if (n.isBoolean()) return "boolean";
        if (n.isArray()) return "array";
        if (n.isObject()) return "object";
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
