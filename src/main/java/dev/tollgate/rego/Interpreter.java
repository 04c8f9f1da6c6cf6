package dev.tollgate.rego;

import dev.tollgate.rego.Ast.*;
import dev.tollgate.rego.Program.Kind;
import dev.tollgate.rego.Program.Node;
import dev.tollgate.rego.Program.RuleDef;
import dev.tollgate.rego.builtin.Operators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Top-down evaluation with backtracking, in continuation-passing style: every evaluation step takes a
 * continuation to call once per solution, and returns false when a continuation asked to stop (which is how
 * {@code not}, {@code every} and existence checks end early). Variables live in a frame of slots per rule
 * call; a binding is made before calling the continuation and undone after it returns.
 *
 * Virtual documents (rules) are evaluated on first use and cached for the rest of the query; a {@code with}
 * modifier evaluates its expression with a fresh cache and the overridden input, data, or functions.
 * One interpreter runs one query; it is not thread-safe.
 */
final class Interpreter {

    /** Called once per solution; false stops the enumeration. */
    interface K { boolean next(); }

    /** Called once per value of a term; false stops the enumeration. */
    interface VK { boolean next(Value v); }

    private static final K STOP = () -> false;

    /** Limits that keep a runaway policy from hanging or exhausting memory. */
    record Limits(long deadlineNanos, int maxDepth, int maxCollection) {}

    private final Program program;
    private final Value data;
    private final Limits limits;
    final BuiltinContext ctx;
    private State state;
    private RegoError builtinError;
    private long steps;
    private int depth;

    Interpreter(Program program, Value data, Value input, Limits limits,
                java.time.Clock clock, java.util.function.Consumer<String> printer, BuiltinContext.Interop interop) {
        this.program = program;
        this.data = data;
        this.limits = limits;
        this.state = new State(input, null, Map.of(), Map.of());
        this.ctx = new BuiltinContext(clock, printer, this::checkDeadline, interop);
    }

    // ------------------------------------------------------------------ state under `with`

    /** What a `with` can change: input, parts of data, functions and builtins. Each state has its own cache. */
    private static final class State {
        final Value input;
        final Override dataOverride;
        final Map<List<Value>, Mock> functionMocks;
        final Map<String, Mock> builtinMocks;
        final Map<Object, Object> cache = new HashMap<>();

        State(Value input, Override dataOverride, Map<List<Value>, Mock> functionMocks, Map<String, Mock> builtinMocks) {
            this.input = input;
            this.dataOverride = dataOverride;
            this.functionMocks = functionMocks;
            this.builtinMocks = builtinMocks;
        }
    }

    /** A replacement for a function or builtin: a constant, another function, or another builtin. */
    private sealed interface Mock permits ValueMock, FunctionMock, BuiltinMock {}

    private record ValueMock(Value value) implements Mock {}

    private record FunctionMock(Node node) implements Mock {}

    private record BuiltinMock(BuiltinRegistry.Entry entry) implements Mock {}

    /** Overridden parts of data, as a trie over path keys; a value replaces everything beneath it. */
    private static final class Override {
        Value value;
        final Map<Value, Override> children = new HashMap<>();

        Override copy() {
            Override o = new Override();
            o.value = value;
            for (Map.Entry<Value, Override> e : children.entrySet()) o.children.put(e.getKey(), e.getValue().copy());
            return o;
        }

        Override child(Value k) { return children.get(k); }
    }

    private static final Object NO_VALUE = new Object();

    // ------------------------------------------------------------------ entry

    /** Runs a compiled query, calling back with the frame once per solution. */
    void run(Program.Query q, java.util.function.Predicate<Value[]> row) {
        Value[] frame = new Value[q.frameSize()];
        try {
            evalBody(q.body(), 0, frame, () -> row.test(frame));
        } catch (StackOverflowError e) {
            throw new RegoError(RegoError.EVAL_LIMIT, "evaluation exceeded the maximum nesting depth");
        }
    }

    private void tick() {
        if ((++steps & 1023) == 0) checkDeadline();
    }

    private void checkDeadline() {
        if (limits.deadlineNanos() != 0 && System.nanoTime() - limits.deadlineNanos() > 0) {
            throw new RegoError(RegoError.EVAL_CANCEL, "caller cancelled query execution: evaluation timed out");
        }
    }

    private void enter(RegoError.Location loc) {
        if (++depth > limits.maxDepth()) {
            throw new RegoError(RegoError.EVAL_LIMIT, "evaluation exceeded the maximum depth of " + limits.maxDepth() + " nested rule and function calls", loc);
        }
    }

    private void leave() { depth--; }

    private void grew(int size, RegoError.Location loc) {
        if (size > limits.maxCollection()) {
            throw new RegoError(RegoError.EVAL_LIMIT, "a collection grew beyond " + limits.maxCollection() + " elements", loc);
        }
    }

