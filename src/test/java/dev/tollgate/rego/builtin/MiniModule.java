package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;
import dev.tollgate.rego.builtin.crypto.GoBase64;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Just enough Rego to run the conformance modules of the builtin families tested here before the real
 * interpreter exists: rules bound to literals or builtin calls, and rule bodies made of calls (also in the
 * output-argument form), unifications, {@code not}, {@code ==}, arithmetic on numbers and {@code input.x}
 * references. Anything outside that shape throws, so a case can never pass by being misread.
 */
final class MiniModule {
    /** A rule: {@code name := term}, {@code name := term if { body }}, {@code name contains term if { body }}. */
    private record Rule(String term, String body, boolean contains) {}

    private final Map<String, Rule> rules = new HashMap<>();
    private final Map<String, Value> values = new HashMap<>();
    private final Value input;

    MiniModule(String source, Value input) {
        this.input = input;
        Scanner s = new Scanner(source);
        while (s.skipSpace()) {
            String name = s.identifier();
            if (name.equals("package") || name.equals("import")) {
                s.skipLine();
                continue;
            }
            s.skipSpace();
            String term = "true";
            boolean contains = false;
            if (s.accept("contains")) {
                contains = true;
                s.skipSpace();
                term = s.term();
            } else if (s.accept(":=") || s.accept("=")) {
                s.skipSpace();
                term = s.term();
            }
            s.skipSpace();
            String body = null;
            if (s.accept("if")) s.skipSpace();
            if (s.peek() == '{') {
                String block = s.balanced();
                body = block.substring(1, block.length() - 1);
            }
            rules.put(name, new Rule(term, body, contains));
        }
    }

    MiniModule(String source) {
        this(source, null);
    }

    /** The rule's value, or null when undefined. Builtin errors propagate as RegoError. */
    Value eval(String rule) {
        if (values.containsKey(rule)) return values.get(rule);
        Rule r = rules.get(rule);
        if (r == null) throw new IllegalArgumentException("no rule " + rule);
        Map<String, Value> locals = new HashMap<>();
        Value out = null;
        boolean ok = true;
        if (r.body() != null) {
            for (String stmt : statements(r.body())) {
                if (!statement(stmt, locals)) {
                    ok = false;
                    break;
                }
            }
        }
        if (ok) out = term(r.term(), locals);
        if (r.contains()) out = out == null ? Value.SetV.EMPTY : Value.SetV.of(out);
        values.put(rule, out);
        return out;
    }

    Value evalP() {
        return eval("p");
    }

    private boolean statement(String stmt, Map<String, Value> locals) {
        if (stmt.startsWith("not ")) {
            Value v = term(stmt.substring(4).trim(), locals);
            return v == null || v.equals(Value.FALSE);
        }
        int eq = topLevel(stmt, "==");
        if (eq >= 0) {
            Value l = term(stmt.substring(0, eq), locals), r = term(stmt.substring(eq + 2), locals);
            return l != null && l.equals(r);
        }
        int assign = topLevel(stmt, ":=");
        int unify = assign >= 0 ? assign : topLevel(stmt, "=");
        if (unify >= 0) {
            Value v = term(stmt.substring(unify + (assign >= 0 ? 2 : 1)), locals);
            return v != null && unify(stmt.substring(0, unify).trim(), v, locals);
        }
        Call call = call(stmt);
        if (call != null && call.args().size() == arity(call.name()) + 1) {
            // output-argument form: f(a, b, out)
            Value v = invoke(call.name(), call.args().subList(0, call.args().size() - 1), locals);
            return v != null && unify(call.args().get(call.args().size() - 1).trim(), v, locals);
        }
        Value v = term(stmt, locals);
        return v != null && !v.equals(Value.FALSE);
    }

    private boolean unify(String pattern, Value v, Map<String, Value> locals) {
        if (pattern.equals("_")) return true;
        if (pattern.startsWith("[")) {
            List<String> parts = nonBlank(split(pattern.substring(1, pattern.length() - 1), ','));
            if (!(v instanceof Value.Arr a) || a.size() != parts.size()) return false;
            for (int i = 0; i < parts.size(); i++) if (!unify(parts.get(i).trim(), a.get(i), locals)) return false;
            return true;
        }
        if (!pattern.matches("[A-Za-z_][A-Za-z0-9_]*")) return v.equals(term(pattern, locals));
        Value bound = locals.containsKey(pattern) ? locals.get(pattern) : rules.containsKey(pattern) ? eval(pattern) : null;
        if (bound != null) return bound.equals(v);
        locals.put(pattern, v);
        return true;
    }

    private record Call(String name, List<String> args) {}

    private static Call call(String text) {
        text = text.trim();
        int paren = text.indexOf('(');
        if (paren <= 0 || !text.endsWith(")") || !text.substring(0, paren).matches("[a-z_][a-z_.0-9]*")) return null;
        if (matchingParen(text, paren) != text.length() - 1) return null;
        return new Call(text.substring(0, paren), nonBlank(split(text.substring(paren + 1, text.length() - 1), ',')));
    }

