package dev.tollgate.rego;

import dev.tollgate.rego.Ast.*;
import dev.tollgate.rego.Ast.Module;
import dev.tollgate.rego.Ast.Package;
import dev.tollgate.rego.Program.Kind;
import dev.tollgate.rego.Program.Node;
import dev.tollgate.rego.Program.RuleDef;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns parsed modules into a {@link Program}: builds the rule tree, resolves names (rules of the package,
 * imports, locals, builtins), numbers local variables into frame slots, lowers {@code print} and template
 * strings into builtin calls, checks safety and reorders bodies, and rejects recursion and conflicting rules.
 * Every error carries the file and position of the offending code.
 */
final class Compiler {

    private final BuiltinRegistry builtins;
    private final Program program;
    private final Safety safety = new Safety();
    /** Package path to the first names of the rules defined in it, across modules. */
    private final Map<List<Value>, Set<String>> packageRoots = new HashMap<>();
    private final Map<List<Value>, List<Annotation>> packageAnnotations = new HashMap<>();
    private final Map<List<Value>, List<Annotation>> documentAnnotations = new HashMap<>();
    private int generated;

    private Compiler(Program program) {
        this.builtins = program.builtins;
        this.program = program;
    }

    /** What a rule or query body is compiled against: its package and import aliases. */
    private record Context(List<Value> pkg, Map<String, Ref> aliases, Set<String> roots, RuleMeta meta) {}

    /** The annotations a rule definition sees, for rego.metadata.*. */
    private record RuleMeta(List<Value> path, List<Annotation> own) {}

    private record Pending(Module module, Rule rule, Node node, List<Term> suffix, Map<String, Ref> aliases) {}

    static Program compile(List<Module> modules, BuiltinRegistry builtins) {
        Compiler c = new Compiler(new Program(builtins));
        c.compileModules(modules);
        return c.program;
    }

    /** Compiles a query against an already compiled program; source is its text, for reporting. */
    static Program.Query compileQuery(Program program, List<Literal> body, String source) {
        Compiler c = new Compiler(program);
        return c.query(body, source);
    }

    // ------------------------------------------------------------------ modules

    private void compileModules(List<Module> modules) {
        Map<Module, Map<String, Ref>> aliases = new LinkedHashMap<>();
        for (Module m : modules) {
            aliases.put(m, imports(m));
            Node pkg = program.root;
            for (Value k : m.pkg().path()) pkg = pkg.child(k); // empty packages exist too, as {}
            Set<String> roots = packageRoots.computeIfAbsent(m.pkg().path(), k -> new LinkedHashSet<>());
            for (Rule r : m.rules()) roots.add(((Var) r.head().head()).name());
            if (!m.pkg().annotations().isEmpty()) {
                packageAnnotations.computeIfAbsent(m.pkg().path(), k -> new ArrayList<>()).addAll(m.pkg().annotations());
            }
        }
        List<Pending> pending = new ArrayList<>();
        for (Module m : modules) {
            for (Rule r : m.rules()) pending.add(place(m, r, aliases.get(m)));
        }
        for (Pending p : pending) classify(p);
        for (Pending p : pending) checkLeaf(p);
        for (Pending p : pending) {
            if (p.rule().isDefault()) continue;
            p.node().rules.add(compileRule(p, p.rule()));
        }
        new Recursion(program).check();
        indexAll(program.root);
    }

    private static void indexAll(Node n) {
        n.buildIndex();
        for (Node c : n.children.values()) indexAll(c);
    }

    private Map<String, Ref> imports(Module m) {
        Map<String, Ref> out = new HashMap<>();
        for (Import imp : m.imports()) {
            Ref path = imp.path();
            String root = ((Var) path.head()).name();
            if (root.equals("future") || root.equals("rego")) continue;
            String alias = imp.alias();
            if (alias == null) {
                if (path.path().isEmpty()) continue; // import data / import input: already in scope
                alias = ((Value.Str) ((Scalar) path.path().get(path.path().size() - 1)).value()).value();
            }
            if (out.containsKey(alias)) {
                throw new RegoError(RegoError.COMPILE, "import must not shadow import " + alias, imp.loc());
            }
            out.put(alias, new Ref(new Var(root, imp.loc()), path.path(), imp.loc()));
        }
        return out;
    }

    /** Finds a rule's node: its package path, then the head ref as far as it is constant. */
    private Pending place(Module m, Rule r, Map<String, Ref> aliases) {
        Node n = program.root;
        for (Value k : m.pkg().path()) n = n.child(k);
        n = n.child(Value.str(((Var) r.head().head()).name()));
        List<Term> suffix = new ArrayList<>();
        boolean ground = true;
        for (Term t : r.head().path()) {
            Term folded = fold(t);
            if (ground && folded instanceof Scalar s) {
                n = n.child(s.value());
            } else {
                ground = false;
                suffix.add(t);
            }
        }
        if (!r.annotations().isEmpty()) {
            for (Annotation a : r.annotations()) {
                if (a.scope().equals("document")) documentAnnotations.computeIfAbsent(n.path, k -> new ArrayList<>()).add(a);
            }
        }
        return new Pending(m, r, n, List.copyOf(suffix), aliases);
    }

