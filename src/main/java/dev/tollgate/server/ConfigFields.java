package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to one mapping of the {@code server:} section, naming the file and the dotted field in every error,
 * so a typo in a limit or a path is reported at start, never silently defaulted.
 */
record ConfigFields(String file, String prefix, JsonNode node, Path base) {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    ConfigFields {
        if (node != null && !node.isObject()) throw new ConfigException(file + ": " + trim(prefix) + " must be a mapping");
    }

    String where(String field) {
        return file + ": " + prefix + field;
    }

    ConfigFields only(String... allowed) {
        if (node == null) return this;
        Set<String> known = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new ConfigException(where(name) + ": unknown field (known: " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    private JsonNode get(String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    ConfigFields object(String field) {
        JsonNode v = get(field);
        if (v != null && !v.isObject()) throw new ConfigException(where(field) + ": must be a mapping");
        return new ConfigFields(file, prefix + field + ".", v, base);
    }

    boolean present() {
        return node != null;
    }

    String text(String field, String fallback) {
        JsonNode v = get(field);
        if (v == null) return fallback;
        if (!v.isValueNode()) throw new ConfigException(where(field) + ": must be a single value");
        return v.asText();
    }

    boolean bool(String field, boolean fallback) {
        JsonNode v = get(field);
        if (v == null) return fallback;
        if (!v.isBoolean()) throw new ConfigException(where(field) + ": must be true or false, not " + v);
        return v.asBoolean();
    }

    int integer(String field, int fallback, int min, int max) {
        JsonNode v = get(field);
        if (v == null) return fallback;
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new ConfigException(where(field) + ": must be a whole number from " + min + " to " + max + ", not " + v);
        }
        return v.asInt();
    }

    /** A path, relative to the config file's directory. */
    Path path(String field, Path fallback) {
        String v = text(field, null);
        return v == null ? fallback : base.resolve(v).normalize();
    }

    List<Path> paths(String field) {
        List<Path> out = new ArrayList<>();
        for (String s : strings(field, List.of())) out.add(base.resolve(s).normalize());
        return out;
    }

    List<String> strings(String field, List<String> fallback) {
        JsonNode v = get(field);
        if (v == null) return fallback;
        if (v.isTextual()) return List.of(v.asText());
        if (!v.isArray()) throw new ConfigException(where(field) + ": must be a list of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) throw new ConfigException(where(field) + ": must be a list of strings, found " + e);
            out.add(e.asText());
        }
        return List.copyOf(out);
    }

    JsonNode array(String field) {
        JsonNode v = get(field);
        if (v != null && !v.isArray()) throw new ConfigException(where(field) + ": must be a list");
        return v;
    }

    ConfigFields element(String field, int i, JsonNode e) {
        if (!e.isObject()) throw new ConfigException(where(field) + "[" + i + "]: must be a mapping");
        return new ConfigFields(file, prefix + field + "[" + i + "].", e, base);
    }

    /** A byte count: {@code 100MB}, {@code 512KiB}, or a plain number of bytes. */
    long size(String field, long fallback) {
        String v = text(field, null);
        if (v == null) return fallback;
        long parsed = parseSize(v);
        if (parsed < 0) throw new ConfigException(where(field) + ": '" + v + "' is not a size such as 100MB or 512KiB");
        return parsed;
    }

    /** A duration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    Duration duration(String field, Duration fallback) {
        String v = text(field, null);
        if (v == null) return fallback;
        Duration d = parseDuration(v);
        if (d == null) throw new ConfigException(where(field) + ": '" + v + "' is not a duration such as 250ms, 30s or 5m");
        return d;
    }

    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) return -1;
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "KB" -> n * 1_000;
            case "MB" -> n * 1_000_000;
            case "GB" -> n * 1_000_000_000;
            case "KIB" -> n << 10;
            case "MIB" -> n << 20;
            case "GIB" -> n << 30;
            default -> n;
        };
    }

    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static String trim(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
