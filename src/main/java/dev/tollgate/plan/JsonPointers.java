package dev.tollgate.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON pointers (RFC 6901) for the unknown and sensitive parts of a resource, and redaction of the sensitive ones.
 * Terraform describes both with "mask" documents shaped like the value and holding {@code true} at the leaves
 * that are unknown (after_unknown) or sensitive (before_sensitive, after_sensitive).
 */
public final class JsonPointers {
    private JsonPointers() {}

    /** Adds a pointer for every {@code true} in the mask; a bare {@code true} mask means the whole value. */
    public static void collectTrue(JsonNode mask, String prefix, Set<String> into) {
        if (mask == null) return;
        if (mask.isBoolean()) {
            if (mask.booleanValue()) into.add(prefix);
        } else if (mask.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = mask.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collectTrue(e.getValue(), prefix + "/" + escape(e.getKey()), into);
            }
        } else if (mask.isArray()) {
            for (int i = 0; i < mask.size(); i++) collectTrue(mask.get(i), prefix + "/" + i, into);
        }
    }

    /**
     * The streaming form of {@link #collectTrue(JsonNode, String, Set)}: reads the mask the parser is on without
     * building it. {@code file} and {@code path} name the mask in errors. Pointer and path are grown in place and
     * only turned into strings for a {@code true} leaf or an error, since most of a mask is {@code false}.
     */
    static void collectTrue(JsonParser p, Set<String> into, String file, String path) throws IOException {
        collectTrue(p, new StringBuilder(), new StringBuilder(path), into, file);
    }

    private static void collectTrue(JsonParser p, StringBuilder pointer, StringBuilder path, Set<String> into, String file)
            throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_TRUE -> into.add(pointer.toString());
            case VALUE_FALSE, VALUE_NULL -> { }
            case START_OBJECT -> {
                int pointerLength = pointer.length(), pathLength = path.length();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    pointer.append('/').append(escape(key));
                    Json.appendChild(path, key);
                    collectTrue(p, pointer, path, into, file);
                    pointer.setLength(pointerLength);
                    path.setLength(pathLength);
                }
            }
            case START_ARRAY -> {
                int pointerLength = pointer.length(), pathLength = path.length();
                for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                    pointer.append('/').append(i);
                    path.append('[').append(i).append(']');
                    collectTrue(p, pointer, path, into, file);
                    pointer.setLength(pointerLength);
                    path.setLength(pathLength);
                }
            }
            default -> throw new PlanFormatException(file, path.toString(), "expected boolean, object or array, found "
                    + (t == JsonToken.VALUE_STRING ? "string" : "number"));
        }
    }

    public static String escape(String key) {
        if (key.indexOf('~') < 0 && key.indexOf('/') < 0) return key;
        return key.replace("~", "~0").replace("/", "~1");
    }

    public static String unescape(String token) {
        if (token.indexOf('~') < 0) return token;
        return token.replace("~1", "/").replace("~0", "~");
    }

    /**
     * Removes the values at the given pointers so nothing sensitive travels further (reports, policy input).
     * Array elements are replaced by null rather than removed so later indexes keep their meaning.
     * Returns the value to use: an empty object when the root itself is sensitive.
     */
    public static JsonNode redact(JsonNode value, Set<String> pointers) {
        if (value == null || pointers.isEmpty()) return value;
        if (pointers.contains("")) return JsonNodeFactory.instance.objectNode();
        for (String p : pointers) {
            List<String> tokens = tokens(p);
            JsonNode parent = value;
            for (int i = 0; i < tokens.size() - 1 && parent != null; i++) parent = child(parent, tokens.get(i));
            if (parent == null) continue;
            String last = tokens.get(tokens.size() - 1);
            if (parent instanceof ObjectNode o) {
                o.remove(last);
            } else if (parent instanceof ArrayNode a && isIndex(last) && Integer.parseInt(last) < a.size()) {
                a.set(Integer.parseInt(last), JsonNodeFactory.instance.nullNode());
            }
        }
        return value;
    }

    /** The value at a pointer, or null. */
    public static JsonNode at(JsonNode value, String pointer) {
        JsonNode n = value;
        for (String t : tokens(pointer)) {
            if (n == null) return null;
            n = child(n, t);
        }
        return n;
    }

    static List<String> tokens(String pointer) {
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) return out;
        for (String t : pointer.substring(1).split("/", -1)) out.add(unescape(t));
        return out;
    }

    private static JsonNode child(JsonNode n, String token) {
        if (n.isObject()) return n.get(token);
        if (n.isArray() && isIndex(token)) return n.get(Integer.parseInt(token));
        return null;
    }

    private static boolean isIndex(String token) {
        if (token.isEmpty() || token.length() > 9) return false;
        for (int i = 0; i < token.length(); i++) if (!Character.isDigit(token.charAt(i))) return false;
        return true;
    }
}
