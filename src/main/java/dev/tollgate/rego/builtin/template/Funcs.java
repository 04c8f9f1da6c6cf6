package dev.tollgate.rego.builtin.template;

import dev.tollgate.rego.builtin.GoFormat;
import dev.tollgate.rego.builtin.template.GoValues.JsonNumber;
import dev.tollgate.rego.builtin.template.GoValues.Missing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tollgate.rego.builtin.template.GoValues.kind;
import static dev.tollgate.rego.builtin.template.GoValues.print;
import static dev.tollgate.rego.builtin.template.GoValues.truth;

/** The predefined template functions supported here: and, or, not, len, index, print(f/ln), eq, ne, lt, le, gt, ge. */
final class Funcs {
    private Funcs() {}

    static Object call(String name, List<Object> args, int line) {
        switch (name) {
            case "and" -> {
                need(name, args, 1);
                for (Object a : args) if (!truth(a)) return a;
                return args.get(args.size() - 1);
            }
            case "or" -> {
                need(name, args, 1);
                for (Object a : args) if (truth(a)) return a;
                return args.get(args.size() - 1);
            }
            case "not" -> { exactly(name, args, 1); return !truth(args.get(0)); }
            case "len" -> { exactly(name, args, 1); return len(args.get(0)); }
            case "index" -> { need(name, args, 1); return index(args); }
            case "print" -> { return sprint(args, false); }
            case "println" -> { return sprint(args, true); }
            case "printf" -> {
                need(name, args, 1);
                if (!(args.get(0) instanceof String f)) throw GoTemplate.error("printf: format must be a string");
                List<Object> rest = new ArrayList<>();
                for (Object a : args.subList(1, args.size())) rest.add(formatOperand(a));
                return GoFormat.sprintf(f, rest);
            }
            case "eq" -> {
                need(name, args, 2);
                for (Object b : args.subList(1, args.size())) if (compare(args.get(0), b, true) == 0) return true;
                return false;
            }
            case "ne" -> { exactly(name, args, 2); return compare(args.get(0), args.get(1), true) != 0; }
            case "lt" -> { exactly(name, args, 2); return compare(args.get(0), args.get(1), false) < 0; }
            case "le" -> { exactly(name, args, 2); return compare(args.get(0), args.get(1), false) <= 0; }
            case "gt" -> { exactly(name, args, 2); return compare(args.get(0), args.get(1), false) > 0; }
            case "ge" -> { exactly(name, args, 2); return compare(args.get(0), args.get(1), false) >= 0; }
            default -> throw GoTemplate.error(line + ": function \"" + name + "\" not defined");
        }
    }

    private static void need(String name, List<Object> args, int n) {
        if (args.size() < n) throw GoTemplate.error("wrong number of args for " + name + ": want at least " + n + " got " + args.size());
    }

    private static void exactly(String name, List<Object> args, int n) {
        if (args.size() != n) throw GoTemplate.error("wrong number of args for " + name + ": want " + n + " got " + args.size());
    }

    private static long len(Object v) {
        if (v instanceof String s) return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (v instanceof JsonNumber n) return n.text().length();
        if (v instanceof List<?> l) return l.size();
        if (v instanceof Map<?, ?> m) return m.size();
        throw GoTemplate.error("error calling len: len of type " + kind(v));
    }

    private static Object index(List<Object> args) {
        Object v = args.get(0);
        for (Object key : args.subList(1, args.size())) {
            if (v instanceof Map<?, ?> m) {
                if (!(key instanceof String k)) throw GoTemplate.error("error calling index: value has type " + kind(key) + "; should be string");
                v = m.containsKey(k) ? m.get(k) : null;
            } else if (v instanceof List<?> l) {
                if (!(key instanceof Long i)) throw GoTemplate.error("error calling index: cannot index slice/array with type " + kind(key));
                if (i < 0 || i >= l.size()) throw GoTemplate.error("error calling index: index out of range: " + i);
                v = l.get(i.intValue());
            } else {
                throw GoTemplate.error("error calling index: can't index item of type " + kind(v));
            }
        }
        return v;
    }

    /** fmt.Sprint: spaces between operands when neither side is a string; Sprintln always, plus a newline. */
    private static String sprint(List<Object> args, boolean ln) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            boolean isString = args.get(i) instanceof String;
            if (i > 0 && (ln || !isString && !(args.get(i - 1) instanceof String))) sb.append(' ');
            sb.append(print(args.get(i)));
        }
        if (ln) sb.append('\n');
        return sb.toString();
    }

    /** Operands for printf: ints and strings as themselves, everything else by its printed text. */
    private static Object formatOperand(Object v) {
        if (v instanceof Long || v instanceof String || v instanceof Double) return v;
        return print(v);
    }

    /** Basic-kind comparison as text/template does it; json.Number compares as the string it is. */
    private static int compare(Object a, Object b, boolean equalityOnly) {
        Object x = a instanceof JsonNumber n ? n.text() : a, y = b instanceof JsonNumber n ? n.text() : b;
        if (x instanceof Long p && y instanceof Long q) return Long.compare(p, q);
        if (x instanceof String p && y instanceof String q) return dev.tollgate.rego.Values.compareUtf8(p, q);
        if (x instanceof Boolean p && y instanceof Boolean q && equalityOnly) return p.equals(q) ? 0 : 1;
        if (x instanceof Double || y instanceof Double) {
            if ((x instanceof Double || x instanceof Long) && (y instanceof Double || y instanceof Long)) {
                return Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue());
            }
        }
        if (equalityOnly && (x == null || y == null || x == Missing.VALUE || y == Missing.VALUE)) {
            if ((x == null || x == Missing.VALUE) && (y == null || y == Missing.VALUE)) return 0;
        }
        throw GoTemplate.error("error calling " + (equalityOnly ? "eq" : "lt") + ": incompatible types for comparison");
    }
}
