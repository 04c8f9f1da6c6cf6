package dev.tollgate.rego;

import dev.tollgate.rego.Ast.*;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Safety analysis and body reordering, as OPA does before evaluation: every variable must be bound by some
 * expression before an expression that needs its value runs. Expressions are reordered (keeping the written
 * order wherever possible) so that {@code x == y; y := 1} runs as {@code y := 1; x == y}; when no order works,
 * the first variable that can never be bound is reported as {@code rego_unsafe_var_error: var x is unsafe}.
 *
 * Variables are frame slots. A body only answers for the slots it owns; slots of enclosing bodies are bound
 * before it runs, and closures (comprehensions, every, and/or operands) are summarised by their free variables.
 */
final class Safety {

    /** Free variables of each closure node (by identity), filled in by the compiler as closures are built. */
    private final Map<Object, BitSet> free = new IdentityHashMap<>();

    void recordFree(Object closure, BitSet vars) { free.put(closure, vars); }

    BitSet freeOf(Object closure) {
        BitSet b = free.get(closure);
        return b == null ? new BitSet() : b;
    }

    // ------------------------------------------------------------------ reordering

    /**
     * Orders a body so each literal's needs are met by the ones before it.
     *
     * @param owned slots this body must bind itself
     * @param bound slots already bound when the body starts (function args), a subset of owned
     * @return the reordered body and the slots bound at its end
     */
    Ordered reorder(List<Literal> body, BitSet owned, BitSet bound) {
        BitSet b = (BitSet) bound.clone();
        List<Literal> pending = new ArrayList<>(body);
        List<Literal> out = new ArrayList<>(body.size());
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (int i = 0; i < pending.size(); i++) {
                Literal lit = pending.get(i);
                BitSet outputs = outputs(lit, b, owned);
                if (outputs != null) {
                    b.or(outputs);
                    out.add(lit);
                    pending.remove(i);
                    progress = true;
                    break;
                }
            }
            if (!progress) {
                Literal stuck = pending.get(0);
                throw unsafe(stuck, b, owned);
            }
        }
        return new Ordered(out, b);
    }

    record Ordered(List<Literal> body, BitSet bound) {}

    /** Throws unless every variable a head term needs is bound by the body. */
    void checkBound(Term t, BitSet bound, BitSet owned, RegoError.Location loc) {
        BitSet need = valueNeeds(t);
        need.and(owned);
        need.andNot(bound);
        if (!need.isEmpty()) throw unsafeVar(firstVar(t, need), loc);
    }

    private RegoError unsafe(Literal lit, BitSet bound, BitSet owned) {
        BitSet all = new BitSet();
        allVars(lit, all);
        all.and(owned);
        all.andNot(bound);
        String name = firstVar(lit, all);
        return unsafeVar(name, lit.loc());
    }

    private static RegoError unsafeVar(String name, RegoError.Location loc) {
        return new RegoError(RegoError.UNSAFE_VAR, "var " + (name == null ? "?" : displayName(name)) + " is unsafe", loc);
    }

    private static String displayName(String name) {
        return name.startsWith("$") && name.length() > 1 && Character.isDigit(name.charAt(1)) ? "_" : name;
    }

    /** Slots a literal binds, or null when it cannot run yet. */
    private BitSet outputs(Literal lit, BitSet b, BitSet owned) {
        BitSet needs = new BitSet();
        for (With w : lit.withs()) needs.or(valueNeeds(w.value()));
        if (lit.negated()) {
            allVars(lit, needs);
            clearWildcards(lit, needs);
            return satisfied(needs, b, owned) ? new BitSet() : null;
        }
        Expr e = lit.expr();
        BitSet out = new BitSet();
        if (e instanceof SomeDecl) {
            return out;
        } else if (e instanceof SomeIn s) {
            needs.or(valueNeeds(s.domain()));
            BitSet domOut = valueOutputs(s.domain());
            BitSet afterDomain = (BitSet) b.clone();
            afterDomain.or(domOut);
            if (s.key() != null) needs.or(patternNeeds(s.key()));
            needs.or(patternNeeds(s.value()));
            if (!satisfied(needs, afterDomain, owned)) return null;
            out.or(domOut);
            if (s.key() != null) out.or(patternOutputs(s.key()));
            out.or(patternOutputs(s.value()));
            return out;
        } else if (e instanceof Every ev) {
            // The domain is evaluated outside the quantifier, so iteration variables in it bind for what follows.
            needs.or(valueNeeds(ev.domain()));
            BitSet domOut = valueOutputs(ev.domain());
            BitSet afterDomain = (BitSet) b.clone();
            afterDomain.or(domOut);
            needs.or(freeOf(ev));
            return satisfied(needs, afterDomain, owned) ? domOut : null;
        } else if (e instanceof Logic || e instanceof Group) {
            needs.or(freeOf(e));
            return satisfied(needs, b, owned) ? out : null;
        }
        Term t = ((TermExpr) e).term();
        if (t instanceof Call c && c.target() instanceof Unify) {
            if (!satisfied(needs, b, owned)) return null;
            return unify(c.args().get(0), c.args().get(1), b, owned);
        }
        if (t instanceof Call c) {
            int arity = arity(c);
            List<Term> args = c.args();
            boolean hasOutput = arity >= 0 && args.size() == arity + 1;
            int inputs = hasOutput ? arity : args.size();
            for (int i = 0; i < inputs; i++) {
                needs.or(valueNeeds(args.get(i)));
                out.or(valueOutputs(args.get(i)));
            }
            if (hasOutput) {
                Term last = args.get(args.size() - 1);
                needs.or(patternNeeds(last));
                out.or(patternOutputs(last));
            }
        } else {
            needs.or(valueNeeds(t));
            out.or(valueOutputs(t));
        }
        BitSet have = (BitSet) b.clone();
        have.or(out);
        return satisfied(needs, have, owned) ? out : null;
    }

    static int arity(Call c) {
        Target t = c.target();
        if (t instanceof Ast.Builtin bi) return bi.entry().arity();
        if (t instanceof Ast.Function f) return f.arity();
        return -1;
    }

    private static boolean satisfied(BitSet needs, BitSet bound, BitSet owned) {
        BitSet n = (BitSet) needs.clone();
        n.and(owned);
        n.andNot(bound);
        return n.isEmpty();
    }

    /** What unifying a with b binds, or null when neither side can be evaluated yet. */
    private BitSet unify(Term a, Term b, BitSet bound, BitSet owned) {
        BitSet r = unifyDirected(a, b, bound, owned);
        if (r != null) return r;
        r = unifyDirected(b, a, bound, owned);
        if (r != null) return r;
        List<Term[]> pairs = pairs(a, b);
        if (pairs == null) return null;
        BitSet have = (BitSet) bound.clone();
        BitSet out = new BitSet();
        while (!pairs.isEmpty()) {
            boolean progress = false;
            for (int i = 0; i < pairs.size(); i++) {
                Term[] p = pairs.get(i);
                BitSet o = unify(p[0], p[1], have, owned);
                if (o != null) {
                    have.or(o);
                    out.or(o);
                    pairs.remove(i);
                    progress = true;
                    break;
                }
            }
            if (!progress) return null;
        }
        return out;
    }

    /** a is evaluated to a value, b is matched against it as a pattern. */
    private BitSet unifyDirected(Term a, Term b, BitSet bound, BitSet owned) {
        if (!satisfied(valueNeeds(a), bound, owned)) return null;
        BitSet aOut = valueOutputs(a);
        BitSet have = (BitSet) bound.clone();
        have.or(aOut);
        if (!satisfied(patternNeeds(b), have, owned)) return null;
        BitSet out = aOut;
        out.or(patternOutputs(b));
        return out;
    }

    /** Element pairs of two array or object literals of the same shape, else null. */
    static List<Term[]> pairs(Term a, Term b) {
        if (a instanceof ArrayTerm x && b instanceof ArrayTerm y && x.items().size() == y.items().size()) {
            List<Term[]> out = new ArrayList<>();
            for (int i = 0; i < x.items().size(); i++) out.add(new Term[]{x.items().get(i), y.items().get(i)});
            return out;
        }
        if (a instanceof ObjectTerm x && b instanceof ObjectTerm y && x.items().size() == y.items().size()) {
            List<Term[]> out = new ArrayList<>();
            for (Pair px : x.items()) {
                if (!(px.key() instanceof Scalar kx)) return null;
                Term match = null;
                for (Pair py : y.items()) {
                    if (py.key() instanceof Scalar ky && ky.value().equals(kx.value())) match = py.value();
                }
                if (match == null) return null;
                out.add(new Term[]{px.value(), match});
            }
            return out;
        }
        return null;
    }

    // ------------------------------------------------------------------ variable sets of terms

    /** Slots that must be bound to evaluate t as a value. Unbound ref-path variables are not needed: they iterate. */
    BitSet valueNeeds(Term t) {
        BitSet out = new BitSet();
        needs(t, out);
        return out;
    }

    private void needs(Term t, BitSet out) {
        if (t instanceof Var v) {
            if (v.slot() >= 0) out.set(v.slot());
        } else if (t instanceof Ref r) {
            needs(r.head(), out);
            for (Term p : r.path()) {
                if (p instanceof Var) continue;
                if (p instanceof ArrayTerm || p instanceof ObjectTerm) out.or(patternNeeds(p));
                else needs(p, out);
            }
        } else if (t instanceof ArrayTerm a) {
            for (Term x : a.items()) needs(x, out);
        } else if (t instanceof SetTerm s) {
            for (Term x : s.items()) needs(x, out);
        } else if (t instanceof ObjectTerm o) {
            for (Pair p : o.items()) {
                needs(p.key(), out);
                needs(p.value(), out);
            }
        } else if (t instanceof Call c) {
            for (Term x : c.args()) needs(x, out);
        } else if (t instanceof ArrayCompr || t instanceof SetCompr || t instanceof ObjectCompr) {
            out.or(freeOf(t));
        }
    }

    /** Slots bound by evaluating t: variables in ref paths, which iterate, at any depth. */
    BitSet valueOutputs(Term t) {
        BitSet out = new BitSet();
        outputs(t, out);
        return out;
    }

    private void outputs(Term t, BitSet out) {
        if (t instanceof Ref r) {
            outputs(r.head(), out);
            for (Term p : r.path()) {
                if (p instanceof Var v) {
                    if (v.slot() >= 0) out.set(v.slot());
                } else if (p instanceof ArrayTerm || p instanceof ObjectTerm) {
                    out.or(patternOutputs(p));
                } else {
                    outputs(p, out);
                }
            }
        } else if (t instanceof ArrayTerm a) {
            for (Term x : a.items()) outputs(x, out);
        } else if (t instanceof SetTerm s) {
            for (Term x : s.items()) outputs(x, out);
        } else if (t instanceof ObjectTerm o) {
            for (Pair p : o.items()) {
                outputs(p.key(), out);
                outputs(p.value(), out);
            }
        } else if (t instanceof Call c) {
            for (Term x : c.args()) outputs(x, out);
        }
    }

    /** Needs of t used as a pattern: variables in pattern positions are outputs, everything else is evaluated. */
    BitSet patternNeeds(Term t) {
        if (t instanceof Var) return new BitSet();
        if (t instanceof ArrayTerm a) {
            BitSet out = new BitSet();
            for (Term x : a.items()) out.or(patternNeeds(x));
            return out;
        }
        if (t instanceof ObjectTerm o) {
            BitSet out = new BitSet();
            for (Pair p : o.items()) {
                needs(p.key(), out);
                out.or(patternNeeds(p.value()));
            }
            return out;
        }
        return valueNeeds(t);
    }

    /** Slots bound when t is matched as a pattern. */
    BitSet patternOutputs(Term t) {
        if (t instanceof Var v) {
            BitSet out = new BitSet();
            if (v.slot() >= 0) out.set(v.slot());
            return out;
        }
        if (t instanceof ArrayTerm a) {
            BitSet out = new BitSet();
            for (Term x : a.items()) out.or(patternOutputs(x));
            return out;
        }
        if (t instanceof ObjectTerm o) {
            BitSet out = new BitSet();
            for (Pair p : o.items()) out.or(patternOutputs(p.value()));
            return out;
        }
        return valueOutputs(t);
    }

    /** Every variable a literal mentions outside closures, plus the free variables of its closures. */
    void allVars(Literal lit, BitSet out) {
        for (With w : lit.withs()) {
            out.or(valueNeeds(w.value()));
            out.or(valueOutputs(w.value()));
        }
        Expr e = lit.expr();
        if (e instanceof TermExpr te) {
            out.or(valueNeeds(te.term()));
            out.or(valueOutputs(te.term()));
            out.or(patternOutputs(te.term()));
            if (te.term() instanceof Call c) for (Term a : c.args()) out.or(patternOutputs(a));
        } else if (e instanceof SomeIn s) {
            if (s.key() != null) out.or(patternOutputs(s.key()));
            out.or(patternOutputs(s.value()));
            out.or(valueNeeds(s.domain()));
            out.or(valueOutputs(s.domain()));
        } else if (e instanceof SomeDecl d) {
            for (Var v : d.vars()) if (v.slot() >= 0) out.set(v.slot());
        } else if (e instanceof Every ev) {
            out.or(valueNeeds(ev.domain()));
            out.or(freeOf(ev));
        } else {
            out.or(freeOf(e));
        }
    }

    /** Wildcards inside a negated expression are existential there, so they need no binding outside it. */
    private static void clearWildcards(Literal lit, BitSet set) {
        forEachVar(lit, v -> {
            if (v.isWildcard() && v.slot() >= 0) set.clear(v.slot());
        });
    }

    /** Name of the first variable (in source order) whose slot is in the set. */
    private static String firstVar(Object node, BitSet set) {
        String[] found = {null};
        java.util.function.Consumer<Var> c = v -> {
            if (found[0] == null && v.slot() >= 0 && set.get(v.slot())) found[0] = v.name();
        };
        if (node instanceof Literal l) forEachVar(l, c);
        else forEachVar((Term) node, c);
        return found[0];
    }

    static void forEachVar(Literal lit, java.util.function.Consumer<Var> f) {
        Expr e = lit.expr();
        if (e instanceof TermExpr te) forEachVar(te.term(), f);
        else if (e instanceof SomeDecl d) d.vars().forEach(f);
        else if (e instanceof SomeIn s) {
            if (s.key() != null) forEachVar(s.key(), f);
            forEachVar(s.value(), f);
            forEachVar(s.domain(), f);
        } else if (e instanceof Every ev) {
            forEachVar(ev.domain(), f);
            for (Literal l : ev.body()) forEachVar(l, f);
        } else if (e instanceof Logic lg) {
            forEachVar(lg.left(), f);
            forEachVar(lg.right(), f);
        } else if (e instanceof Group g) {
            for (Literal l : g.body()) forEachVar(l, f);
        }
        for (With w : lit.withs()) forEachVar(w.value(), f);
    }

    static void forEachVar(Term t, java.util.function.Consumer<Var> f) {
        if (t instanceof Var v) f.accept(v);
        else if (t instanceof Ref r) {
            forEachVar(r.head(), f);
            for (Term p : r.path()) forEachVar(p, f);
        } else if (t instanceof ArrayTerm a) a.items().forEach(x -> forEachVar(x, f));
        else if (t instanceof SetTerm s) s.items().forEach(x -> forEachVar(x, f));
        else if (t instanceof ObjectTerm o) o.items().forEach(p -> { forEachVar(p.key(), f); forEachVar(p.value(), f); });
        else if (t instanceof Call c) c.args().forEach(x -> forEachVar(x, f));
        else if (t instanceof ArrayCompr c) { forEachVar(c.head(), f); c.body().forEach(l -> forEachVar(l, f)); }
        else if (t instanceof SetCompr c) { forEachVar(c.head(), f); c.body().forEach(l -> forEachVar(l, f)); }
        else if (t instanceof ObjectCompr c) {
            forEachVar(c.key(), f);
            forEachVar(c.value(), f);
            c.body().forEach(l -> forEachVar(l, f));
        } else if (t instanceof Template tp) tp.parts().forEach(l -> forEachVar(l, f));
    }
}