    private static int arity(String builtin) {
        BuiltinRegistry.Entry e = BuiltinRegistry.standard().lookup(builtin);
        return e != null ? e.arity() : STAND_INS.getOrDefault(builtin, -1);
    }

    /** Builtins of other families some cases use, for when those families are not there yet. */
    private static final Map<String, Integer> STAND_INS = Map.of("time.now_ns", 0, "base64url.encode_no_pad", 1);

    private Value invoke(String name, List<String> args, Map<String, Value> locals) {
        List<Value> values = new ArrayList<>();
        for (String a : args) {
            Value v = term(a, locals);
            if (v == null) return null;
            values.add(v);
        }
        if (BuiltinRegistry.standard().lookup(name) == null && STAND_INS.containsKey(name)) {
            if (name.equals("time.now_ns")) return Value.num(System.currentTimeMillis() * 1_000_000L);
            Value.Str s = (Value.Str) values.get(0);
            return Value.str(GoBase64.encodeRawUrl(s.value().getBytes(StandardCharsets.UTF_8)));
        }
        return ConformanceCases.call(name, values.toArray(new Value[0]));
    }

    Value term(String text, Map<String, Value> locals) {
        String t = text.trim();
        for (char op : new char[]{'+', '-', '*', '/'}) {
            int i = topLevel(t, " " + op + " ");
            if (i > 0) return arithmetic(op, term(t.substring(0, i), locals), term(t.substring(i + 3), locals));
        }
        if (t.startsWith("`")) return Value.str(t.substring(1, t.length() - 1));
        if (t.startsWith("\"")) return ConformanceCases.json(t);
        if (t.startsWith("{") || t.startsWith("[")) return collection(t, locals);
        if (t.equals("true") || t.equals("false")) return Value.bool(t.equals("true"));
        if (t.equals("null")) return Value.NULL;
        if (t.matches("-?[0-9][0-9.eE+-]*")) return Value.num(new BigDecimal(t));
        Call c = call(t);
        if (c != null) return invoke(c.name(), c.args(), locals);
        int paren = t.indexOf('(');
        if (paren > 0 && t.substring(0, paren).matches("[a-z_][a-z_.0-9]*")) {
            int close = matchingParen(t, paren);
            Value base = term(t.substring(0, close + 1), locals);
            return refs(base, t.substring(close + 1));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(.*)", java.util.regex.Pattern.DOTALL).matcher(t);
        if (m.matches() && (m.group(2).isEmpty() || m.group(2).startsWith(".") || m.group(2).startsWith("["))) {
            String var = m.group(1);
            Value base = var.equals("input") ? input : locals.containsKey(var) ? locals.get(var) : rules.containsKey(var) ? eval(var) : null;
            if (base != null || var.equals("input")) return refs(base, m.group(2));
        }
        throw new IllegalArgumentException("unsupported term: " + t);
    }

    /** {@code .name} and {@code [index]} steps after a value; undefined (null) as soon as one does not apply. */
    private static Value refs(Value v, String path) {
        int i = 0;
        while (i < path.length() && v != null) {
            if (path.charAt(i) == '.') {
                int end = i + 1;
                while (end < path.length() && (Character.isLetterOrDigit(path.charAt(end)) || path.charAt(end) == '_')) end++;
                v = v instanceof Value.Obj o ? o.get(path.substring(i + 1, end)) : null;
                i = end;
            } else if (path.charAt(i) == '[') {
                int end = path.indexOf(']', i);
                String key = path.substring(i + 1, end).trim();
                if (key.matches("[0-9]+")) {
                    int n = Integer.parseInt(key);
                    v = v instanceof Value.Arr a && n < a.size() ? a.get(n) : null;
                } else {
                    v = v instanceof Value.Obj o ? o.get(ConformanceCases.json(key)) : null;
                }
                i = end + 1;
            } else {
                throw new IllegalArgumentException("unsupported reference " + path);
            }
        }
        return v;
    }

    private static Value arithmetic(char op, Value a, Value b) {
        if (!(a instanceof Value.Num x) || !(b instanceof Value.Num y)) return null;
        BigDecimal l = x.value(), r = y.value();
        return Value.num(switch (op) {
            case '+' -> l.add(r);
            case '-' -> l.subtract(r);
            case '*' -> l.multiply(r);
            default -> l.divide(r, MathContext.DECIMAL128);
        });
    }

    /** Array, object or set literal; plain JSON goes through Jackson, anything else element by element. */
    private Value collection(String t, Map<String, Value> locals) {
        try {
            return ConformanceCases.json(t);
        } catch (RuntimeException notJson) {
            List<String> parts = nonBlank(split(t.substring(1, t.length() - 1), ','));
            if (t.startsWith("[")) {
                List<Value> out = new ArrayList<>();
                for (String p : parts) out.add(term(p, locals));
                return Value.Arr.copyOf(out);
            }
            if (!parts.isEmpty() && topLevel(parts.get(0), ":") < 0) {
                Set<Value> out = new HashSet<>();
                for (String p : parts) out.add(term(p, locals));
                return Value.SetV.copyOf(out);
            }
            Value.Obj.Builder b = Value.Obj.builder();
            for (String p : parts) {
                int colon = topLevel(p, ":");
                b.put(term(p.substring(0, colon), locals), term(p.substring(colon + 1), locals));
            }
            return b.build();
        }
    }

    // ------------------------------------------------------------------ text helpers

    private static List<String> statements(String body) {
        List<String> out = new ArrayList<>();
        for (String line : split(body, '\n')) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
        }
        return out;
    }