    /** Sets the node's kind from its rules, rejecting definitions that cannot live together. */
    private void classify(Pending p) {
        Rule r = p.rule();
        Node n = p.node();
        Kind k = r.isFunction() ? Kind.FUNCTION : !p.suffix().isEmpty() ? Kind.OBJECT : r.isMultiValue() ? Kind.MULTI : Kind.COMPLETE;
        if (n.kind != Kind.NONE && n.kind != k) {
            throw new RegoError(RegoError.TYPE, "conflicting rules " + n.name() + " found", r.loc());
        }
        n.kind = k;
        if (r.isFunction()) {
            if (n.arity >= 0 && n.arity != r.args().size()) {
                throw new RegoError(RegoError.TYPE, "conflicting rules " + n.name() + " found: functions must have the same number of arguments", r.loc());
            }
            n.arity = r.args().size();
        }
        if (r.isDefault()) {
            if (n.defaultValue != null) throw new RegoError(RegoError.TYPE, "multiple default rules " + n.name() + " found", r.loc());
            if (!p.suffix().isEmpty()) throw new RegoError(RegoError.TYPE, "default rules must not have variables in their head: " + n.name(), r.loc());
            n.defaultValue = fold(r.value());
            if (!(n.defaultValue instanceof Scalar)) {
                // Defaults may hold comprehensions of constants; they are compiled as a rule body of their own.
                int[] frame = new int[1];
                n.defaultValue = compileDefault(p, frame);
                n.defaultFrame = frame[0];
            }
        }
    }

    /** Complete, multi-value and function rules are leaves: nothing may be defined beneath them. */
    private static void checkLeaf(Pending p) {
        Node n = p.node();
        if ((n.kind == Kind.COMPLETE || n.kind == Kind.MULTI || n.kind == Kind.FUNCTION) && hasRulesBelow(n)) {
            throw new RegoError(RegoError.TYPE, "rule " + n.name() + " conflicts with rules defined beneath it", p.rule().loc());
        }
    }

    private static boolean hasRulesBelow(Node n) {
        for (Node c : n.children.values()) {
            if (c.kind != Kind.NONE || hasRulesBelow(c)) return true;
        }
        return false;
    }

    private Term compileDefault(Pending p, int[] frame) {
        Context ctx = context(p);
        Scope s = new Scope(null, frame);
        declare(List.of(), s, List.of(p.rule().value()), ctx);
        return rw(p.rule().value(), s, ctx);
    }

    private Context context(Pending p) {
        return new Context(p.module().pkg().path(), p.aliases(), packageRoots.get(p.module().pkg().path()),
                new RuleMeta(p.node().path, p.rule().annotations()));
    }

    // ------------------------------------------------------------------ rules

    private RuleDef compileRule(Pending p, Rule r) {
        Context ctx = context(p);
        int[] counter = {0};
        Scope s = new Scope(null, counter);
        List<Literal> body = new ArrayList<>(r.body());

        // Parameters that are not plain patterns (refs, calls, templates) become equality checks in the body.
        List<Term> params = null;
        BitSet bound = new BitSet();
        if (r.args() != null) {
            params = new ArrayList<>();
            for (Term a : r.args()) {
                if (isPattern(a)) {
                    params.add(a);
                } else {
                    Var v = new Var("$a" + generated++, a.loc());
                    params.add(v);
                    body.add(0, new Literal(new TermExpr(new Call(Ast.ref("eq", a.loc()), List.of(v, a), a.loc())),
                            false, List.of(), a.loc()));
                }
            }
            for (Term a : params) declarePattern(a, s, true);
        }
        List<Term> headTerms = new ArrayList<>(p.suffix());
        if (r.key() != null) headTerms.add(r.key());
        if (r.value() != null) headTerms.add(r.value());
        declare(body, s, headTerms, ctx);

        List<Term> args = null;
        if (params != null) {
            args = new ArrayList<>();
            for (Term a : params) args.add(rw(a, s, ctx));
            for (Term a : args) bound.or(safety.patternOutputs(a));
        }
        List<Literal> rewritten = rwBody(body, s, ctx);
        List<Term> suffix = new ArrayList<>();
        for (Term t : p.suffix()) suffix.add(rw(t, s, ctx));
        Term key = r.key() == null ? null : rw(r.key(), s, ctx);
        Term value = r.value() == null ? null : rw(r.value(), s, ctx);

        Safety.Ordered ordered = safety.reorder(rewritten, s.owned, bound);
        for (Term t : suffix) safety.checkBound(t, ordered.bound(), s.owned, r.loc());
        if (key != null) safety.checkBound(key, ordered.bound(), s.owned, r.loc());
        if (value != null) safety.checkBound(value, ordered.bound(), s.owned, r.loc());

        RuleDef elseDef = r.elseRule() == null ? null
                : compileRule(p, withHead(r.elseRule(), r));
        return new RuleDef(p.node(), List.copyOf(suffix), r.isMultiValue(), key, value,
                args == null ? null : List.copyOf(args), ordered.body(), counter[0], elseDef, r.loc());
    }

