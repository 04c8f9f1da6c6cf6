package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately small Rego evaluator for testing builtins against OPA's conformance cases before (and
 * independently of) the real interpreter. It reads one package of rules whose bodies are straight-line
 * conjunctions: builtin calls (with or without an output variable), unifications and comparisons, negation,
 * literals, references into data/input and to other rules of the package. Anything else (iteration, functions,
 * every, with, ...) raises {@link Unsupported} so the case is counted as skipped rather than guessed.
 */
final class MiniRego {

    static final class Unsupported extends RuntimeException {
        Unsupported(String what) { super(what); }
    }

    /** A builtin error surfaced in strict mode. */
    static final class Failed extends RuntimeException {
        final RegoError error;
        Failed(RegoError error) { super(error.getMessage(), error); this.error = error; }
    }

    private final BuiltinRegistry builtins = BuiltinRegistry.standard();
    private final BuiltinContext ctx = BuiltinContext.standalone();
    private final Map<String, List<Rule>> rules = new LinkedHashMap<>();
    private final Map<String, Value> ruleValues = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();
    private final Value data;
    private final Value input;
    private final boolean strict;
    private String pkg = "";
    private boolean inQuery;

    MiniRego(List<String> modules, Value data, Value input, boolean strict) {
        this.data = data;
        this.input = input;
        this.strict = strict;
        for (String m : modules) parseModule(m);
    }

    // ------------------------------------------------------------------ syntax

    sealed interface Expr permits Lit, Var, Ref, Call, Binary, Collection {}

    record Lit(Value value) implements Expr {}

    record Var(String name) implements Expr {}

    /** base.path... where base is data, input, or a variable/rule name; path elements are expressions. */
    record Ref(String base, List<Expr> path) implements Expr {}

    record Call(String name, List<Expr> args) implements Expr {}

    record Binary(String op, Expr left, Expr right) implements Expr {}

    /** Array, set or object literal with expression elements (objects: alternating key, value). */
    record Collection(char kind, List<Expr> items) implements Expr {}

    record Stmt(boolean negated, Expr expr) {}

    /** kind: "value" (name := v), "set" (contains), "bool" (name if ...). */
    record Rule(String kind, Expr value, List<Stmt> body) {}

    private record Tok(String type, String text) {}

    private static final class Lexer {
        final List<Tok> toks = new ArrayList<>();

