package dev.tollgate.facts;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * Reads resource attributes by dotted path, the same way for Terraform and Pulumi values.
 * <p>
 * Terraform renders nested blocks as one-element lists ({@code scaling_config[0].desired_size}) where Pulumi has
 * an object ({@code scalingConfig.desiredSize}); a path segment that meets a list without an index steps into its
 * first element, so {@code scaling_config.desired_size} reads both shapes. {@code name[2]} picks an element.
 * A path that is not there is told apart from one whose value is only known after apply.
 */
final class Attrs {

    /** What a lookup found. */
    sealed interface Found {
        /** The path from the request that was looked up. */
        String path();
    }

    record Known(String path, JsonNode value) implements Found {}

    record Unknown(String path) implements Found {}

    record Absent(String path) implements Found {}

    private final JsonNode root;
    private final Set<String> unknownPointers;

    Attrs(JsonNode root, Set<String> unknownPointers) {
        this.root = root;
        this.unknownPointers = unknownPointers;
    }

    /**
     * The first of {@code paths} that has a value. When none has one, the first that is unknown until apply,
     * else {@link Absent} for the first path.
     */
    Found find(String... paths) {
        return find(false, paths);
    }

    /** Like {@link #find(String...)}, but only a text, number or boolean counts as a value. */
    Found findScalar(String... paths) {
        return find(true, paths);
    }

    private Found find(boolean scalar, String... paths) {
        Found unknown = null;
        for (String path : paths) {
            Found f = lookup(path);
            if (f instanceof Known k && (!scalar || k.value().isValueNode())) return f;
            if (f instanceof Unknown && unknown == null) unknown = f;
        }
        return unknown != null ? unknown : new Absent(paths[0]);
    }

    /** The value at the first present path, or null. */
    JsonNode get(String... paths) {
        return find(paths) instanceof Known k ? k.value() : null;
    }

    String text(String... paths) {
        JsonNode n = findScalar(paths) instanceof Known k ? k.value() : null;
        return n != null && (n.isTextual() || n.isNumber() || n.isBoolean()) && !n.asText().isEmpty() ? n.asText() : null;
    }

    Double number(String... paths) {
        JsonNode n = get(paths);
        if (n == null) return null;
        if (n.isNumber()) return n.asDouble();
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    boolean isTrue(String... paths) {
        JsonNode n = get(paths);
        return n != null && (n.isBoolean() ? n.asBoolean() : "true".equalsIgnoreCase(n.asText()));
    }

    /** One parsed path segment: a field name and an optional list index. */
    private record Segment(String name, Integer index) {}

    // Pricers ask for the same few dozen paths on every resource; parse each once.
    private static final java.util.Map<String, Segment[]> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Segment[] parse(String path) {
        return PARSED.computeIfAbsent(path, p -> {
            String[] parts = p.split("\\.");
            Segment[] out = new Segment[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String s = parts[i];
                int bracket = s.indexOf('[');
                out[i] = bracket >= 0 && s.endsWith("]")
                        ? new Segment(s.substring(0, bracket), Integer.parseInt(s.substring(bracket + 1, s.length() - 1)))
                        : new Segment(s, null);
            }
            return out;
        });
    }

    private Found lookup(String path) {
        if (root == null || root.isNull() || root.isMissingNode()) return new Absent(path);
        // Pointers are only needed to check unknowns; skip building them when there are none.
        boolean track = !unknownPointers.isEmpty();
        JsonNode node = root;
        StringBuilder pointer = track ? new StringBuilder() : null;
        for (Segment segment : parse(path)) {
            // A list reached by a named segment is a nested block: step into its first element.
            if (node.isArray()) {
                if (track && isUnknown(pointer + "/0")) return new Unknown(path);
                if (node.isEmpty()) return new Absent(path);
                node = node.get(0);
                if (track) pointer.append("/0");
            }
            if (track) {
                pointer.append('/').append(escape(segment.name()));
                if (isUnknown(pointer.toString())) return new Unknown(path);
            }
            JsonNode next = node.get(segment.name());
            if (next == null || next.isNull()) return new Absent(path);
            node = next;
            if (segment.index() != null) {
                int index = segment.index();
                if (track) {
                    pointer.append('/').append(index);
                    if (isUnknown(pointer.toString())) return new Unknown(path);
                }
                if (!node.isArray() || node.size() <= index) return new Absent(path);
                node = node.get(index);
            }
        }
        return new Known(path, node);
    }

    private boolean isUnknown(String pointer) {
        return unknownPointers.contains(pointer);
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** The first of {@code names} that is a non-empty field of {@code n}, as text. */
    static String text(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && !v.isNull() && !v.asText().isEmpty()) return v.asText();
        }
        return null;
    }

    /** The first of {@code names} that is a numeric field of {@code n}. */
    static Double number(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && v.isNumber()) return v.asDouble();
        }
        return null;
    }
}