    // ------------------------------------------------------------------ bodies and literals

    boolean evalBody(List<Literal> body, int i, Value[] f, K k) {
        if (i == body.size()) return k.next();
        tick();
        Literal lit = body.get(i);
        return evalLiteral(lit, f, () -> evalBody(body, i + 1, f, k));
    }

    private boolean evalLiteral(Literal lit, Value[] f, K k) {
        if (!lit.withs().isEmpty()) return evalWith(lit, f, k);
        return evalPlain(lit, f, k);
    }

    private boolean evalPlain(Literal lit, Value[] f, K k) {
        if (lit.negated()) {
            return evalExpr(lit.expr(), f, STOP) ? k.next() : true;
        }
        return evalExpr(lit.expr(), f, k);
    }

    private boolean exists(Literal lit, Value[] f) {
        return !evalLiteral(lit, f, STOP);
    }

    private boolean evalExpr(Expr e, Value[] f, K k) {
        if (e instanceof TermExpr te) return evalTermExpr(te.term(), f, k);
        if (e instanceof SomeDecl) return k.next();
        if (e instanceof SomeIn s) return evalSomeIn(s, f, k);
        if (e instanceof Every ev) return evalEvery(ev, f, k);
        if (e instanceof Logic lg) {
            boolean ok = lg.and() ? exists(lg.left(), f) && exists(lg.right(), f)
                    : exists(lg.left(), f) || exists(lg.right(), f);
            return ok ? k.next() : true;
        }
        Group g = (Group) e;
        return evalBody(g.body(), 0, f, STOP) ? true : k.next();
    }

    private boolean evalTermExpr(Term t, Value[] f, K k) {
        if (t instanceof Call c) {
            if (c.target() instanceof Unify) return unify(c.args().get(0), c.args().get(1), f, k);
            int arity = Safety.arity(c);
            if (arity >= 0 && c.args().size() == arity + 1) {
                Term out = c.args().get(arity);
                return evalCall(c, arity, f, v -> unifyValue(out, v, f, k));
            }
            return evalCall(c, c.args().size(), f, v -> v.equals(Value.FALSE) || k.next());
        }
        return eval(t, f, v -> v.equals(Value.FALSE) || k.next());
    }

    private boolean evalSomeIn(SomeIn s, Value[] f, K k) {
        return eval(s.domain(), f, d -> members(d, (key, val) ->
                s.key() == null ? unifyValue(s.value(), val, f, k)
                        : unifyValue(s.key(), key, f, () -> unifyValue(s.value(), val, f, k))));
    }

    private boolean evalEvery(Every ev, Value[] f, K k) {
        return eval(ev.domain(), f, d -> {
            if (!(d instanceof Value.Arr || d instanceof Value.Obj || d instanceof Value.SetV)) return true;
            boolean all = members(d, (key, val) -> {
                if (ev.key() != null) f[ev.key().slot()] = key;
                f[ev.value().slot()] = val;
                boolean found = !evalBody(ev.body(), 0, f, STOP);
                if (ev.key() != null) f[ev.key().slot()] = null;
                f[ev.value().slot()] = null;
                return found;
            });
            return all ? k.next() : true;
        });
    }

    private interface MemberK { boolean next(Value key, Value value); }

