package dev.tollgate.rego.builtin.template;

import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.Sprintf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Template data as Go's text/template sees OPA's variables after their JSON round trip: strings, json.Number
 * (a string type, so it prints as its text and is true even when zero), booleans, nil, []interface{} and
 * map[string]interface{}; range indexes are Go ints (Long).
 */
final class GoValues {
    private GoValues() {}

    /** A JSON number as Go's json.Number: a string type that prints as its text. */
    record JsonNumber(String text) {
        @Override public String toString() { return text; }
    }

    /** The value of a key the map does not have. */
    enum Missing { VALUE }

    /** Template variables as Go sees them after a JSON round trip. */
    static Object toGo(Value v) {
        if (v instanceof Value.Null) return null;
        if (v instanceof Value.Bool b) return b.value();
        if (v instanceof Value.Num n) return new JsonNumber(Sprintf.numberText(n.value()));
        if (v instanceof Value.Str s) return s.value();
        if (v instanceof Value.Arr a) {
            List<Object> out = new ArrayList<>();
            for (Value e : a.elements()) out.add(toGo(e));
            return out;
        }
        if (v instanceof Value.SetV) {
            // OPA decodes the variables from their Rego text as JSON, and a set's text is not JSON.
            throw GoTemplate.error( "sets cannot be passed to a template: " + Sprintf.regoText(v));
        }
        Value.Obj o = (Value.Obj) v;
        Map<String, Object> out = new TreeMap<>(dev.tollgate.rego.Values::compareUtf8);
        for (Value k : o.keys()) out.put(k instanceof Value.Str s ? s.value() : Sprintf.regoText(k), toGo(o.get(k)));
        return out;
    }

    /** fmt.Sprint of one value. */
    static String print(Object v) {
        if (v == null) return "<nil>";
        if (v == Missing.VALUE) return "<undefined>";
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(' ');
                sb.append(print(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(' ');
                first = false;
                sb.append(e.getKey()).append(':').append(print(e.getValue()));
            }
            return sb.append(']').toString();
        }
        return v.toString();
    }

    /** Go's truth: false, zero, nil and empty things are false; a json.Number is a non-empty string, so true. */
    static boolean truth(Object v) {
        if (v == null || v == Missing.VALUE) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Long l) return l != 0;
        if (v instanceof String s) return !s.isEmpty();
        if (v instanceof JsonNumber n) return !n.text().isEmpty();
        if (v instanceof List<?> l) return !l.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    static String kind(Object v) {
        if (v == null || v == Missing.VALUE) return "<nil>";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Long) return "int";
        if (v instanceof String) return "string";
        if (v instanceof JsonNumber) return "json.Number";
        if (v instanceof List<?>) return "[]interface {}";
        return "map[string]interface {}";
    }
}
