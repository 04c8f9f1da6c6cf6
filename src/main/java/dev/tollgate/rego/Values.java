package dev.tollgate.rego;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Conversions between Rego values and JSON, and their text forms. */
public final class Values {
    private Values() {}

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    /** A JSON tree as a Rego value. Numbers keep their exact decimal value. */
    public static Value fromJson(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return Value.NULL;
        switch (node.getNodeType()) {
            case BOOLEAN: return Value.bool(node.booleanValue());
            case NUMBER: return new Value.Num(node.isBigDecimal() ? node.decimalValue()
                    : node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : new BigDecimal(node.asText()));
            case STRING: return new Value.Str(node.textValue());
            case ARRAY: {
                List<Value> out = new ArrayList<>(node.size());
                for (JsonNode e : node) out.add(fromJson(e));
                return Value.Arr.wrap(out);
            }
            case OBJECT: {
                Map<Value, Value> out = new HashMap<>(Math.max(4, node.size() * 4 / 3 + 1));
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(new Value.Str(e.getKey()), fromJson(e.getValue()));
                }
                return Value.Obj.wrap(out);
            }
            default: return new Value.Str(node.asText());
        }
    }

    /**
     * A Rego value as JSON, the way OPA serialises results: sets become arrays in sorted order,
     * object keys that are not strings are written as their JSON text.
     */
    public static JsonNode toJson(Value v) {
        if (v instanceof Value.Null) return JSON.nullNode();
        if (v instanceof Value.Bool b) return JSON.booleanNode(b.value());
        if (v instanceof Value.Num n) {
            BigDecimal d = n.value();
            if (n.isInteger()) return JSON.numberNode(d.toBigIntegerExact());
            return JSON.numberNode(d);
        }
        if (v instanceof Value.Str s) return JSON.textNode(s.value());
        if (v instanceof Value.Arr a) {
            ArrayNode out = JSON.arrayNode(a.size());
            for (Value e : a.elements()) out.add(toJson(e));
            return out;
        }
        if (v instanceof Value.SetV s) {
            ArrayNode out = JSON.arrayNode(s.size());
            for (Value e : s.elements()) out.add(toJson(e));
            return out;
        }
        Value.Obj o = (Value.Obj) v;
        ObjectNode out = JSON.objectNode();
        for (Value k : o.keys()) {
            String key = k instanceof Value.Str s ? s.value() : toJson(k).toString();
            out.set(key, toJson(o.get(k)));
        }
        return out;
    }

    /**
     * A constant written in Rego term syntax ({@code {"a", 1}}, {@code set()}, {@code [1, {"x": null}]}) as a value.
     * Used for {@code input_term} in conformance cases and for builtin tests. Throws {@link RegoError} when the text
     * is not a constant term.
     */
    public static Value parseTerm(String text) {
        Ast.Term t = Compiler.fold(Parser.parseTerm(text, "term"));
        if (t instanceof Ast.Scalar s) return s.value();
        throw new RegoError(RegoError.PARSE, "not a constant term: " + text);
    }

    /** Number text as OPA prints it: integers plainly, others without trailing zeros. */
    public static String formatNumber(BigDecimal d) {
        if (d.signum() == 0) return "0";
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() <= 0 && s.precision() - s.scale() <= 400) return s.toBigInteger().toString();
        int exp = s.precision() - s.scale() - 1;
        if (exp >= -7 && exp < 21) return s.toPlainString();
        return s.toString().replace("E+", "e+").replace("E-", "e-");
    }

    /** Go-style string ordering: by UTF-8 bytes, which is code point order. */
    public static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i), y = b.charAt(i);
            if (x != y) {
                boolean sx = Character.isSurrogate(x), sy = Character.isSurrogate(y);
                if (sx == sy) return Character.compare(x, y);
                return sx ? 1 : -1; // a surrogate pair encodes a code point above every BMP char
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        return JSON.textNode(s).toString();
    }

    /** Rego literal text: sets as {@code {1, 2}} or {@code set()}, objects and arrays JSON-like. */
    public static String render(Value v) {
        StringBuilder sb = new StringBuilder();
        render(v, sb);
        return sb.toString();
    }

    private static void render(Value v, StringBuilder sb) {
        if (v instanceof Value.Arr a) {
            sb.append('[');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) sb.append(", ");
                render(a.get(i), sb);
            }
            sb.append(']');
        } else if (v instanceof Value.SetV s) {
            if (s.isEmpty()) { sb.append("set()"); return; }
            sb.append('{');
            boolean first = true;
            for (Value e : s.elements()) {
                if (!first) sb.append(", ");
                first = false;
                render(e, sb);
            }
            sb.append('}');
        } else if (v instanceof Value.Obj o) {
            sb.append('{');
            boolean first = true;
            for (Value k : o.keys()) {
                if (!first) sb.append(", ");
                first = false;
                render(k, sb);
                sb.append(": ");
                render(o.get(k), sb);
            }
            sb.append('}');
        } else {
            sb.append(v);
        }
    }
}