    /** Enumerates (key, value) of a collection in OPA's order: array by index, set and object sorted. */
    private static boolean members(Value d, MemberK k) {
        if (d instanceof Value.Arr a) {
            List<Value> es = a.elements();
            for (int i = 0; i < es.size(); i++) if (!k.next(Value.num(i), es.get(i))) return false;
        } else if (d instanceof Value.SetV s) {
            for (Value e : s.elements()) if (!k.next(e, e)) return false;
        } else if (d instanceof Value.Obj o) {
            for (Value key : o.keys()) if (!k.next(key, o.get(key))) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ with

    private boolean evalWith(Literal lit, Value[] f, K k) {
        return applyWiths(lit, 0, new ArrayList<>(), f, k);
    }

    /** Evaluates the with values (each may have several) in the current state, then runs the literal under them. */
    private boolean applyWiths(Literal lit, int i, List<Object> resolved, Value[] f, K k) {
        if (i < lit.withs().size()) {
            With w = lit.withs().get(i);
            Mock named = namedMock(w.value());
            if (named != null) {
                resolved.add(named);
                boolean r = applyWiths(lit, i + 1, resolved, f, k);
                resolved.remove(resolved.size() - 1);
                return r;
            }
            return eval(w.value(), f, v -> {
                resolved.add(v);
                boolean r = applyWiths(lit, i + 1, resolved, f, k);
                resolved.remove(resolved.size() - 1);
                return r;
            });
        }
        State saved = state;
        State inner = withState(saved, lit.withs(), resolved);
        state = inner;
        try {
            return evalPlain(lit, f, () -> {
                state = saved;
                try {
                    return k.next();
                } finally {
                    state = inner;
                }
            });
        } finally {
            state = saved;
        }
    }

    /** A with value that names a function or builtin (left unevaluated by the compiler). */
    private Mock namedMock(Term value) {
        if (!(value instanceof Ref r) || !(r.head() instanceof Var v) || v.slot() >= 0 || v.name().equals("input")) return null;
        if (v.name().equals("data")) {
            List<Value> path = Compiler.groundPath(r);
            Node n = path == null ? null : program.node(path);
            return n != null && n.kind == Kind.FUNCTION ? new FunctionMock(n) : null;
        }
        BuiltinRegistry.Entry e = program.builtins.lookup(Ast.refName(r));
        return e == null ? null : new BuiltinMock(e);
    }

    private State withState(State base, List<With> withs, List<Object> values) {
        Value input = base.input;
        Override ov = base.dataOverride == null ? null : base.dataOverride.copy();
        Map<List<Value>, Mock> fns = base.functionMocks;
        Map<String, Mock> bis = base.builtinMocks;
        for (int i = 0; i < withs.size(); i++) {
            Ref target = (Ref) withs.get(i).target();
            Object v = values.get(i);
            Var head = (Var) target.head();
            List<Value> path = pathValues(target, withs.get(i).loc());
            if (head.name().equals("input")) {
                input = setPath(input, path, 0, mockValue(v, withs.get(i)));
            } else if (head.name().equals("data")) {
                Node n = program.node(path);
                if (n != null && n.kind == Kind.FUNCTION) {
                    fns = new HashMap<>(fns);
                    fns.put(path, v instanceof Mock m ? m : new ValueMock((Value) v));
                } else {
                    if (ov == null) ov = new Override();
                    insert(ov, path, 0, mockValue(v, withs.get(i)));
                }
            } else {
                bis = new HashMap<>(bis);
                bis.put(Ast.refName(target), v instanceof Mock m ? m : new ValueMock((Value) v));
            }
        }
        return new State(input, ov, fns, bis);
    }

    private static Value mockValue(Object v, With w) {
        if (v instanceof Value val) return val;
        throw new RegoError(RegoError.EVAL_TYPE, "with: a function can only replace a function", w.loc());
    }

    private static List<Value> pathValues(Ref r, RegoError.Location loc) {
        List<Value> out = Compiler.groundPath(r);
        if (out == null) throw new RegoError(RegoError.EVAL_TYPE, "with target path must be constant", loc);
        return out;
    }

    private static void insert(Override o, List<Value> path, int i, Value v) {
        if (o.value != null) {
            o.value = setPath(o.value, path, i, v);
            return;
        }
        if (i == path.size()) {
            o.value = v;
            o.children.clear();
            return;
        }
        insert(o.children.computeIfAbsent(path.get(i), x -> new Override()), path, i + 1, v);
    }

    /** A copy of doc with path set to v, creating objects on the way. */
    private static Value setPath(Value doc, List<Value> path, int i, Value v) {
        if (i == path.size()) return v;
        Map<Value, Value> m = doc instanceof Value.Obj o ? new HashMap<>(o.asMap()) : new HashMap<>();
        m.put(path.get(i), setPath(m.get(path.get(i)), path, i + 1, v));
        return Value.Obj.wrap(m);
    }

    /** Applies overrides beneath a value. */
    private static Value patch(Value v, Override o) {
        if (o == null) return v;
        if (o.value != null) return o.value;
        if (o.children.isEmpty()) return v;
        Map<Value, Value> m = v instanceof Value.Obj obj ? new HashMap<>(obj.asMap()) : new HashMap<>();
        for (Map.Entry<Value, Override> e : o.children.entrySet()) {
            Value pv = patch(m.get(e.getKey()), e.getValue());
            if (pv == null) m.remove(e.getKey());
            else m.put(e.getKey(), pv);
        }
        return Value.Obj.wrap(m);
    }

    // ------------------------------------------------------------------ unification

    private boolean unify(Term a, Term b, Value[] f, K k) {
        if (a instanceof Var va && f[va.slot()] == null && evaluable(b, f)) return eval(b, f, v -> bind(va, v, f, k));
        if (b instanceof Var vb && f[vb.slot()] == null && evaluable(a, f)) return eval(a, f, v -> bind(vb, v, f, k));
        if (evaluable(a, f)) return eval(a, f, v -> unifyValue(b, v, f, k));
        if (evaluable(b, f)) return eval(b, f, v -> unifyValue(a, v, f, k));
        List<Term[]> pairs = Safety.pairs(a, b);
        if (pairs != null) return unifyPairs(pairs, f, k);
        throw new RegoError(RegoError.EVAL_TYPE, "cannot unify " + describe(a) + " with " + describe(b) + ": neither side has a value", a.loc());
    }

    private static String describe(Term t) {
        return t instanceof Var v ? "var " + v.name() : t.getClass().getSimpleName().toLowerCase();
    }

    /** Unifies element pairs, each as soon as one side of it can be evaluated. */
    private boolean unifyPairs(List<Term[]> pairs, Value[] f, K k) {
        if (pairs.isEmpty()) return k.next();
        for (int i = 0; i < pairs.size(); i++) {
            Term[] p = pairs.get(i);
            if (evaluable(p[0], f) || evaluable(p[1], f) || Safety.pairs(p[0], p[1]) != null) {
                List<Term[]> rest = new ArrayList<>(pairs);
                rest.remove(i);
                return unify(p[0], p[1], f, () -> unifyPairs(rest, f, k));
            }
        }
        throw new RegoError(RegoError.EVAL_TYPE, "cannot unify: variables on both sides are unbound", pairs.get(0)[0].loc());
    }

    private static boolean bind(Var v, Value val, Value[] f, K k) {
        f[v.slot()] = val;
        boolean r = k.next();
        f[v.slot()] = null;
        return r;
    }

    /** Matches a term against a value, binding the term's unbound variables. */
    private boolean unifyValue(Term p, Value v, Value[] f, K k) {
        if (p instanceof Scalar s) return !s.value().equals(v) || k.next();
        if (p instanceof Var var) {
            Value b = f[var.slot()];
            if (b != null) return !b.equals(v) || k.next();
            return bind(var, v, f, k);
        }
        if (p instanceof ArrayTerm a && !evaluable(p, f)) {
            if (!(v instanceof Value.Arr arr) || arr.size() != a.items().size()) return true;
            return unifyItems(a.items(), arr, 0, f, k);
        }
        if (p instanceof ObjectTerm o && !evaluable(p, f)) {
            if (!(v instanceof Value.Obj obj) || obj.size() != o.items().size()) return true;
            return unifyEntries(o.items(), obj, 0, f, k);
        }
        return eval(p, f, x -> !x.equals(v) || k.next());
    }

    private boolean unifyItems(List<Term> items, Value.Arr arr, int i, Value[] f, K k) {
        if (i == items.size()) return k.next();
        return unifyValue(items.get(i), arr.get(i), f, () -> unifyItems(items, arr, i + 1, f, k));
    }

    private boolean unifyEntries(List<Pair> items, Value.Obj obj, int i, Value[] f, K k) {
        if (i == items.size()) return k.next();
        Pair p = items.get(i);
        return eval(p.key(), f, key -> {
            Value child = obj.get(key);
            return child == null || unifyValue(p.value(), child, f, () -> unifyEntries(items, obj, i + 1, f, k));
        });
    }

    /** True when the term can be evaluated to values now: no unbound variable outside ref paths and closures. */
    private static boolean evaluable(Term t, Value[] f) {
        if (t instanceof Scalar) return true;
        if (t instanceof Var v) return f[v.slot()] != null;
        if (t instanceof Ref r) return r.head() instanceof Var v ? (v.slot() < 0 || f[v.slot()] != null) : evaluable(r.head(), f);
        if (t instanceof ArrayTerm a) {
            for (Term x : a.items()) if (!evaluable(x, f)) return false;
            return true;
        }
        if (t instanceof SetTerm s) {
            for (Term x : s.items()) if (!evaluable(x, f)) return false;
            return true;
        }
        if (t instanceof ObjectTerm o) {
            for (Pair p : o.items()) if (!evaluable(p.key(), f) || !evaluable(p.value(), f)) return false;
            return true;
        }
        if (t instanceof Call c) {
            for (Term x : c.args()) if (!evaluable(x, f)) return false;
            return true;
        }
        return true; // comprehensions: their free variables are bound by the time they run
    }

    // ------------------------------------------------------------------ terms

    boolean eval(Term t, Value[] f, VK vk) {
        if (t instanceof Scalar s) return vk.next(s.value());
        if (t instanceof Var v) {
            Value x = f[v.slot()];
            if (x == null) throw new RegoError(RegoError.EVAL_TYPE, "var " + v.name() + " is unbound", v.loc());
            return vk.next(x);
        }
        if (t instanceof Ref r) return evalRef(r, f, vk);
        if (t instanceof Call c) return evalCall(c, c.args().size(), f, vk);
        if (t instanceof ArrayTerm a) {
            Value[] acc = new Value[a.items().size()];
            return evalItems(a.items(), 0, acc, f, () -> vk.next(Value.Arr.wrap(new ArrayList<>(Arrays.asList(acc)))));
        }
        if (t instanceof SetTerm s) {
            Value[] acc = new Value[s.items().size()];
            return evalItems(s.items(), 0, acc, f, () -> vk.next(Value.SetV.wrap(new HashSet<>(Arrays.asList(acc)))));
        }
        if (t instanceof ObjectTerm o) {
            List<Term> flat = new ArrayList<>(o.items().size() * 2);
            for (Pair p : o.items()) {
                flat.add(p.key());
                flat.add(p.value());
            }
            Value[] acc = new Value[flat.size()];
            return evalItems(flat, 0, acc, f, () -> {
                Map<Value, Value> m = new HashMap<>();
                for (int i = 0; i < acc.length; i += 2) m.put(acc[i], acc[i + 1]);
                return vk.next(Value.Obj.wrap(m));
            });
        }
        if (t instanceof ArrayCompr c) {
            List<Value> out = new ArrayList<>();
            evalBody(c.body(), 0, f, () -> eval(c.head(), f, v -> {
                out.add(v);
                grew(out.size(), c.loc());
                return true;
            }));
            return vk.next(Value.Arr.wrap(out));
        }
        if (t instanceof SetCompr c) {
            Set<Value> out = new HashSet<>();
            evalBody(c.body(), 0, f, () -> eval(c.head(), f, v -> {
                out.add(v);
                grew(out.size(), c.loc());
                return true;
            }));
            return vk.next(Value.SetV.wrap(out));
        }
        if (t instanceof ObjectCompr c) {
            Map<Value, Value> out = new HashMap<>();
            evalBody(c.body(), 0, f, () -> eval(c.key(), f, key -> eval(c.value(), f, v -> {
                Value prev = out.putIfAbsent(key, v);
                if (prev != null && !prev.equals(v)) {
                    throw new RegoError(RegoError.EVAL_CONFLICT, "object keys must be unique", c.loc());
                }
                grew(out.size(), c.loc());
                return true;
            })));
            return vk.next(Value.Obj.wrap(out));
        }
        throw new IllegalStateException("template strings are lowered by the compiler");
    }

    private boolean evalItems(List<Term> items, int i, Value[] acc, Value[] f, K k) {
        if (i == items.size()) return k.next();
        return eval(items.get(i), f, v -> {
            acc[i] = v;
            return evalItems(items, i + 1, acc, f, k);
        });
    }

    // ------------------------------------------------------------------ refs

    private boolean evalRef(Ref r, Value[] f, VK vk) {
        Term head = r.head();
        if (head instanceof Var v) {
            if (v.slot() < 0) {
                if (v.name().equals("data")) return evalData(r.path(), 0, program.root, data, state.dataOverride, f, vk);
                Value in = state.input;
                return in == null || walk(in, r.path(), 0, f, vk);
            }
            Value x = f[v.slot()];
            if (x == null) throw new RegoError(RegoError.EVAL_TYPE, "var " + v.name() + " is unbound", v.loc());
            return walk(x, r.path(), 0, f, vk);
        }
        return eval(head, f, x -> walk(x, r.path(), 0, f, vk));
    }

    /** Follows a ref path through a plain value; unbound variables in the path iterate. */
    private boolean walk(Value v, List<Term> path, int i, Value[] f, VK vk) {
        if (i == path.size()) return vk.next(v);
        Term e = path.get(i);
        if (e instanceof Scalar s) {
            Value child = lookup(v, s.value());
            return child == null || walk(child, path, i + 1, f, vk);
        }
        if (e instanceof Var var) {
            Value key = f[var.slot()];
            if (key != null) {
                Value child = lookup(v, key);
                return child == null || walk(child, path, i + 1, f, vk);
            }
            return members(v, (key2, child) -> {
                f[var.slot()] = key2;
                boolean r = walk(child, path, i + 1, f, vk);
                f[var.slot()] = null;
                return r;
            });
        }
        if (evaluable(e, f)) {
            return eval(e, f, key -> {
                Value child = lookup(v, key);
                return child == null || walk(child, path, i + 1, f, vk);
            });
        }
        return members(v, (key, child) -> unifyValue(e, key, f, () -> walk(child, path, i + 1, f, vk)));
    }

    /** The value under a key: object member, array element, or set member (which is the key itself). */
    static Value lookup(Value v, Value key) {
        if (v instanceof Value.Obj o) return o.get(key);
        if (v instanceof Value.Arr a) {
            if (!(key instanceof Value.Num n)) return null;
            Integer idx = n.intValue();
            return idx == null || idx < 0 || idx >= a.size() ? null : a.get(idx);
        }
        if (v instanceof Value.SetV s) return s.contains(key) ? key : null;
        return null;
    }

    /**
     * Follows a ref path under data, where rules and base documents meet. Plain base documents are walked
     * directly; at a node with rules its value is computed (once per query) and walked.
     */
    private boolean evalData(List<Term> path, int i, Node node, Value base, Override ov, Value[] f, VK vk) {
        if (ov != null && ov.value != null) return walk(ov.value, path, i, f, vk);
        if (node == null) {
            Value b = patch(base, ov);
            return b == null || walk(b, path, i, f, vk);
        }
        if (node.kind != Kind.NONE || i == path.size()) {
            Value v = nodeValue(node, base, ov);
            return v == null || walk(v, path, i, f, vk);
        }
        Term e = path.get(i);
        if (e instanceof Scalar s) return descend(path, i, node, base, ov, s.value(), f, vk);
        if (e instanceof Var var && f[var.slot()] != null) return descend(path, i, node, base, ov, f[var.slot()], f, vk);
        if (!(e instanceof Var) && evaluable(e, f)) {
            return eval(e, f, key -> descend(path, i, node, base, ov, key, f, vk));
        }
        Set<Value> keys = new TreeSet<>(node.children.keySet());
        if (base instanceof Value.Obj o) keys.addAll(o.asMap().keySet());
        if (ov != null) keys.addAll(ov.children.keySet());
        for (Value key : keys) {
            if (!unifyValue(e, key, f, () -> descend(path, i, node, base, ov, key, f, vk))) return false;
        }
        return true;
    }

    private boolean descend(List<Term> path, int i, Node node, Value base, Override ov, Value key, Value[] f, VK vk) {
        return evalData(path, i + 1, node.children.get(key), lookup(base, key), ov == null ? null : ov.child(key), f, vk);
    }

    // ------------------------------------------------------------------ virtual documents

    /** The value of a data node: its rules, its children and the base document there, or null when undefined. */
    private Value nodeValue(Node n, Value base, Override ov) {
        if (ov != null && ov.value != null) return ov.value;
        Object cached = state.cache.get(n);
        if (cached != null) return cached == NO_VALUE ? null : (Value) cached;
        Value v = switch (n.kind) {
            case FUNCTION -> null;
            case COMPLETE -> complete(n);
            case MULTI -> multi(n);
            case OBJECT, NONE -> object(n, base, ov);
        };
        if (n.kind == Kind.COMPLETE || n.kind == Kind.MULTI) v = patch(v, ov);
        state.cache.put(n, v == null ? NO_VALUE : v);
        return v;
    }

    /** The definitions worth evaluating for a rule node, narrowed by its index when it has one. */
    private List<RuleDef> definitions(Node n) {
        if (n.index == null) return n.rules;
        Value[] key = {null};
        Value in = state.input;
        if (in != null) walk(in, n.index.ref().path(), 0, new Value[0], v -> {
            key[0] = v;
            return false;
        });
        return n.index.candidates(key[0]);
    }

    private Value complete(Node n) {
        Value[] result = {null};
        for (RuleDef def : definitions(n)) {
            for (RuleDef branch = def; branch != null; branch = branch.elseRule()) {
                RuleDef d = branch;
                boolean found = solutions(d, frame -> eval(d.value(), frame, v -> {
                    if (result[0] != null && !result[0].equals(v)) {
                        throw new RegoError(RegoError.EVAL_CONFLICT, "complete rules must not produce multiple outputs", d.loc());
                    }
                    result[0] = v;
                    return true;
                }));
                if (found) break;
            }
        }
        if (result[0] == null && n.defaultValue != null) result[0] = constant(n.defaultValue, n.defaultFrame);
        return result[0];
    }

    private Value constant(Term t, int frameSize) {
        Value[] out = {null};
        eval(t, new Value[frameSize], v -> {
            out[0] = v;
            return false;
        });
        return out[0];
    }

    private Value multi(Node n) {
        Set<Value> out = new HashSet<>();
        for (RuleDef d : definitions(n)) {
            solutions(d, frame -> eval(d.key(), frame, v -> {
                out.add(v);
                grew(out.size(), d.loc());
                return true;
            }));
        }
        return Value.SetV.wrap(out);
    }

    /**
     * An object node: the values of rules with variables in their heads ({@code p[x] := v}, {@code a.b[x].c contains y}),
     * merged with the child nodes and the base document at this path.
     */
    private Value object(Node n, Value base, Override ov) {
        Map<Value, Object> root = new HashMap<>();
        for (RuleDef d : definitions(n)) {
            solutions(d, frame -> suffixKeys(d, frame, 0, new Value[d.suffix().size()], keys ->
                    d.multi() ? eval(d.key(), frame, v -> insertLeaf(root, keys, v, true, d.loc()))
                            : eval(d.value(), frame, v -> insertLeaf(root, keys, v, false, d.loc()))));
        }
        for (Node c : n.children.values()) {
            if (c.kind == Kind.FUNCTION && c.children.isEmpty()) continue;
            Value cv = nodeValue(c, lookup(base, c.key), ov == null ? null : ov.child(c.key));
            if (cv == null) continue;
            Object prev = root.get(c.key);
            if (prev != null && !(prev instanceof Value pv && pv.equals(cv))) {
                throw new RegoError(RegoError.EVAL_CONFLICT, "object keys must be unique", n.rules.isEmpty() ? null : n.rules.get(0).loc());
            }
            root.put(c.key, cv);
        }
        Value built = freeze(root);
        if (base instanceof Value.Obj b) built = mergeBase(b, (Value.Obj) built);
        return patch(built, ov);
    }

    private interface KeysK { boolean next(Value[] keys); }

    private boolean suffixKeys(RuleDef d, Value[] frame, int i, Value[] keys, KeysK k) {
        if (i == keys.length) return k.next(keys);
        return eval(d.suffix().get(i), frame, v -> {
            keys[i] = v;
            return suffixKeys(d, frame, i + 1, keys, k);
        });
    }

    @SuppressWarnings("unchecked")
    private boolean insertLeaf(Map<Value, Object> root, Value[] keys, Value v, boolean multi, RegoError.Location loc) {
        Map<Value, Object> cur = root;
        for (int i = 0; i < keys.length - 1; i++) {
            Object next = cur.get(keys[i]);
            if (next == null) {
                next = new HashMap<Value, Object>();
                cur.put(keys[i], next);
            } else if (!(next instanceof Map)) {
                throw new RegoError(RegoError.EVAL_CONFLICT, "object keys must be unique", loc);
            }
            cur = (Map<Value, Object>) next;
        }
        Value last = keys[keys.length - 1];
        Object prev = cur.get(last);
        if (multi) {
            if (prev == null) {
                prev = new HashSet<Value>();
                cur.put(last, prev);
            } else if (!(prev instanceof Set)) {
                throw new RegoError(RegoError.EVAL_CONFLICT, "object keys must be unique", loc);
            }
            ((Set<Value>) prev).add(v);
        } else {
            if (prev != null && !(prev instanceof Value pv && pv.equals(v))) {
                throw new RegoError(RegoError.EVAL_CONFLICT, "object keys must be unique", loc);
            }
            cur.put(last, v);
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Value freeze(Object o) {
        if (o instanceof Value v) return v;
        if (o instanceof Set<?> s) return Value.SetV.wrap((Set<Value>) s);
        Map<Value, Object> m = (Map<Value, Object>) o;
        Map<Value, Value> out = new HashMap<>(Math.max(4, m.size() * 2));
        for (Map.Entry<Value, Object> e : m.entrySet()) out.put(e.getKey(), freeze(e.getValue()));
        return Value.Obj.wrap(out);
    }

    private static Value.Obj mergeBase(Value.Obj base, Value.Obj virtual) {
        if (virtual.isEmpty()) return base;
        Map<Value, Value> m = new HashMap<>(base.asMap());
        for (Map.Entry<Value, Value> e : virtual.asMap().entrySet()) {
            Value b = m.get(e.getKey());
            // Where both define a key, objects merge and otherwise the base document wins, as in OPA.
            if (b == null) m.put(e.getKey(), e.getValue());
            else if (b instanceof Value.Obj bo && e.getValue() instanceof Value.Obj vo) m.put(e.getKey(), mergeBase(bo, vo));
        }
        return Value.Obj.wrap(m);
    }

    private interface FrameK { boolean next(Value[] frame); }

    /** Runs a rule body in a fresh frame; true when it had at least one solution. */
    private boolean solutions(RuleDef d, FrameK k) {
        Value[] frame = new Value[d.frameSize()];
        boolean[] any = {false};
        enter(d.loc());
        try {
            evalBody(d.body(), 0, frame, () -> {
                any[0] = true;
                return k.next(frame);
            });
        } finally {
            leave();
        }
        return any[0];
    }

    // ------------------------------------------------------------------ calls

    private boolean evalCall(Call c, int inputs, Value[] f, VK vk) {
        Value[] args = new Value[inputs];
        return evalArgs(c.args(), args, f, () -> invoke(c, args.clone(), vk));
    }

    /**
     * Evaluates call arguments left to right, except that an argument which cannot be evaluated yet waits for
     * the others: in {@code foo == input.foos[foo]} the ref binds foo first.
     */
    private boolean evalArgs(List<Term> terms, Value[] args, Value[] f, K k) {
        int next = -1;
        for (int i = 0; i < args.length; i++) {
            if (args[i] != null) continue;
            if (next < 0) next = i;
            if (evaluable(terms.get(i), f)) {
                next = i;
                break;
            }
        }
        if (next < 0) return k.next();
        int i = next;
        return eval(terms.get(i), f, v -> {
            args[i] = v;
            boolean r = evalArgs(terms, args, f, k);
            args[i] = null;
            return r;
        });
    }

    private boolean invoke(Call c, Value[] args, VK vk) {
        Target t = c.target();
        if (t instanceof Ast.Builtin b) {
            if (!state.builtinMocks.isEmpty()) {
                Mock m = state.builtinMocks.get(b.entry().name());
                if (m != null) return callMock(m, null, b.entry().name(), args, c, vk);
            }
            return callBuiltin(b.entry(), args, c, vk);
        }
        Ast.Function fn = (Ast.Function) t;
        if (!state.functionMocks.isEmpty()) {
            Mock m = state.functionMocks.get(fn.path());
            if (m != null) return callMock(m, fn.path(), null, args, c, vk);
        }
        Node node = program.node(fn.path());
        Value r = callFunction(node, args, c.loc());
        return r == null || vk.next(r);
    }

    /**
     * Calls a builtin. As in OPA, a builtin that fails makes its call undefined and evaluation goes on; the first
     * such error is kept, and in strict mode the query reports it once it has finished. Conflicts, cancellation
     * and limits end the query at once.
     */
    private boolean callBuiltin(BuiltinRegistry.Entry e, Value[] args, Call c, VK vk) {
        Value r;
        try {
            r = e.fn().call(ctx, args);
        } catch (RegoError err) {
            if (halts(err)) throw err.at(c.loc());
            if (builtinError == null) builtinError = err.at(c.loc());
            return true;
        } catch (StackOverflowError | OutOfMemoryError err) {
            throw err;
        } catch (RuntimeException err) {
            if (builtinError == null) builtinError = new RegoError(RegoError.EVAL_BUILTIN, e.name() + ": " + err.getMessage(), c.loc());
            return true;
        }
        if (r == null) return true;
        if (Operators.RELATIONS.contains(e.name()) && r instanceof Value.Arr results) {
            for (Value x : results.elements()) if (!vk.next(x)) return false;
            return true;
        }
        return vk.next(r);
    }

    /** The first builtin error of the query, or null; the query's error in strict mode. */
    RegoError builtinError() { return builtinError; }

    /** Errors that end the query whatever the strictness: conflicts, cancellation, limits. */
    private static boolean halts(RegoError e) {
        String code = e.code();
        return code.equals(RegoError.EVAL_CONFLICT) || code.equals(RegoError.EVAL_CANCEL) || code.equals(RegoError.EVAL_LIMIT);
    }

    /**
     * Calls a replacement. While it runs, the mock it replaces is lifted, so a replacement that calls the
     * original function reaches the original rather than itself.
     */
    private boolean callMock(Mock m, List<Value> fnPath, String builtin, Value[] args, Call c, VK vk) {
        if (m instanceof ValueMock vm) return vk.next(vm.value());
        State saved = state;
        Map<List<Value>, Mock> fns = saved.functionMocks;
        Map<String, Mock> bis = saved.builtinMocks;
        if (fnPath != null) {
            fns = new HashMap<>(fns);
            fns.remove(fnPath);
        } else {
            bis = new HashMap<>(bis);
            bis.remove(builtin);
        }
        state = new State(saved.input, saved.dataOverride, fns, bis);
        try {
            if (m instanceof FunctionMock fm) {
                Value r = callFunction(fm.node(), args, c.loc());
                state = saved;
                return r == null || vk.next(r);
            }
            BuiltinMock bm = (BuiltinMock) m;
            List<Value> results = new ArrayList<>();
            callBuiltin(bm.entry(), args, c, v -> results.add(v));
            state = saved;
            for (Value v : results) if (!vk.next(v)) return false;
            return true;
        } finally {
            state = saved;
        }
    }

    private record CallKey(Node node, List<Value> args) {}

    /** A user function's result for these arguments, or null when undefined. Cached per query. */
    private Value callFunction(Node node, Value[] args, RegoError.Location at) {
        CallKey key = new CallKey(node, Arrays.asList(args));
        Object cached = state.cache.get(key);
        if (cached != null) return cached == NO_VALUE ? null : (Value) cached;
        Value[] result = {null};
        List<RuleDef> defs = node.index == null ? node.rules : node.index.candidates(args[0]);
        for (RuleDef def : defs) {
            for (RuleDef branch = def; branch != null; branch = branch.elseRule()) {
                RuleDef d = branch;
                Value[] frame = new Value[d.frameSize()];
                boolean[] any = {false};
                enter(d.loc());
                try {
                    unifyArgs(d.args(), args, 0, frame, () -> evalBody(d.body(), 0, frame, () -> eval(d.value(), frame, v -> {
                        any[0] = true;
                        if (result[0] != null && !result[0].equals(v)) {
                            throw new RegoError(RegoError.EVAL_CONFLICT, "functions must not produce multiple outputs for same inputs", d.loc());
                        }
                        result[0] = v;
                        return true;
                    })));
                } finally {
                    leave();
                }
                if (any[0]) break;
            }
        }
        if (result[0] == null && node.defaultValue != null) result[0] = constant(node.defaultValue, node.defaultFrame);
        state.cache.put(key, result[0] == null ? NO_VALUE : result[0]);
        return result[0];
    }

    private boolean unifyArgs(List<Term> params, Value[] args, int i, Value[] frame, K k) {
        if (i == params.size()) return k.next();
        return unifyValue(params.get(i), args[i], frame, () -> unifyArgs(params, args, i + 1, frame, k));
    }

}
