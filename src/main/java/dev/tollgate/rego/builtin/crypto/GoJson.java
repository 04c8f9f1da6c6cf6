package dev.tollgate.rego.builtin.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON as Go's encoding/json reads and writes it for OPA: reading keeps numbers exact, lets the last of
 * duplicate keys win and turns invalid UTF-8 into U+FFFD; writing sorts object keys and escapes
 * {@code < > &} (Go's HTML-safe default), which is visible in signed tokens and request bodies.
 */
public final class GoJson {
    private GoJson() {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public static Value parse(byte[] json) {
        return parse(new String(json, StandardCharsets.UTF_8));
    }

    public static Value parse(String json) {
        if (json.isBlank()) throw new GoError("unexpected end of JSON input");
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) throw new GoError("unexpected end of JSON input");
            return Values.fromJson(node);
        } catch (JsonProcessingException e) {
            throw new GoError(e.getOriginalMessage().lines().findFirst().orElse("invalid JSON"));
        }
    }

    /** Go's json.Valid: exactly one JSON value, surrounded by nothing but whitespace. */
    public static boolean valid(byte[] json) {
        try {
            parse(json);
            return true;
        } catch (GoError e) {
            return false;
        }
    }

    public static String marshal(Value v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    private static void write(Value v, StringBuilder sb) {
        if (v instanceof Value.Str s) {
            string(s.value(), sb);
        } else if (v instanceof Value.Arr a) {
            list(a.elements(), sb);
        } else if (v instanceof Value.SetV s) {
            list(s.elements(), sb);
        } else if (v instanceof Value.Obj o) {
            List<String[]> entries = new ArrayList<>();
            List<Value> values = new ArrayList<>();
            for (Value k : o.keys()) {
                String key = k instanceof Value.Str s ? s.value() : Values.toJson(k).toString();
                entries.add(new String[]{key});
                values.add(o.get(k));
            }
            // Go sorts map keys by their bytes; non-string keys were turned into strings first
            Integer[] order = new Integer[entries.size()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (x, y) -> Values.compareUtf8(entries.get(x)[0], entries.get(y)[0]));
            sb.append('{');
            for (int i = 0; i < order.length; i++) {
                if (i > 0) sb.append(',');
                string(entries.get(order[i])[0], sb);
                sb.append(':');
                write(values.get(order[i]), sb);
            }
            sb.append('}');
        } else {
            sb.append(v); // null, booleans and numbers print as JSON already
        }
    }

    private static void list(List<Value> items, StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) sb.append(',');
            write(items.get(i), sb);
        }
        sb.append(']');
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c)) {
                        boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                        if (pair) sb.append(c).append(s.charAt(++i));
                        else sb.append("\\ufffd");
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
