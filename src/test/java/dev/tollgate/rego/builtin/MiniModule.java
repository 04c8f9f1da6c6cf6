package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough Rego to run conformance modules whose rules are bindings to literals plus one rule {@code p}
 * made of builtin calls, unifications and negations. Anything outside that shape fails loudly, so a case can
 * never pass by being misread. Used only until the real interpreter can run these cases end to end.
 */
final class MiniModule {
    private final Map<String, String> definitions = new HashMap<>();
    private final Map<String, Value> globals = new HashMap<>();
    private String header;
    private String body;

    MiniModule(String source) {
        Scanner s = new Scanner(source);
        while (s.skipSpace()) {
            String name = s.identifier();
            if (name.equals("package") || name.equals("import")) {
                s.skipLine();
            } else if (name.equals("p")) {
                int open = s.text.indexOf('{', s.pos);
                header = ("p " + s.text.substring(s.pos, open).trim()).trim();
                s.pos = open;
                String block = s.balanced();
                body = block.substring(1, block.length() - 1);
            } else {
                s.skipSpace();
                s.expect(":=");
                s.skipSpace();
                definitions.put(name, s.term());
            }
        }
        if (header == null) throw new IllegalArgumentException("no rule p in module");
    }

    /** The value of {@code p}, or null when undefined. Builtin errors propagate as RegoError. */
    Value evalP() {
        Map<String, Value> locals = new HashMap<>();
        for (String stmt : statements(body)) {
            if (!statement(stmt, locals)) return null;
        }
        if (header.equals("p if") || header.equals("p")) return Value.TRUE;
        if (header.startsWith("p := ") && header.endsWith(" if")) {
            String var = header.substring(5, header.length() - 3).trim();
            return lookup(var, locals);
        }
        throw new IllegalArgumentException("unsupported rule head: " + header);
    }

    private boolean statement(String stmt, Map<String, Value> locals) {
        if (stmt.startsWith("not ")) {
            Value v = eval(stmt.substring(4).trim(), locals);
            return v == null || v.equals(Value.FALSE);
        }
        int eq = topLevel(stmt, "==");
        if (eq >= 0) {
            Value l = eval(stmt.substring(0, eq).trim(), locals), r = eval(stmt.substring(eq + 2).trim(), locals);
            return l != null && l.equals(r);
        }
        int assign = topLevel(stmt, ":=");
        int unify = assign >= 0 ? assign : topLevel(stmt, "=");
        if (unify >= 0) {
            String pattern = stmt.substring(0, unify).trim();
            Value v = eval(stmt.substring(unify + (assign >= 0 ? 2 : 1)).trim(), locals);
            return v != null && unify(pattern, v, locals);
        }
        Value v = eval(stmt, locals);
        return v != null && !v.equals(Value.FALSE);
    }

    private boolean unify(String pattern, Value v, Map<String, Value> locals) {
        if (pattern.equals("_")) return true;
        if (pattern.startsWith("[")) {
            List<String> parts = split(pattern.substring(1, pattern.length() - 1));
            if (!(v instanceof Value.Arr a) || a.size() != parts.size()) return false;
            for (int i = 0; i < parts.size(); i++) if (!unify(parts.get(i).trim(), a.get(i), locals)) return false;
            return true;
        }
        if (pattern.equals("{}")) return v.equals(Value.Obj.EMPTY);
        if (!pattern.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("unsupported pattern " + pattern);
        Value bound = locals.containsKey(pattern) ? locals.get(pattern) : definitions.containsKey(pattern) ? lookup(pattern, locals) : null;
        if (bound != null) return bound.equals(v);
        locals.put(pattern, v);
        return true;
    }

    private Value lookup(String name, Map<String, Value> locals) {
        if (locals.containsKey(name)) return locals.get(name);
        if (!globals.containsKey(name)) {
            String def = definitions.get(name);
            if (def == null) throw new IllegalArgumentException("unknown name " + name);
            globals.put(name, eval(def, locals));
        }
        return globals.get(name);
    }

    Value eval(String term, Map<String, Value> locals) {
        term = term.trim();
        if (term.startsWith("`")) return Value.str(term.substring(1, term.length() - 1));
        if (term.startsWith("\"")) return ConformanceCases.json(term);
        if (term.startsWith("{") || term.startsWith("[")) return ConformanceCases.json(term);
        if (term.equals("true") || term.equals("false")) return Value.bool(term.equals("true"));
        int paren = term.indexOf('(');
        if (paren > 0 && term.endsWith(")") && term.substring(0, paren).matches("[a-z_.0-9]+")) {
            List<Value> args = new ArrayList<>();
            for (String arg : split(term.substring(paren + 1, term.length() - 1))) {
                if (!arg.isBlank()) args.add(eval(arg, locals));
            }
            return ConformanceCases.call(term.substring(0, paren), args.toArray(new Value[0]));
        }
        if (term.matches("[A-Za-z_][A-Za-z0-9_]*")) return lookup(term, locals);
        throw new IllegalArgumentException("unsupported term " + term);
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

    private static List<String> split(String s) {
        return split(s, ',');
    }

    /** Splits at separators outside brackets and string literals. */
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
                if (op.equals("=") && (s.startsWith("==", i) || (i > 0 && (s.charAt(i - 1) == ':' || s.charAt(i - 1) == '=' || s.charAt(i - 1) == '!')))) continue;
                return i;
            }
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

        String identifier() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
            if (start == pos) throw new IllegalArgumentException("expected a name at: " + text.substring(pos, Math.min(text.length(), pos + 30)));
            return text.substring(start, pos);
        }

        void expect(String s) {
            if (!text.startsWith(s, pos)) throw new IllegalArgumentException("expected " + s + " at " + pos);
            pos += s.length();
        }

        /** A literal, object/array, or call, up to where its brackets balance. */
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
            }
            return text.substring(start, pos);
        }

        String balanced() {
            int start = pos, depth = 0;
            do {
                char c = text.charAt(pos);
                if (c == '`') pos = text.indexOf('`', pos + 1);
                else if (c == '"') pos = endOfString(text, pos);
                else if (c == '(' || c == '[' || c == '{') depth++;
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
