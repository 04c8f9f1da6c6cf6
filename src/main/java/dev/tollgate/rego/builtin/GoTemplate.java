package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * strings.render_template: the part of Go's text/template that policies use. Actions print pipelines
 * ({@code {{.a.b}}}, {@code {{$x}}}, {@code {{printf "%d" .n}}}); control structures are if/else if/else, range
 * (with index and element variables, break and continue), with, and variable declarations; functions are
 * and, or, not, len, index, eq, ne, lt, le, gt, ge, print, printf and println; {@code {{-}}} trims space and
 * {@code {{/* *}/}} comments are dropped.
 *
 * <p>Values are the template variables as OPA hands them to Go, decoded from JSON: numbers stay their JSON text
 * (a string to Go, so {@code {{if .zero}}} is true), objects are maps printed {@code map[k:v]}, arrays {@code [a b]}.
 * A key the variables lack renders as {@code <undefined>}, as OPA's conformance cases expect.
 */
final class GoTemplate {
    private static final String FN = "strings.render_template";

    private GoTemplate() {}

    private static final int CACHE_LIMIT = 200;
    private static final Map<String, List<Node>> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    static String render(String template, Value.Obj vars) {
        List<Node> nodes = PARSED.get(template);
        if (nodes == null) {
            nodes = new Parser(new Lexer(template).lex()).parseAll();
            if (PARSED.size() >= CACHE_LIMIT) PARSED.clear();
            PARSED.put(template, nodes);
        }
        StringBuilder out = new StringBuilder();
        Exec exec = new Exec(out, toGo(vars));
        exec.run(nodes, exec.root);
        return out.toString();
    }

    static RegoError error(String message) {
        return RegoError.builtin(FN, "template: template:" + message);
    }

    // ------------------------------------------------------------------ Go values

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
            throw RegoError.builtin(FN, "sets cannot be passed to a template: " + Sprintf.regoText(v));
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
        if (v instanceof JsonNumber n) return !n.text.isEmpty();
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

    // ------------------------------------------------------------------ lexer

    enum T { TEXT, LEFT, RIGHT, FIELD, VAR, IDENT, STRING, NUMBER, BOOL, NIL, DOT, PIPE, LPAREN, RPAREN, DECLARE, ASSIGN, COMMA, EOF }

    /** spaced: white space came before the token, which separates "(x) .f" (two operands) from "(x).f". */
    record Token(T type, String text, int line, boolean spaced) {
        Token(T type, String text, int line) { this(type, text, line, false); }
    }

    static final class Lexer {
        private final String src;
        private final List<Token> out = new ArrayList<>();
        private int pos, line = 1;

        Lexer(String src) { this.src = src; }

        List<Token> lex() {
            while (pos < src.length()) {
                int open = src.indexOf("{{", pos);
                if (open < 0) {
                    text(src.substring(pos));
                    pos = src.length();
                    break;
                }
                String text = src.substring(pos, open);
                boolean trimLeft = src.startsWith("{{- ", open) || src.startsWith("{{-\t", open)
                        || src.startsWith("{{-\n", open) || src.startsWith("{{-\r", open);
                if (trimLeft) text = text.replaceFirst("[ \t\r\n]+$", "");
                text(text);
                line += count(src.substring(pos, open));
                pos = open + (trimLeft ? 3 : 2);
                action();
            }
            out.add(new Token(T.EOF, "", line));
            return out;
        }

        private void text(String s) {
            if (!s.isEmpty()) out.add(new Token(T.TEXT, s, line));
        }

        private static int count(String s) {
            return (int) s.chars().filter(c -> c == '\n').count();
        }

        /** One action, from after "{{" (and its trim marker) to past "}}". */
        private void action() {
            int startLine = line;
            skipSpace();
            if (src.startsWith("/*", pos)) {
                int close = src.indexOf("*/", pos);
                if (close < 0) throw error(startLine + ": unclosed comment");
                line += count(src.substring(pos, close));
                pos = close + 2;
                closeAction(startLine, true);
                return;
            }
            out.add(new Token(T.LEFT, "{{", startLine));
            while (true) {
                skipSpace();
                if (pos >= src.length()) throw error(startLine + ": unclosed action");
                if (atClose()) {
                    closeAction(startLine, false);
                    return;
                }
                token();
            }
        }

        private boolean atClose() {
            return src.startsWith("}}", pos) || src.startsWith("-}}", pos) && pos > 0 && isSpace(src.charAt(pos - 1));
        }

        private void closeAction(int startLine, boolean comment) {
            skipSpace();
            boolean trimRight = src.startsWith("-}}", pos);
            if (!trimRight && !src.startsWith("}}", pos)) throw error(startLine + ": " + (comment ? "comment ends before closing delimiter" : "unclosed action"));
            pos += trimRight ? 3 : 2;
            if (!comment) out.add(new Token(T.RIGHT, "}}", line));
            if (trimRight) {
                int end = pos;
                while (end < src.length() && isSpace(src.charAt(end))) end++;
                line += count(src.substring(pos, end));
                pos = end;
            }
        }

        private void skipSpace() {
            while (pos < src.length() && isSpace(src.charAt(pos)) && !src.startsWith("-}}", pos)) {
                if (src.charAt(pos) == '\n') line++;
                pos++;
            }
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private void token() {
            char c = src.charAt(pos);
            switch (c) {
                case '|' -> add(T.PIPE, 1);
                case '(' -> add(T.LPAREN, 1);
                case ')' -> add(T.RPAREN, 1);
                case ',' -> add(T.COMMA, 1);
                case '=' -> add(T.ASSIGN, 1);
                case ':' -> {
                    if (!src.startsWith(":=", pos)) throw error(line + ": expected :=");
                    add(T.DECLARE, 2);
                }
                case '"' -> quoted();
                case '`' -> {
                    int close = src.indexOf('`', pos + 1);
                    if (close < 0) throw error(line + ": unterminated raw quoted string");
                    out.add(new Token(T.STRING, src.substring(pos + 1, close), line));
                    line += count(src.substring(pos, close));
                    pos = close + 1;
                }
                case '$' -> add(T.VAR, 1 + word(pos + 1) + chain(pos + 1 + word(pos + 1)));
                case '.' -> {
                    if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) number();
                    else if (pos + 1 < src.length() && isWordChar(src.charAt(pos + 1))) add(T.FIELD, chain(pos));
                    else add(T.DOT, 1);
                }
                default -> {
                    if (c == '-' || c == '+' || Character.isDigit(c)) number();
                    else if (isWordChar(c)) {
                        String w = src.substring(pos, pos + word(pos));
                        T type = w.equals("true") || w.equals("false") ? T.BOOL : w.equals("nil") ? T.NIL : T.IDENT;
                        add(type, w.length());
                    } else {
                        throw error(line + ": unexpected \"" + c + "\" in command");
                    }
                }
            }
        }

        /** The length of a ".a.b.c" field chain starting at from (0 if none). */
        private int chain(int from) {
            int end = from;
            while (end + 1 < src.length() && src.charAt(end) == '.' && isWordChar(src.charAt(end + 1))) {
                end += 1 + word(end + 1);
            }
            return end - from;
        }

        private int word(int from) {
            int end = from;
            while (end < src.length() && isWordChar(src.charAt(end))) end++;
            return end - from;
        }

        private static boolean isWordChar(char c) {
            return c == '_' || Character.isLetterOrDigit(c);
        }

        private void add(T type, int length) {
            boolean spaced = pos > 0 && isSpace(src.charAt(pos - 1));
            out.add(new Token(type, src.substring(pos, pos + length), line, spaced));
            pos += length;
        }

        private void number() {
            int end = pos;
            while (end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || "+-._".indexOf(src.charAt(end)) >= 0)) end++;
            out.add(new Token(T.NUMBER, src.substring(pos, end), line));
            pos = end;
        }

        private void quoted() {
            StringBuilder sb = new StringBuilder();
            int i = pos + 1;
            while (true) {
                if (i >= src.length() || src.charAt(i) == '\n') throw error(line + ": unterminated quoted string");
                char c = src.charAt(i);
                if (c == '"') break;
                if (c == '\\' && i + 1 < src.length()) {
                    char e = src.charAt(++i);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case '\\', '"', '\'' -> sb.append(e);
                        case 'u' -> { sb.appendCodePoint(Integer.parseInt(src.substring(i + 1, i + 5), 16)); i += 4; }
                        default -> throw error(line + ": invalid syntax in quoted string");
                    }
                } else {
                    sb.append(c);
                }
                i++;
            }
            out.add(new Token(T.STRING, sb.toString(), line));
            pos = i + 1;
        }
    }

    // ------------------------------------------------------------------ parse tree

    sealed interface Node permits Text, Action, If, Range, With, Break, Continue {}

    record Text(String text) implements Node {}

    /** Prints its pipeline unless the pipeline declares or assigns variables. */
    record Action(Pipeline pipe) implements Node {}

    record If(Pipeline cond, List<Node> then, List<Node> otherwise) implements Node {}

    record Range(Pipeline over, List<Node> body, List<Node> otherwise) implements Node {}

    record With(Pipeline value, List<Node> body, List<Node> otherwise) implements Node {}

    record Break(int line) implements Node {}

    record Continue(int line) implements Node {}

    record Pipeline(List<String> vars, boolean assign, List<List<Arg>> commands, int line) {}

    sealed interface Arg permits Field, Var, Dot, Literal, Ident, Sub {}

    record Field(List<String> names) implements Arg {}

    record Var(String name, List<String> fields) implements Arg {}

    record Dot() implements Arg {}

    record Literal(Object value) implements Arg {}

    record Ident(String name) implements Arg {}

    record Sub(Pipeline pipe, List<String> fields) implements Arg {}

    static final class Parser {
        private final List<Token> tokens;
        private int pos;

        Parser(List<Token> tokens) { this.tokens = tokens; }

        List<Node> parseAll() {
            List<Node> nodes = new ArrayList<>();
            String end = list(nodes, 0);
            if (end != null) throw error(peek().line + ": unexpected {{" + end + "}}");
            return nodes;
        }

        private Token peek() { return tokens.get(pos); }

        private Token next() { return tokens.get(pos++); }

        private boolean isKeyword(int at, String word) {
            Token t = tokens.get(at);
            return t.type == T.IDENT && t.text.equals(word);
        }

        /** Parses nodes until {{end}}, {{else}} or EOF; returns "end", "else" or null (EOF). */
        private String list(List<Node> into, int depth) {
            while (true) {
                Token t = next();
                switch (t.type) {
                    case EOF -> {
                        if (depth > 0) throw error(t.line + ": unexpected EOF");
                        return null;
                    }
                    case TEXT -> into.add(new Text(t.text));
                    case LEFT -> {
                        Token k = peek();
                        if (k.type == T.IDENT) {
                            switch (k.text) {
                                case "end" -> {
                                    pos++;
                                    expect(T.RIGHT);
                                    if (depth == 0) throw error(k.line + ": unexpected {{end}}");
                                    return "end";
                                }
                                case "else" -> {
                                    if (depth == 0) throw error(k.line + ": unexpected {{else}}");
                                    pos++;
                                    return "else";
                                }
                                case "if" -> { pos++; into.add(control("if", depth)); continue; }
                                case "range" -> { pos++; into.add(control("range", depth)); continue; }
                                case "with" -> { pos++; into.add(control("with", depth)); continue; }
                                case "break" -> { pos++; expect(T.RIGHT); into.add(new Break(k.line)); continue; }
                                case "continue" -> { pos++; expect(T.RIGHT); into.add(new Continue(k.line)); continue; }
                                case "define", "template", "block" -> throw error(k.line + ": {{" + k.text + "}} is not supported");
                                default -> { }
                            }
                        }
                        into.add(new Action(pipeline(true)));
                    }
                    default -> throw error(t.line + ": unexpected " + t.text);
                }
            }
        }

        /** if/range/with: pipeline, body, optional else (or "else if"/"else with" chains), end. */
        private Node control(String kind, int depth) {
            Pipeline p = pipeline(true);
            List<Node> body = new ArrayList<>();
            List<Node> otherwise = new ArrayList<>();
            String end = list(body, depth + 1);
            if ("else".equals(end)) {
                if ((kind.equals("if") && isKeyword(pos, "if")) || (kind.equals("with") && isKeyword(pos, "with"))) {
                    // {{else if x}} is {{else}}{{if x}}...{{end}}{{end}} sharing one {{end}}.
                    pos++;
                    otherwise.add(control(kind, depth));
                    return make(kind, p, body, otherwise);
                }
                expect(T.RIGHT);
                if (!"end".equals(list(otherwise, depth + 1))) throw error(peek().line + ": expected end; found {{else}}");
            }
            return make(kind, p, body, otherwise);
        }

        private static Node make(String kind, Pipeline p, List<Node> body, List<Node> otherwise) {
            return switch (kind) {
                case "if" -> new If(p, body, otherwise);
                case "range" -> new Range(p, body, otherwise);
                default -> new With(p, body, otherwise);
            };
        }

        private void expect(T type) {
            Token t = next();
            if (t.type != type) throw error(t.line + ": unexpected \"" + t.text + "\" in action");
        }

        /** [$x[, $y] (:= | =)] command ('|' command)*, up to "}}" (or ")" when nested). */
        private Pipeline pipeline(boolean topLevel) {
            int line = peek().line;
            List<String> vars = new ArrayList<>();
            boolean assign = false;
            int save = pos;
            while (peek().type == T.VAR) {
                vars.add(next().text);
                if (peek().type == T.COMMA) { pos++; continue; }
                break;
            }
            if (!vars.isEmpty() && (peek().type == T.DECLARE || peek().type == T.ASSIGN)) {
                assign = next().type == T.ASSIGN;
            } else {
                vars.clear();
                pos = save;
            }
            List<List<Arg>> commands = new ArrayList<>();
            T close = topLevel ? T.RIGHT : T.RPAREN;
            while (true) {
                List<Arg> cmd = new ArrayList<>();
                while (peek().type != T.PIPE && peek().type != close) {
                    if (peek().type == T.EOF || peek().type == T.RIGHT) throw error(peek().line + ": unclosed left paren");
                    cmd.add(operand());
                }
                if (cmd.isEmpty()) throw error(line + ": missing value for command");
                commands.add(cmd);
                if (next().type == close) break;
            }
            return new Pipeline(vars, assign, commands, line);
        }

        private Arg operand() {
            Token t = next();
            Arg a = switch (t.type) {
                case FIELD -> new Field(fields(t.text));
                case VAR -> {
                    List<String> parts = fields(t.text);
                    yield new Var(parts.get(0), parts.subList(1, parts.size()));
                }
                case DOT -> new Dot();
                case STRING -> new Literal(t.text);
                case BOOL -> new Literal(Boolean.parseBoolean(t.text));
                case NIL -> new Literal(null);
                case NUMBER -> new Literal(number(t));
                case IDENT -> new Ident(t.text);
                case LPAREN -> new Sub(pipeline(false), List.of());
                default -> throw error(t.line + ": unexpected \"" + t.text + "\" in operand");
            };
            // A field chain right after a parenthesised pipeline applies to its value: (index .a 0).name
            if (a instanceof Sub s && peek().type == T.FIELD && !peek().spaced) a = new Sub(s.pipe, fields(next().text));
            return a;
        }

        /** ".a.b" → [a, b]; "$x.a" → [$x, a]. */
        private static List<String> fields(String chain) {
            List<String> out = new ArrayList<>(List.of(chain.split("\\.", -1)));
            if (chain.startsWith(".")) out.remove(0);
            return out;
        }

        private static Object number(Token t) {
            String s = t.text.replace("_", "");
            try {
                if (s.matches("[+-]?0[xX][0-9a-fA-F]+")) return Long.decode(s);
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e2) {
                    throw error(t.line + ": bad number syntax: \"" + t.text + "\"");
                }
            }
        }
    }

    // ------------------------------------------------------------------ execution

    private static final class BreakSignal extends RuntimeException {
        BreakSignal() { super(null, null, false, false); }
    }

    private static final class ContinueSignal extends RuntimeException {
        ContinueSignal() { super(null, null, false, false); }
    }

    static final class Exec {
        private final StringBuilder out;
        final Object root;
        private final List<Map.Entry<String, Object>> vars = new ArrayList<>();

        Exec(StringBuilder out, Object root) {
            this.out = out;
            this.root = root;
            vars.add(Map.entry("$", root == null ? Missing.VALUE : root));
        }

        void run(List<Node> nodes, Object dot) {
            for (Node n : nodes) node(n, dot);
        }

        private void node(Node n, Object dot) {
            if (n instanceof Text t) {
                out.append(t.text);
            } else if (n instanceof Action a) {
                Object v = pipeline(a.pipe, dot);
                if (a.pipe.vars.isEmpty()) out.append(print(v));
            } else if (n instanceof If i) {
                scoped(() -> run(truth(pipeline(i.cond, dot)) ? i.then : i.otherwise, dot));
            } else if (n instanceof With w) {
                scoped(() -> {
                    Object v = pipeline(w.value, dot);
                    if (truth(v)) run(w.body, v);
                    else run(w.otherwise, dot);
                });
            } else if (n instanceof Range r) {
                scoped(() -> range(r, dot));
            } else if (n instanceof Break) {
                throw new BreakSignal();
            } else {
                throw new ContinueSignal();
            }
        }

        private void scoped(Runnable body) {
            int mark = vars.size();
            try {
                body.run();
            } finally {
                while (vars.size() > mark) vars.remove(vars.size() - 1);
            }
        }

        private void range(Range r, Object dot) {
            Object over = evalCommands(r.over, dot);
            Map<Object, Object> items = new LinkedHashMap<>();
            if (over instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) items.put((long) i, l.get(i));
            } else if (over instanceof Map<?, ?> m) {
                items.putAll(m);
            } else if (over instanceof Long n) {
                for (long i = 0; i < n; i++) items.put(i, i);
            } else if (over != null && over != Missing.VALUE) {
                throw error(r.over.line + ": range can't iterate over " + print(over));
            }
            if (items.isEmpty()) {
                run(r.otherwise, dot);
                return;
            }
            int mark = vars.size();
            for (Map.Entry<Object, Object> e : items.entrySet()) {
                List<String> names = r.over.vars;
                if (names.size() == 1) setVar(names.get(0), e.getValue(), r.over.assign);
                if (names.size() == 2) {
                    setVar(names.get(0), e.getKey(), r.over.assign);
                    setVar(names.get(1), e.getValue(), r.over.assign);
                }
                try {
                    run(r.body, e.getValue());
                } catch (BreakSignal b) {
                    break;
                } catch (ContinueSignal c) {
                    // next element
                } finally {
                    while (vars.size() > mark) vars.remove(vars.size() - 1);
                }
            }
        }

        private Object pipeline(Pipeline p, Object dot) {
            Object v = evalCommands(p, dot);
            for (String name : p.vars) setVar(name, v, p.assign);
            return v;
        }

        private void setVar(String name, Object v, boolean assign) {
            if (assign) {
                for (int i = vars.size() - 1; i >= 0; i--) {
                    if (vars.get(i).getKey().equals(name)) {
                        vars.set(i, new java.util.AbstractMap.SimpleEntry<>(name, v));
                        return;
                    }
                }
                throw error("undefined variable: " + name);
            }
            vars.add(new java.util.AbstractMap.SimpleEntry<>(name, v));
        }

        private Object lookupVar(String name) {
            for (int i = vars.size() - 1; i >= 0; i--) if (vars.get(i).getKey().equals(name)) return vars.get(i).getValue();
            throw error("undefined variable: " + name);
        }

        private Object evalCommands(Pipeline p, Object dot) {
            Object piped = null;
            boolean hasPiped = false;
            for (List<Arg> cmd : p.commands) {
                piped = command(cmd, dot, hasPiped, piped, p.line);
                hasPiped = true;
            }
            return piped;
        }

        private Object command(List<Arg> cmd, Object dot, boolean hasPiped, Object piped, int line) {
            Arg first = cmd.get(0);
            if (first instanceof Ident id) {
                List<Object> args = new ArrayList<>();
                for (Arg a : cmd.subList(1, cmd.size())) args.add(operand(a, dot));
                if (hasPiped) args.add(piped);
                return Funcs.call(id.name, args, line);
            }
            if (cmd.size() > 1 || hasPiped) throw error(line + ": can't give argument to non-function " + describe(first));
            return operand(first, dot);
        }

        private static String describe(Arg a) {
            if (a instanceof Field f) return "." + String.join(".", f.names);
            if (a instanceof Var v) return v.name;
            if (a instanceof Literal l) return String.valueOf(l.value);
            return ".";
        }

        private Object operand(Arg a, Object dot) {
            if (a instanceof Dot) return dot;
            if (a instanceof Literal l) return l.value instanceof Integer i ? (Object) i.longValue() : l.value;
            if (a instanceof Field f) return fields(dot, f.names);
            if (a instanceof Var v) return fields(lookupVar(v.name), v.fields);
            if (a instanceof Sub s) return fields(evalCommands(s.pipe, dot), s.fields);
            Ident id = (Ident) a;
            return Funcs.call(id.name, List.of(), 0);
        }

        private Object fields(Object receiver, List<String> names) {
            Object v = receiver;
            for (String name : names) {
                if (v instanceof Map<?, ?> m) {
                    v = m.containsKey(name) ? m.get(name) : Missing.VALUE;
                } else if (v == null || v == Missing.VALUE) {
                    throw error("nil pointer evaluating interface {}." + name);
                } else {
                    throw error("can't evaluate field " + name + " in type " + kind(v));
                }
            }
            return v;
        }
    }

    /** The predefined functions supported here. */
    static final class Funcs {
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
                    if (!(args.get(0) instanceof String f)) throw error("printf: format must be a string");
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
                default -> throw error(line + ": function \"" + name + "\" not defined");
            }
        }

        private static void need(String name, List<Object> args, int n) {
            if (args.size() < n) throw error("wrong number of args for " + name + ": want at least " + n + " got " + args.size());
        }

        private static void exactly(String name, List<Object> args, int n) {
            if (args.size() != n) throw error("wrong number of args for " + name + ": want " + n + " got " + args.size());
        }

        private static long len(Object v) {
            if (v instanceof String s) return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (v instanceof JsonNumber n) return n.text.length();
            if (v instanceof List<?> l) return l.size();
            if (v instanceof Map<?, ?> m) return m.size();
            throw error("error calling len: len of type " + kind(v));
        }

        private static Object index(List<Object> args) {
            Object v = args.get(0);
            for (Object key : args.subList(1, args.size())) {
                if (v instanceof Map<?, ?> m) {
                    if (!(key instanceof String k)) throw error("error calling index: value has type " + kind(key) + "; should be string");
                    v = m.containsKey(k) ? m.get(k) : null;
                } else if (v instanceof List<?> l) {
                    if (!(key instanceof Long i)) throw error("error calling index: cannot index slice/array with type " + kind(key));
                    if (i < 0 || i >= l.size()) throw error("error calling index: index out of range: " + i);
                    v = l.get(i.intValue());
                } else {
                    throw error("error calling index: can't index item of type " + kind(v));
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
            Object x = a instanceof JsonNumber n ? n.text : a, y = b instanceof JsonNumber n ? n.text : b;
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
            throw error("error calling " + (equalityOnly ? "eq" : "lt") + ": incompatible types for comparison");
        }
    }
}