    private static List<String> nonBlank(List<String> parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            String t = stripComments(p).trim();
            if (!t.isEmpty()) out.add(t);
        }
        return out;
    }

    /** Drops {@code # ...} line comments that sit between the elements of a multi-line literal. */
    private static String stripComments(String s) {
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (!line.trim().startsWith("#")) out.append(line).append('\n');
        }
        return out.toString();
    }

    /** Splits at a separator outside brackets and string literals. */
    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`') i = s.indexOf('`', i + 1);
            else if (c == '"') i = endOfString(s, i);
            else if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth--;
            else if (c == sep && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static int topLevel(String s, String op) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`') i = s.indexOf('`', i + 1);
            else if (c == '"') i = endOfString(s, i);
            else if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth--;
            else if (depth == 0 && s.startsWith(op, i)) {
                if (op.equals("=") && (s.startsWith("==", i) || (i > 0 && "=:!<>".indexOf(s.charAt(i - 1)) >= 0))) continue;
                if (op.equals(":") && s.startsWith(":=", i)) continue;
                return i;
            }
        }
        return -1;
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`') i = s.indexOf('`', i + 1);
            else if (c == '"') i = endOfString(s, i);
            else if (c == '(' || c == '[' || c == '{') depth++;
            else if ((c == ')' || c == ']' || c == '}') && --depth == 0) return i;
        }
        return -1;
    }

    private static int endOfString(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') i++;
            else if (s.charAt(i) == '"') return i;
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private static final class Scanner {
        final String text;
        int pos;

        Scanner(String text) {
            this.text = text;
        }

        char peek() {
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        boolean skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '#') skipLine();
                else if (Character.isWhitespace(c)) pos++;
                else return true;
            }
            return false;
        }

        void skipLine() {
            int nl = text.indexOf('\n', pos);
            pos = nl < 0 ? text.length() : nl + 1;
        }

        boolean accept(String word) {
            if (!text.startsWith(word, pos)) return false;
            int end = pos + word.length();
            if (Character.isLetter(word.charAt(0)) && end < text.length() && Character.isLetterOrDigit(text.charAt(end))) return false;
            if (word.equals("=") && end < text.length() && text.charAt(end) == '=') return false;
            pos = end;
            return true;
        }

        String identifier() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
            if (start == pos) throw new IllegalArgumentException("expected a name at: " + text.substring(pos, Math.min(text.length(), pos + 30)));
            return text.substring(start, pos);
        }

        /** A literal, collection, reference or call, up to where its brackets balance. */
        String term() {
            int start = pos;
            char c = text.charAt(pos);
            if (c == '`') {
                pos = text.indexOf('`', pos + 1) + 1;
            } else if (c == '"') {
                pos = endOfString(text, pos) + 1;
            } else if (c == '{' || c == '[') {
                balanced();
            } else {
                identifier();
                while (pos < text.length() && text.charAt(pos) == '.') {
                    pos++;
                    identifier();
                }
                if (pos < text.length() && text.charAt(pos) == '(') balanced();
                while (pos < text.length() && (text.charAt(pos) == '[' || text.charAt(pos) == '.')) {
                    if (text.charAt(pos) == '[') {
                        balanced();
                    } else {
                        pos++;
                        identifier();
                    }
                }
            }
            return text.substring(start, pos);
        }

        String balanced() {
            int start = pos, depth = 0;
            do {
                char c = text.charAt(pos);
                if (c == '`') pos = text.indexOf('`', pos + 1);
                else if (c == '"') pos = endOfString(text, pos);
                else if (c == '#') {
                    int nl = text.indexOf('\n', pos);
                    pos = nl < 0 ? text.length() - 1 : nl;
                } else if (c == '(' || c == '[' || c == '{') depth++;
                else if (c == ')' || c == ']' || c == '}') depth--;
                pos++;
            } while (depth > 0);
            return text.substring(start, pos);
        }
    }

    static String render(Value v) {
        return v == null ? "undefined" : Values.render(v);
    }

    static RegoError errorOf(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RegoError e) {
            return e;
        }
    }
}