    /** Else branches are parsed with their own value and body; annotations stay with the first definition. */
    private static Rule withHead(Rule elseRule, Rule first) {
        return new Rule(false, first.head(), elseRule.args(), null, elseRule.value(), elseRule.assign(),
                elseRule.body(), elseRule.elseRule(), elseRule.loc(), first.annotations());
    }

    private static boolean isPattern(Term t) {
        if (t instanceof Var || t instanceof Scalar) return true;
        if (t instanceof ArrayTerm a) return a.items().stream().allMatch(Compiler::isPattern);
        if (t instanceof ObjectTerm o) {
            return o.items().stream().allMatch(p -> fold(p.key()) instanceof Scalar && isPattern(p.value()));
        }
        return false;
    }

    // ------------------------------------------------------------------ queries

    /**
     * A query's expressions report their values (as opa eval does): an expression {@code t} that is a plain
     * term or call is run as {@code $e = t; $e != false}, so its value is kept in a slot.
     */
    private Program.Query query(List<Literal> written, String source) {
        Context ctx = new Context(List.of(), Map.of(), Set.of(), null);
        List<Literal> body = new ArrayList<>();
        String[] capture = new String[written.size()];
        for (int i = 0; i < written.size(); i++) {
            Literal lit = written.get(i);
            if (!lit.negated() && lit.expr() instanceof TermExpr te && !isUnify(te.term()) && !hasOutput(te.term())) {
                RegoError.Location loc = lit.loc();
                Var v = new Var("$e" + i, loc);
                capture[i] = v.name();
                body.add(new Literal(new TermExpr(new Call(Ast.ref("eq", loc), List.of(v, te.term()), loc)), false, lit.withs(), loc));
                body.add(new Literal(new TermExpr(new Call(Ast.ref("neq", loc), List.of(v, new Scalar(Value.FALSE, loc)), loc)),
                        false, List.of(), loc));
            } else {
                body.add(lit);
            }
        }
        int[] counter = {0};
        Scope s = new Scope(null, counter);
        declare(body, s, List.of(), ctx);
        List<Literal> rewritten = rwBody(body, s, ctx);
        Safety.Ordered ordered = safety.reorder(rewritten, s.owned, new BitSet());
        Map<String, Integer> vars = new LinkedHashMap<>();
        for (Literal l : written) {
            Safety.forEachVar(l, v -> {
                Integer slot = s.names.get(v.name());
                if (slot != null && !v.name().startsWith("$")) vars.putIfAbsent(v.name(), slot);
            });
        }
        int[] slots = new int[written.size()];
        List<String> texts = new ArrayList<>();
        List<RegoError.Location> locs = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            slots[i] = capture[i] == null ? -1 : s.names.get(capture[i]);
            texts.add(text(source, written, i));
            locs.add(written.get(i).loc());
        }
        return new Program.Query(ordered.body(), counter[0], vars, slots, List.copyOf(texts), List.copyOf(locs));
    }

    /** A call written with its output argument, like {@code count(xs, n)}: its value is just true. */
    private boolean hasOutput(Term t) {
        if (!(t instanceof Call c) || !(c.fn().head() instanceof Var head)) return false;
        int arity = -1;
        if (head.name().equals("data")) {
            List<Value> path = groundPath(foldPath(c.fn()));
            Node n = path == null ? null : program.node(path);
            if (n != null && n.kind == Kind.FUNCTION) arity = n.arity;
        } else {
            BuiltinRegistry.Entry e = builtins.lookup(c.name());
            if (e != null) arity = e.arity();
        }
        return arity >= 0 && c.args().size() == arity + 1;
    }

    private static boolean isUnify(Term t) {
        return t instanceof Call c && (c.name().equals("eq") || c.name().equals("assign"));
    }

    /** The source text of the i-th expression: from its start to the next one's, without separators. */
    private static String text(String source, List<Literal> body, int i) {
        String[] lines = source.split("\n", -1);
        int start = offset(lines, body.get(i).loc());
        int end = i + 1 < body.size() ? offset(lines, body.get(i + 1).loc()) : source.length();
        if (start < 0 || end < start || end > source.length()) return "";
        String t = source.substring(start, end).strip();
        while (t.endsWith(";")) t = t.substring(0, t.length() - 1).strip();
        return t;
    }

    private static int offset(String[] lines, RegoError.Location loc) {
        if (loc == null || loc.line() < 1 || loc.line() > lines.length) return -1;
        int off = 0;
        for (int l = 0; l < loc.line() - 1; l++) off += lines[l].length() + 1;
        return off + loc.column() - 1;
    }

    // ------------------------------------------------------------------ scopes

    /** The variables one body owns; closures get a child scope whose free variables refer outward. */
    private static final class Scope {
        final Scope parent;
        final int[] counter;
        final Map<String, Integer> names = new HashMap<>();
        final Set<String> explicit = new HashSet<>();
        final BitSet owned = new BitSet();
        final List<Scope> children = new ArrayList<>();

        Scope(Scope parent, int[] counter) {
            this.parent = parent;
            this.counter = counter;
            if (parent != null) parent.children.add(this);
        }

        Integer lookup(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                Integer slot = s.names.get(name);
                if (slot != null) return slot;
            }
            return null;
        }

        int declare(String name) {
            int slot = counter[0]++;
            names.put(name, slot);
            owned.set(slot);
            return slot;
        }

        /** Slots owned by this scope and every scope inside it. */
        BitSet ownedTree() {
            BitSet b = (BitSet) owned.clone();
            for (Scope c : children) b.or(c.ownedTree());
            return b;
        }
    }

    /**
     * Declares a body's variables in its scope: first those it declares explicitly ({@code :=}, {@code some}),
     * which shadow outer names; then every other name it uses that is neither an outer variable nor a global.
     */
    private void declare(List<Literal> body, Scope s, List<Term> extra, Context ctx) {
        Set<String> seen = new HashSet<>();
        for (Literal lit : body) {
            Expr e = lit.expr();
            if (e instanceof TermExpr te && te.term() instanceof Call c && c.name().equals("assign") && c.args().size() == 2) {
                Term lhs = c.args().get(0);
                if (!isPattern(lhs)) throw new RegoError(RegoError.COMPILE, "cannot assign to " + describe(lhs), lit.loc());
                for (Var v : patternVars(lhs)) {
                    if (v.isWildcard()) continue;
                    if (s.explicit.contains(v.name())) {
                        throw new RegoError(RegoError.COMPILE, "var " + v.name() + " assigned above", v.loc());
                    }
                    if (seen.contains(v.name()) || (s.names.containsKey(v.name()) && !s.explicit.contains(v.name()))) {
                        throw new RegoError(RegoError.COMPILE, "var " + v.name() + " referenced above", v.loc());
                    }
                    declarePattern(v, s, true);
                }
            } else if (e instanceof SomeDecl d) {
                for (Var v : d.vars()) {
                    if (s.explicit.contains(v.name())) {
                        throw new RegoError(RegoError.COMPILE, "var " + v.name() + " declared above", v.loc());
                    }
                    declarePattern(v, s, true);
                }
            } else if (e instanceof SomeIn si) {
                if (si.key() != null) declarePattern(si.key(), s, true);
                declarePattern(si.value(), s, true);
            }
            directVars(lit, v -> seen.add(v.name()));
        }
        for (Literal lit : body) {
            directVars(new Literal(lit.expr(), lit.negated(), List.of(), lit.loc()), v -> declareImplicit(v, s, ctx));
            for (With w : lit.withs()) {
                if (!namesBuiltin(w.value(), s, ctx)) directVars(w.value(), v -> declareImplicit(v, s, ctx));
            }
        }
        for (Term t : extra) directVars(t, v -> declareImplicit(v, s, ctx));
    }

    /** A with value like {@code count} or {@code time.now_ns}: a builtin to call instead, not a variable. */
    private boolean namesBuiltin(Term v, Scope s, Context ctx) {
        Ref r = v instanceof Ref ref ? ref : v instanceof Var var ? new Ref(var, List.of(), var.loc()) : null;
        if (r == null || !(r.head() instanceof Var hv) || s.lookup(hv.name()) != null || isGlobal(hv.name(), ctx)) return false;
        return allStrings(r) && builtins.lookup(Ast.refName(r)) != null;
    }

    private static String describe(Term t) {
        return t instanceof Ref ? "ref" : t instanceof Call ? "call" : "term";
    }

    private void declarePattern(Term t, Scope s, boolean explicit) {
        for (Var v : patternVars(t)) {
            if (explicit) s.explicit.add(v.name());
            if (!s.names.containsKey(v.name())) s.declare(v.name());
        }
    }

    private void declareImplicit(Var v, Scope s, Context ctx) {
        String n = v.name();
        if (n.equals("data") || n.equals("input")) return;
        if (s.lookup(n) != null || isGlobal(n, ctx)) return;
        s.declare(n);
    }

    private static boolean isGlobal(String name, Context ctx) {
        return ctx.aliases().containsKey(name) || ctx.roots().contains(name);
    }

    private static List<Var> patternVars(Term t) {
        List<Var> out = new ArrayList<>();
        collectPatternVars(t, out);
        return out;
    }

    private static void collectPatternVars(Term t, List<Var> out) {
        if (t instanceof Var v) out.add(v);
        else if (t instanceof ArrayTerm a) a.items().forEach(x -> collectPatternVars(x, out));
        else if (t instanceof ObjectTerm o) o.items().forEach(p -> collectPatternVars(p.value(), out));
    }

    /** Variables a literal uses outside of closures (comprehensions, every bodies, and/or operands). */
    private static void directVars(Literal lit, java.util.function.Consumer<Var> f) {
        Expr e = lit.expr();
        if (e instanceof TermExpr te) directVars(te.term(), f);
        else if (e instanceof SomeDecl d) d.vars().forEach(f);
        else if (e instanceof SomeIn s) {
            if (s.key() != null) directVars(s.key(), f);
            directVars(s.value(), f);
            directVars(s.domain(), f);
        } else if (e instanceof Every ev) {
            directVars(ev.domain(), f);
        }
        for (With w : lit.withs()) directVars(w.value(), f);
    }

    private static void directVars(Term t, java.util.function.Consumer<Var> f) {
        if (t instanceof Var v) {
            f.accept(v);
        } else if (t instanceof Ref r) {
            directVars(r.head(), f);
            for (Term p : r.path()) directVars(p, f);
        } else if (t instanceof ArrayTerm a) {
            a.items().forEach(x -> directVars(x, f));
        } else if (t instanceof SetTerm st) {
            st.items().forEach(x -> directVars(x, f));
        } else if (t instanceof ObjectTerm o) {
            o.items().forEach(p -> { directVars(p.key(), f); directVars(p.value(), f); });
        } else if (t instanceof Call c) {
            c.args().forEach(x -> directVars(x, f));
        }
    }

    // ------------------------------------------------------------------ rewriting

    private List<Literal> rwBody(List<Literal> body, Scope s, Context ctx) {
        List<Literal> out = new ArrayList<>(body.size());
        for (Literal l : body) out.add(rwLiteral(l, s, ctx));
        return out;
    }

    private Literal rwLiteral(Literal lit, Scope s, Context ctx) {
        List<With> withs = new ArrayList<>();
        for (With w : lit.withs()) withs.add(rwWith(w, s, ctx));
        Expr e = lit.expr();
        Expr out;
        if (e instanceof TermExpr te) {
            Term t = rw(te.term(), s, ctx);
            out = new TermExpr(t);
        } else if (e instanceof SomeDecl d) {
            List<Var> vs = new ArrayList<>();
            for (Var v : d.vars()) vs.add((Var) rw(v, s, ctx));
            out = new SomeDecl(vs);
        } else if (e instanceof SomeIn si) {
            out = new SomeIn(si.key() == null ? null : rw(si.key(), s, ctx), rw(si.value(), s, ctx), rw(si.domain(), s, ctx));
        } else if (e instanceof Every ev) {
            Term domain = rw(ev.domain(), s, ctx);
            Scope c = new Scope(s, s.counter);
            if (ev.key() != null) declarePattern(ev.key(), c, true);
            declarePattern(ev.value(), c, true);
            declare(ev.body(), c, List.of(), ctx);
            Var key = ev.key() == null ? null : (Var) rw(ev.key(), c, ctx);
            Var value = (Var) rw(ev.value(), c, ctx);
            BitSet bound = new BitSet();
            if (key != null) bound.set(key.slot());
            bound.set(value.slot());
            List<Literal> body = safety.reorder(rwBody(ev.body(), c, ctx), c.owned, bound).body();
            Every every = new Every(key, value, domain, body);
            recordFree(every, c, every);
            out = every;
        } else if (e instanceof Logic lg) {
            Literal left = operand(lg.left(), s, ctx);
            Literal right = operand(lg.right(), s, ctx);
            Logic logic = new Logic(lg.and(), left, right);
            BitSet free = (BitSet) safety.freeOf(left).clone();
            free.or(safety.freeOf(right));
            safety.recordFree(logic, free);
            out = logic;
        } else {
            Group g = (Group) e;
            Scope c = new Scope(s, s.counter);
            declare(g.body(), c, List.of(), ctx);
            List<Literal> body = safety.reorder(rwBody(g.body(), c, ctx), c.owned, new BitSet()).body();
            Group group = new Group(body);
            recordFree(group, c, group);
            out = group;
        }
        return new Literal(out, lit.negated(), List.copyOf(withs), lit.loc());
    }

    /** An and/or operand: a body of its own, so names it introduces stay inside it. */
    private Literal operand(Literal lit, Scope s, Context ctx) {
        Scope c = new Scope(s, s.counter);
        declare(List.of(lit), c, List.of(), ctx);
        Literal rewritten = rwLiteral(lit, c, ctx);
        List<Literal> body = safety.reorder(List.of(rewritten), c.owned, new BitSet()).body();
        Literal out = body.get(0);
        recordFree(out, c, out);
        return out;
    }

    private void recordFree(Object key, Scope c, Object node) {
        BitSet used = new BitSet();
        java.util.function.Consumer<Var> add = v -> { if (v.slot() >= 0) used.set(v.slot()); };
        if (node instanceof Literal l) Safety.forEachVar(l, add);
        else if (node instanceof Every ev) {
            Safety.forEachVar(ev.domain(), add);
            ev.body().forEach(l -> Safety.forEachVar(l, add));
        } else if (node instanceof Group g) {
            g.body().forEach(l -> Safety.forEachVar(l, add));
        } else {
            Safety.forEachVar((Term) node, add);
        }
        used.andNot(c.ownedTree());
        safety.recordFree(key, used);
    }

    private With rwWith(With w, Scope s, Context ctx) {
        Term target = resolveTarget(w.target(), ctx);
        Term value = rwWithValue(w.value(), s, ctx);
        return new With(target, value, w.loc());
    }

    /** A with target: input..., data..., a function (by data path) or a builtin (by name). */
    private Term resolveTarget(Term target, Context ctx) {
        Ref r = target instanceof Ref ref ? ref : new Ref(target, List.of(), target.loc());
        if (!(r.head() instanceof Var hv)) throw new RegoError(RegoError.TYPE, "invalid with target", target.loc());
        String n = hv.name();
        Ref global = globalRef(n, ctx);
        if (n.equals("input") || n.equals("data") || global != null) {
            Ref full = foldPath(global == null ? r : concat(global, r.path()));
            if (groundPath(full) == null) {
                throw new RegoError(RegoError.TYPE, "with keyword target must be a constant path: " + Ast.refName(full), target.loc());
            }
            return full;
        }
        String name = Ast.refName(r);
        if (builtins.lookup(name) == null) {
            throw new RegoError(RegoError.TYPE, "with keyword target must reference existing input, data, or a function: " + name, target.loc());
        }
        return r;
    }

    private static Ref foldPath(Ref r) {
        List<Term> p = new ArrayList<>();
        for (Term t : r.path()) p.add(fold(t));
        return new Ref(r.head(), p, r.loc());
    }

    /** A with value that names a function or builtin stays a name; anything else is an ordinary term. */
    private Term rwWithValue(Term v, Scope s, Context ctx) {
        Ref r = v instanceof Ref ref ? ref : v instanceof Var var ? new Ref(var, List.of(), var.loc()) : null;
        if (r != null && r.head() instanceof Var hv && s.lookup(hv.name()) == null) {
            String n = hv.name();
            Ref full = n.equals("data") ? r : globalRef(n, ctx) != null ? concat(globalRef(n, ctx), r.path()) : null;
            if (full != null) {
                List<Value> path = groundPath(full);
                if (path != null) {
                    Node node = program.node(path);
                    if (node != null && node.kind == Kind.FUNCTION) return full;
                }
            } else if (!n.equals("input") && builtins.lookup(Ast.refName(r)) != null && allStrings(r)) {
                return r;
            }
        }
        return rw(v, s, ctx);
    }

    private static boolean allStrings(Ref r) {
        for (Term t : r.path()) if (!(t instanceof Scalar sc && sc.value() instanceof Value.Str)) return false;
        return true;
    }

    private Ref globalRef(String name, Context ctx) {
        Ref alias = ctx.aliases().get(name);
        if (alias != null) return alias;
        if (ctx.roots().contains(name)) {
            List<Term> path = new ArrayList<>();
            RegoError.Location loc = null;
            for (Value k : ctx.pkg()) path.add(new Scalar(k, loc));
            path.add(new Scalar(Value.str(name), loc));
            return new Ref(new Var("data", loc), List.copyOf(path), loc);
        }
        return null;
    }

    private static Ref concat(Ref base, List<Term> more) {
        List<Term> p = new ArrayList<>(base.path());
        p.addAll(more);
        return new Ref(base.head(), List.copyOf(p), base.loc());
    }

    /** The values of a ref path when all are constants, else null. */
    static List<Value> groundPath(Ref r) {
        List<Value> out = new ArrayList<>();
        for (Term t : r.path()) {
            if (!(t instanceof Scalar s)) return null;
            out.add(s.value());
        }
        return out;
    }

    private Term rw(Term t, Scope s, Context ctx) {
        if (t instanceof Scalar) return t;
        if (t instanceof Var v) return rwVar(v, s, ctx);
        if (t instanceof Ref r) return rwRef(r, s, ctx);
        if (t instanceof ArrayTerm a) return fold(new ArrayTerm(rwAll(a.items(), s, ctx), a.loc()));
        if (t instanceof SetTerm st) return fold(new SetTerm(rwAll(st.items(), s, ctx), st.loc()));
        if (t instanceof ObjectTerm o) {
            List<Pair> ps = new ArrayList<>();
            for (Pair p : o.items()) ps.add(new Pair(rw(p.key(), s, ctx), rw(p.value(), s, ctx)));
            return fold(new ObjectTerm(ps, o.loc()));
        }
        if (t instanceof Call c) return rwCall(c, s, ctx);
        if (t instanceof Template tp) return rw(lowerTemplate(tp), s, ctx);
        return rwClosure(t, s, ctx);
    }

    private List<Term> rwAll(List<Term> ts, Scope s, Context ctx) {
        List<Term> out = new ArrayList<>(ts.size());
        for (Term t : ts) out.add(rw(t, s, ctx));
        return out;
    }

    private Term rwVar(Var v, Scope s, Context ctx) {
        Integer slot = s.lookup(v.name());
        if (slot != null) return new Var(v.name(), slot, v.loc());
        Ref g = globalRef(v.name(), ctx);
        if (g != null) return new Ref(g.head(), g.path(), v.loc());
        if (v.name().equals("data") || v.name().equals("input")) return new Ref(new Var(v.name(), v.loc()), List.of(), v.loc());
        return new Var(v.name(), s.declare(v.name()), v.loc());
    }

    private Term rwRef(Ref r, Scope s, Context ctx) {
        List<Term> path = rwAll(r.path(), s, ctx);
        List<Term> folded = new ArrayList<>(path.size());
        for (Term p : path) folded.add(fold(p));
        if (r.head() instanceof Var v) {
            if (v.slot() < 0 && (v.name().equals("data") || v.name().equals("input")) && s.lookup(v.name()) == null) {
                return new Ref(new Var(v.name(), v.loc()), List.copyOf(folded), r.loc());
            }
            Term head = rwVar(v, s, ctx);
            if (head instanceof Ref g) return concat(new Ref(g.head(), g.path(), r.loc()), folded);
            return new Ref(head, List.copyOf(folded), r.loc());
        }
        Term head = rw(r.head(), s, ctx);
        if (head instanceof Ref inner) return concat(inner, folded);
        return new Ref(head, List.copyOf(folded), r.loc());
    }

    private Term rwCall(Call c, Scope s, Context ctx) {
        String name = c.name();
        if (name.equals("print") && c.fn().path().isEmpty() && s.lookup("print") == null && !isGlobal("print", ctx)) {
            return rw(lowerPrint(c), s, ctx);
        }
        if (ctx.meta() != null && c.args().isEmpty()) {
            if (name.equals("rego.metadata.chain")) {
                List<Annotation> docs = documentAnnotations.getOrDefault(ctx.meta().path(), List.of());
                return new Scalar(Metadata.chain(ctx.meta().path(), ctx.meta().own(), docs, ctx.pkg(), packageAnnotations), c.loc());
            }
            if (name.equals("rego.metadata.rule")) {
                List<Annotation> docs = documentAnnotations.getOrDefault(ctx.meta().path(), List.of());
                return new Scalar(Metadata.rule(ctx.meta().own(), docs), c.loc());
            }
        }
        List<Term> args = rwAll(c.args(), s, ctx);
        Target target;
        Ref fn = c.fn();
        if (name.equals("eq") || name.equals("assign")) {
            if (args.size() != 2) throw arity(name, args.size(), 2, c.loc());
            return new Call(fn, args, c.loc(), new Unify());
        }
        Var head = (Var) fn.head();
        Ref dataRef = null;
        if (head.name().equals("data")) dataRef = fn;
        else if (s.lookup(head.name()) == null) {
            Ref g = globalRef(head.name(), ctx);
            if (g != null) dataRef = concat(g, fn.path());
        }
        if (dataRef != null) {
            List<Value> path = groundPath(foldPath(dataRef));
            Node node = path == null ? null : program.node(path);
            if (node == null || node.kind != Kind.FUNCTION) {
                throw new RegoError(RegoError.TYPE, "undefined function " + Ast.refName(dataRef), c.loc());
            }
            if (args.size() != node.arity && args.size() != node.arity + 1) throw arity(Ast.refName(dataRef), args.size(), node.arity, c.loc());
            target = new Ast.Function(path, node.arity);
            fn = dataRef;
        } else {
            BuiltinRegistry.Entry e = allStrings(fn) ? builtins.lookup(name) : null;
            if (e == null) throw new RegoError(RegoError.TYPE, "undefined function " + name, c.loc());
            if (e.arity() >= 0 && args.size() != e.arity() && args.size() != e.arity() + 1) {
                throw arity(name, args.size(), e.arity(), c.loc());
            }
            checkOperandTypes(name, args, c.loc());
            target = new Ast.Builtin(e);
        }
        return new Call(fn, args, c.loc(), target);
    }

    /** The operand types of the arithmetic and set operators, where a constant operand can be checked now. */
    private static final Map<String, Set<String>> OPERAND_TYPES = Map.of(
            "plus", Set.of("number"), "mul", Set.of("number"), "div", Set.of("number"), "rem", Set.of("number"),
            "minus", Set.of("number", "set"), "and", Set.of("set"), "or", Set.of("set"));

    /** OPA's type checker rejects {@code 1 + "a"} before evaluation; so does this, for constant operands. */
    private static void checkOperandTypes(String name, List<Term> args, RegoError.Location loc) {
        Set<String> want = OPERAND_TYPES.get(name);
        if (want == null || args.size() < 2) return;
        boolean bad = false;
        List<String> have = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Term a = args.get(i);
            String type = a instanceof Scalar sc ? sc.value().typeName() : "any";
            if (a instanceof Scalar && !want.contains(type)) bad = true;
            have.add(type);
        }
        if (!bad) return;
        String w = want.size() == 1 ? want.iterator().next() : "any<number, set>";
        throw new RegoError(RegoError.TYPE, name + ": invalid argument(s)\n\thave: (" + String.join(", ", have)
                + ")\n\twant: (" + w + ", " + w + ")", loc);
    }

    private static RegoError arity(String name, int have, int want, RegoError.Location loc) {
        return new RegoError(RegoError.TYPE, name + ": arity mismatch\n\thave: " + have + " argument"
                + (have == 1 ? "" : "s") + "\n\twant: " + want + " argument" + (want == 1 ? "" : "s"), loc);
    }

    private Term rwClosure(Term t, Scope s, Context ctx) {
        Scope c = new Scope(s, s.counter);
        List<Literal> body;
        List<Term> heads;
        if (t instanceof ArrayCompr a) {
            body = a.body();
            heads = List.of(a.head());
        } else if (t instanceof SetCompr st) {
            body = st.body();
            heads = List.of(st.head());
        } else {
            ObjectCompr o = (ObjectCompr) t;
            body = o.body();
            heads = List.of(o.key(), o.value());
        }
        declare(body, c, heads, ctx);
        List<Literal> rewritten = rwBody(body, c, ctx);
        List<Term> hs = rwAll(heads, c, ctx);
        Safety.Ordered ordered = safety.reorder(rewritten, c.owned, new BitSet());
        for (Term h : hs) safety.checkBound(h, ordered.bound(), c.owned, t.loc());
        Term out;
        if (t instanceof ArrayCompr) out = new ArrayCompr(hs.get(0), ordered.body(), t.loc());
        else if (t instanceof SetCompr) out = new SetCompr(hs.get(0), ordered.body(), t.loc());
        else out = new ObjectCompr(hs.get(0), hs.get(1), ordered.body(), t.loc());
        recordFree(out, c, out);
        return out;
    }

    // ------------------------------------------------------------------ lowering

    /** print(a, b) prints every combination of the values of a and b, or {@code <undefined>}: internal.print([{a}, {b}]). */
    private Term lowerPrint(Call c) {
        List<Term> sets = new ArrayList<>();
        for (Term a : c.args()) sets.add(valueSet(a, List.of(), a.loc()));
        return new Call(Ast.ref("internal.print", c.loc()), List.of(new ArrayTerm(sets, c.loc())), c.loc());
    }

    /** $"a {x} b" is internal.template_string(["a ", {x}, " b"]): each expression as the set of its values. */
    private Term lowerTemplate(Template t) {
        List<Term> items = new ArrayList<>();
        for (Literal part : t.parts()) {
            if (!(part.expr() instanceof TermExpr te)) {
                throw new RegoError(RegoError.COMPILE, "unexpected expression in template-string", part.loc());
            }
            Term term = te.term();
            if (part.withs().isEmpty() && term instanceof Scalar sc
                    && !(sc.value() instanceof Value.Arr || sc.value() instanceof Value.Obj || sc.value() instanceof Value.SetV)) {
                items.add(term);
            } else {
                items.add(valueSet(term, part.withs(), part.loc()));
            }
        }
        return new Call(Ast.ref("internal.template_string", t.loc()), List.of(new ArrayTerm(items, t.loc())), t.loc());
    }

    private SetCompr valueSet(Term t, List<With> withs, RegoError.Location loc) {
        Var v = new Var("$v" + generated++, loc);
        Literal eq = new Literal(new TermExpr(new Call(Ast.ref("eq", loc), List.of(v, t), loc)), false, withs, loc);
        return new SetCompr(v, List.of(eq), loc);
    }

    // ------------------------------------------------------------------ constants

    /** Composite literals without variables become constants, so evaluation does no work for them. */
    static Term fold(Term t) {
        if (t instanceof ArrayTerm a) {
            List<Value> vs = new ArrayList<>(a.items().size());
            for (Term x : a.items()) {
                Term f = fold(x);
                if (!(f instanceof Scalar s)) return t;
                vs.add(s.value());
            }
            return new Scalar(Value.Arr.wrap(vs), t.loc());
        }
        if (t instanceof SetTerm st) {
            Set<Value> vs = new HashSet<>();
            for (Term x : st.items()) {
                Term f = fold(x);
                if (!(f instanceof Scalar s)) return t;
                vs.add(s.value());
            }
            return new Scalar(Value.SetV.wrap(vs), t.loc());
        }
        if (t instanceof ObjectTerm o) {
            Map<Value, Value> m = new HashMap<>();
            for (Pair p : o.items()) {
                Term k = fold(p.key()), v = fold(p.value());
                if (!(k instanceof Scalar ks) || !(v instanceof Scalar vs)) return t;
                m.put(ks.value(), vs.value());
            }
            return new Scalar(Value.Obj.wrap(m), t.loc());
        }
        return t;
    }
}