        Lexer(String src) {
            int i = 0;
            while (i < src.length()) {
                char c = src.charAt(i);
                if (c == '#') {
                    while (i < src.length() && src.charAt(i) != '\n') i++;
                } else if (c == '\n' || c == ';') {
                    toks.add(new Tok("nl", "\n"));
                    i++;
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '"') {
                    StringBuilder sb = new StringBuilder("\"");
                    int j = i + 1;
                    while (src.charAt(j) != '"') {
                        if (src.charAt(j) == '\\') sb.append(src.charAt(j++));
                        sb.append(src.charAt(j++));
                    }
                    sb.append('"');
                    toks.add(new Tok("str", sb.toString()));
                    i = j + 1;
                } else if (c == '`') {
                    int j = src.indexOf('`', i + 1);
                    toks.add(new Tok("raw", src.substring(i + 1, j)));
                    i = j + 1;
                } else if (Character.isDigit(c)) {
                    int j = i;
                    while (j < src.length() && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '.'
                            || ((src.charAt(j) == '+' || src.charAt(j) == '-') && (src.charAt(j - 1) == 'e' || src.charAt(j - 1) == 'E')))) j++;
                    toks.add(new Tok("num", src.substring(i, j)));
                    i = j;
                } else if (Character.isLetter(c) || c == '_') {
                    int j = i;
                    while (j < src.length() && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) j++;
                    toks.add(new Tok("id", src.substring(i, j)));
                    i = j;
                } else {
                    String two = i + 1 < src.length() ? src.substring(i, i + 2) : "";
                    if (List.of(":=", "==", "!=", "<=", ">=").contains(two)) {
                        toks.add(new Tok("op", two));
                        i += 2;
                    } else {
                        toks.add(new Tok("op", String.valueOf(c)));
                        i++;
                    }
                }
            }
            toks.add(new Tok("eof", ""));
        }
    }

    private static final class Parser {
        final List<Tok> t;
        int p;

        Parser(List<Tok> t) { this.t = t; }

        Tok peek() { return t.get(p); }

        Tok next() { return t.get(p++); }

        boolean at(String text) { return peek().text.equals(text) && !peek().type.equals("str"); }

        void expect(String text) {
            Tok k = next();
            if (!k.text.equals(text)) throw new Unsupported("expected " + text + " got " + k.text);
        }

        void skipNl() { while (peek().type.equals("nl")) p++; }

        /** Skips newlines only where an expression cannot end (inside brackets). */
        Expr expr() {
            Expr left = sum();
            if (peek().type.equals("op") && List.of("==", "!=", "<", ">", "<=", ">=", "=", ":=").contains(peek().text)) {
                String op = next().text;
                left = new Binary(op, left, sum());
            }
            return left;
        }

        Expr sum() {
            Expr left = product();
            while (at("+") || at("-") || at("|") || at("&")) {
                String op = next().text;
                left = new Binary(op, left, product());
            }
            return left;
        }

        Expr product() {
            Expr left = unary();
            while (at("*") || at("/") || at("%")) {
                String op = next().text;
                left = new Binary(op, left, unary());
            }
            return left;
        }

        Expr unary() {
            if (at("-") && t.get(p + 1).type.equals("num")) {
                p++;
                return new Lit(Value.num(new BigDecimal(next().text).negate()));
            }
            return postfix(primary());
        }

        Expr primary() {
            Tok k = next();
            switch (k.type) {
                case "num" -> { return new Lit(Value.num(new BigDecimal(k.text))); }
                case "str" -> { return new Lit(Value.str(unquote(k.text))); }
                case "raw" -> { return new Lit(Value.str(k.text)); }
                case "id" -> {
                    switch (k.text) {
                        case "null" -> { return new Lit(Value.NULL); }
                        case "true" -> { return new Lit(Value.TRUE); }
                        case "false" -> { return new Lit(Value.FALSE); }
                        case "set" -> {
                            if (at("(")) { p++; expect(")"); return new Collection('s', List.of()); }
                        }
                        case "contains" -> {
                            if (!at("(")) throw new Unsupported(k.text); // the keyword, not the builtin
                        }
                        case "some", "every", "with", "in", "else", "import" -> throw new Unsupported(k.text);
                        default -> { }
                    }
                    StringBuilder name = new StringBuilder(k.text);
                    List<Expr> path = new ArrayList<>();
                    // Dotted builtin names (regex.match) are calls; dotted data refs are refs.
                    int save = p;
                    while (at(".") && t.get(p + 1).type.equals("id")) {
                        p++;
                        name.append('.').append(next().text);
                    }
                    if (at("(")) {
                        p++;
                        List<Expr> args = new ArrayList<>();
                        skipNl();
                        while (!at(")")) {
                            args.add(expr());
                            skipNl();
                            if (at(",")) { p++; skipNl(); }
                        }
                        p++;
                        return new Call(name.toString(), args);
                    }
                    p = save;
                    while (at(".") && t.get(p + 1).type.equals("id")) {
                        p++;
                        path.add(new Lit(Value.str(next().text)));
                    }
                    return path.isEmpty() ? new Var(k.text) : new Ref(k.text, path);
                }
                case "op" -> {
                    if (k.text.equals("(")) {
                        Expr e = expr();
                        expect(")");
                        return e;
                    }
                    if (k.text.equals("[")) return collection('a', "]");
                    if (k.text.equals("{")) return collection('{', "}");
                    throw new Unsupported("operator " + k.text);
                }
                default -> throw new Unsupported("token " + k.text);
            }
        }

        Expr collection(char kind, String close) {
            List<Expr> items = new ArrayList<>();
            boolean object = false;
            skipNl();
            while (!at(close)) {
                items.add(expr());
                skipNl();
                if (at(":")) {
                    p++;
                    skipNl();
                    object = true;
                    items.add(expr());
                    skipNl();
                }
                if (at(",")) { p++; skipNl(); }
                else if (peek().type.equals("op") && peek().text.equals("|")) throw new Unsupported("comprehension");
            }
            p++;
            if (kind == 'a') return new Collection('a', items);
            if (items.isEmpty()) return new Collection('o', items);
            return new Collection(object ? 'o' : 's', items);
        }

        Expr postfix(Expr e) {
            while (at("[")) {
                p++;
                Expr index = expr();
                expect("]");
                if (e instanceof Var v) e = new Ref(v.name, new ArrayList<>(List.of(index)));
                else if (e instanceof Ref r) {
                    List<Expr> path = new ArrayList<>(r.path);
                    path.add(index);
                    e = new Ref(r.base, path);
                } else throw new Unsupported("index on " + e);
            }
            return e;
        }

        static String unquote(String quoted) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readValue(quoted, String.class);
            } catch (Exception e) {
                throw new Unsupported("string " + quoted);
            }
        }
    }

    // ------------------------------------------------------------------ modules and queries

    private void parseModule(String src) {
        Parser ps = new Parser(new Lexer(src).toks);
        ps.skipNl();
        ps.expect("package");
        StringBuilder name = new StringBuilder(ps.next().text);
        while (ps.at(".")) { ps.p++; name.append('.').append(ps.next().text); }
        if (!pkg.isEmpty() && !pkg.equals(name.toString())) throw new Unsupported("several packages");
        pkg = name.toString();
        ps.skipNl();
        while (!ps.peek().type.equals("eof")) {
            if (ps.at("import")) {
                while (!ps.peek().type.equals("nl") && !ps.peek().type.equals("eof")) ps.p++;
                ps.skipNl();
                continue;
            }
            if (ps.at("default")) throw new Unsupported("default");
            String rule = ps.next().text;
            Rule r;
            if (ps.at(":=") || ps.at("=")) {
                ps.p++;
                Expr value = ps.expr();
                r = new Rule("value", value, body(ps));
            } else if (ps.at("contains")) {
                ps.p++;
                Expr value = ps.expr();
                r = new Rule("set", value, body(ps));
            } else if (ps.at("[")) {
                ps.p++;
                Expr value = ps.expr();
                ps.expect("]");
                if (ps.at("=") || ps.at(":=")) throw new Unsupported("partial object");
                r = new Rule("set", value, body(ps));
            } else if (ps.at("if") || ps.at("{")) {
                r = new Rule("bool", new Lit(Value.TRUE), body(ps));
            } else {
                throw new Unsupported("rule head " + rule + " " + ps.peek().text);
            }
            rules.computeIfAbsent(rule, k -> new ArrayList<>()).add(r);
            ps.skipNl();
        }
    }

    private static List<Stmt> body(Parser ps) {
        List<Stmt> out = new ArrayList<>();
        if (ps.at("if")) ps.p++;
        if (!ps.at("{")) {
            if (ps.peek().type.equals("nl") || ps.peek().type.equals("eof")) return out;
            throw new Unsupported("rule body");
        }
        ps.p++;
        ps.skipNl();
        while (!ps.at("}")) {
            boolean negated = false;
            if (ps.at("not")) { ps.p++; negated = true; }
            out.add(new Stmt(negated, ps.expr()));
            if (!ps.at("}") && !ps.peek().type.equals("nl")) throw new Unsupported("statement " + ps.peek().text);
            ps.skipNl();
        }
        ps.p++;
        if (ps.at("else")) throw new Unsupported("else");
        return out;
    }

    /** A Rego term written in source form (as input_term is), evaluated without bindings. */
    static Value term(String source) {
        MiniRego empty = new MiniRego(List.of(), Value.Obj.EMPTY, null, false);
        Value v = empty.eval(new Parser(new Lexer(source).toks).expr(), new HashMap<>());
        if (v == null) throw new Unsupported("undefined term " + source);
        return v;
    }

    /** The bindings of x (or every query variable) for a query, as OPA's runner would list them; empty if undefined. */
    List<Map<String, Value>> query(String q) {
        Parser ps = new Parser(new Lexer(q).toks);
        List<Stmt> stmts = new ArrayList<>();
        while (!ps.peek().type.equals("eof")) {
            boolean negated = false;
            if (ps.at("not")) { ps.p++; negated = true; }
            stmts.add(new Stmt(negated, ps.expr()));
            ps.skipNl();
        }
        Map<String, Value> env = new LinkedHashMap<>();
        inQuery = true;
        if (!body(stmts, env)) return List.of();
        Map<String, Value> row = new LinkedHashMap<>();
        env.forEach((k, v) -> { if (!k.startsWith("__")) row.put(k, v); });
        return List.of(row);
    }

    // ------------------------------------------------------------------ evaluation

    /** Evaluates a conjunction, binding variables in env; false when any statement is undefined or false. */
    private boolean body(List<Stmt> stmts, Map<String, Value> env) {
        for (Stmt s : stmts) {
            if (s.negated) {
                Map<String, Value> copy = new HashMap<>(env);
                if (holds(s.expr, copy)) return false;
            } else if (!holds(s.expr, env)) {
                return false;
            }
        }
        return true;
    }

    private boolean holds(Expr e, Map<String, Value> env) {
        if (e instanceof Binary b && (b.op.equals("=") || b.op.equals(":="))) return unify(b.left, b.right, env);
        if (e instanceof Call c && isBuiltinWithOutput(c)) {
            List<Expr> args = c.args;
            Value out = call(c.name, args.subList(0, args.size() - 1), env);
            return out != null && unify(args.get(args.size() - 1), new Lit(out), env);
        }
        Value v = eval(e, env);
        return v != null && !Value.FALSE.equals(v);
    }

    private boolean isBuiltinWithOutput(Call c) {
        BuiltinRegistry.Entry entry = builtins.lookup(c.name);
        return entry != null && c.args.size() == entry.arity() + 1;
    }

    private boolean unify(Expr left, Expr right, Map<String, Value> env) {
        if (left instanceof Var v && !env.containsKey(v.name) && !isRule(v.name)) {
            Value r = eval(right, env);
            if (r == null) return false;
            env.put(v.name, r);
            return true;
        }
        if (right instanceof Var v && !env.containsKey(v.name) && !isRule(v.name)) return unify(right, left, env);
        Value l = eval(left, env), r = eval(right, env);
        return l != null && l.equals(r);
    }

    /** Bare names resolve to rules inside the module; in the query they are query variables. */
    private boolean isRule(String name) {
        return !inQuery && rules.containsKey(name);
    }

    private Value eval(Expr e, Map<String, Value> env) {
        if (e instanceof Lit l) return l.value;
        if (e instanceof Var v) {
            if (env.containsKey(v.name)) return env.get(v.name);
            if (v.name.equals("input")) return input;
            if (v.name.equals("data")) return data;
            if (isRule(v.name)) return rule(v.name);
            throw new Unsupported("unbound variable " + v.name);
        }
        if (e instanceof Ref r) return ref(r, env);
        if (e instanceof Call c) {
            if (isBuiltinWithOutput(c)) throw new Unsupported("call with output inside expression");
            return call(c.name, c.args, env);
        }
        if (e instanceof Collection c) return collection(c, env);
        Binary b = (Binary) e;
        Value l = eval(b.left, env), r = eval(b.right, env);
        if (l == null || r == null) return null;
        return switch (b.op) {
            case "==" -> Value.bool(l.equals(r));
            case "!=" -> Value.bool(!l.equals(r));
            case "<" -> Value.bool(l.compareTo(r) < 0);
            case ">" -> Value.bool(l.compareTo(r) > 0);
            case "<=" -> Value.bool(l.compareTo(r) <= 0);
            case ">=" -> Value.bool(l.compareTo(r) >= 0);
            case "+", "-", "*", "/", "%" -> arithmetic(b.op, l, r);
            default -> throw new Unsupported("operator " + b.op);
        };
    }

    /** Exact arithmetic, enough to combine builtin results in test expressions. */
    private static Value arithmetic(String op, Value l, Value r) {
        if (!(l instanceof Value.Num x) || !(r instanceof Value.Num y)) throw new Unsupported("arithmetic on " + l.typeName());
        BigDecimal a = x.value(), b = y.value();
        return Value.num(switch (op) {
            case "+" -> a.add(b);
            case "-" -> a.subtract(b);
            case "*" -> a.multiply(b);
            case "/" -> a.divide(b, MathContext.DECIMAL128);
            default -> a.remainder(b);
        });
    }

    private Value call(String name, List<Expr> argExprs, Map<String, Value> env) {
        BuiltinRegistry.Entry entry = builtins.lookup(name);
        if (entry == null) throw new Unsupported("not a builtin: " + name);
        if (argExprs.size() != entry.arity()) throw new Unsupported("arity of " + name);
        Value[] args = new Value[argExprs.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = eval(argExprs.get(i), env);
            if (args[i] == null) return null;
        }
        try {
            return entry.fn().call(ctx, args);
        } catch (RegoError err) {
            if (strict) throw new Failed(err);
            return null; // non-strict: a failing builtin is undefined
        }
    }

    private Value ref(Ref r, Map<String, Value> env) {
        Value cur;
        if (r.base.equals("data")) {
            if (!r.path.isEmpty() && r.path.get(0) instanceof Lit l && l.value.equals(Value.str(pkg.split("\\.")[0]))) {
                return packageRef(r, env);
            }
            cur = data;
        } else if (r.base.equals("input")) {
            cur = input;
        } else {
            cur = eval(new Var(r.base), env);
        }
        for (Expr step : r.path) {
            if (cur == null) return null;
            if (step instanceof Var v && !env.containsKey(v.name)) throw new Unsupported("iteration");
            Value key = eval(step, env);
            if (key == null) return null;
            cur = child(cur, key);
        }
        return cur;
    }

    /** data.<package>.<rule>...: a rule of the package being evaluated. */
    private Value packageRef(Ref r, Map<String, Value> env) {
        String[] parts = pkg.split("\\.");
        int i = 0;
        for (; i < parts.length; i++) {
            if (i >= r.path.size() || !(r.path.get(i) instanceof Lit l) || !l.value.equals(Value.str(parts[i]))) {
                throw new Unsupported("reference into other packages");
            }
        }
        if (i == r.path.size()) throw new Unsupported("whole package");
        if (!(r.path.get(i) instanceof Lit name) || !(name.value instanceof Value.Str s)) throw new Unsupported("dynamic rule ref");
        Value cur = rules.containsKey(s.value()) ? rule(s.value()) : null;
        for (Expr step : r.path.subList(i + 1, r.path.size())) {
            if (cur == null) return null;
            cur = child(cur, eval(step, env));
        }
        return cur;
    }

    private static Value child(Value v, Value key) {
        if (v instanceof Value.Obj o) return o.get(key);
        if (v instanceof Value.Arr a && key instanceof Value.Num n && n.intValue() != null) {
            int i = n.intValue();
            return i >= 0 && i < a.size() ? a.get(i) : null;
        }
        if (v instanceof Value.SetV s) return s.contains(key) ? key : null;
        return null;
    }

    private Value collection(Collection c, Map<String, Value> env) {
        List<Value> items = new ArrayList<>();
        for (Expr e : c.items) {
            Value v = eval(e, env);
            if (v == null) return null;
            items.add(v);
        }
        return switch (c.kind) {
            case 'a' -> Value.Arr.wrap(items);
            case 's' -> Value.SetV.copyOf(items);
            default -> {
                Map<Value, Value> m = new HashMap<>();
                for (int i = 0; i < items.size(); i += 2) m.put(items.get(i), items.get(i + 1));
                yield Value.Obj.wrap(m);
            }
        };
    }

    /** The value of a rule: complete rules must agree; partial set rules union their members. */
    Value rule(String name) {
        if (ruleValues.containsKey(name)) return ruleValues.get(name);
        boolean wasQuery = inQuery;
        inQuery = false;
        try {
            return evaluateRule(name);
        } finally {
            inQuery = wasQuery;
        }
    }

    private Value evaluateRule(String name) {
        if (!evaluating.add(name)) throw new Unsupported("recursion");
        Value result = null;
        Set<Value> members = null;
        for (Rule r : rules.get(name)) {
            Map<String, Value> env = new HashMap<>();
            if (r.kind.equals("set")) {
                if (members == null) members = new HashSet<>();
                if (body(r.body, env)) {
                    Value v = eval(r.value, env);
                    if (v != null) members.add(v);
                }
                continue;
            }
            if (!body(r.body, env)) continue;
            Value v = eval(r.value, env);
            if (v == null) continue;
            if (result != null && !result.equals(v)) throw new Unsupported("conflicting values");
            result = v;
        }
        if (members != null) result = Value.SetV.wrap(members);
        evaluating.remove(name);
        ruleValues.put(name, result);
        return result;
    }
}
