package dev.tollgate.rego;

import dev.tollgate.rego.Ast.Literal;
import dev.tollgate.rego.Ast.Term;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled set of modules: the tree of rules under {@code data}, ready for the interpreter.
 * Immutable once the compiler hands it over.
 */
final class Program {

    final Node root = new Node(null, null);
    final BuiltinRegistry builtins;

    Program(BuiltinRegistry builtins) {
        this.builtins = builtins;
    }

    /** The node at a path, or null. */
    Node node(List<Value> path) {
        Node n = root;
        for (Value k : path) {
            n = n.children.get(k);
            if (n == null) return null;
        }
        return n;
    }

    /** What the rules defined exactly at a node make of it. */
    enum Kind { NONE, COMPLETE, MULTI, OBJECT, FUNCTION }

    /** A node of the data tree: one key below its parent; holds the rules whose ground path ends here. */
    static final class Node {
        final Node parent;
        final Value key;
        final List<Value> path;
        final Map<Value, Node> children = new LinkedHashMap<>();
        final List<RuleDef> rules = new ArrayList<>();
        Kind kind = Kind.NONE;
        int arity = -1;
        /** {@code default p := v}: evaluated like a constant. */
        Term defaultValue;
        int defaultFrame;
        /** Definitions keyed by a constant they require, so a call or lookup skips the ones that cannot match. */
        Index index;

        Node(Node parent, Value key) {
            this.parent = parent;
            this.key = key;
            if (parent == null) {
                this.path = List.of();
            } else {
                List<Value> p = new ArrayList<>(parent.path);
                p.add(key);
                this.path = List.copyOf(p);
            }
        }

        Node child(Value k) {
            return children.computeIfAbsent(k, x -> new Node(this, x));
        }

        boolean hasRules() { return !rules.isEmpty() || defaultValue != null; }

        /** Path as text, {@code data.a.b}, for error messages. */
        String name() {
            StringBuilder sb = new StringBuilder("data");
            for (Value k : path) {
                if (k instanceof Value.Str s && s.value().matches("[A-Za-z_][A-Za-z0-9_]*")) sb.append('.').append(s.value());
                else sb.append('[').append(k).append(']');
            }
            return sb.toString();
        }

        /**
         * Indexes the definitions when there are enough to be worth it: functions by a constant first argument,
         * other rules by the constant an {@code input} ref must equal ({@code input.method == "GET"}).
         */
        void buildIndex() {
            if (rules.size() < 4) return;
            index = kind == Kind.FUNCTION ? Index.byFirstArgument(rules) : Index.byInputEquality(rules);
        }
    }

    /**
     * @param ref   the input ref whose value picks definitions; null when the key is a function's first argument
     * @param byKey definitions that can only succeed for that key
     * @param rest  definitions the index says nothing about, always candidates
     */
    record Index(Ast.Ref ref, Map<Value, List<RuleDef>> byKey, List<RuleDef> rest) {

        /** The definitions that may succeed when the key has this value (null: the key is undefined). */
        List<RuleDef> candidates(Value key) {
            List<RuleDef> hit = key == null ? null : byKey.get(key);
            if (hit == null) return rest;
            if (rest.isEmpty()) return hit;
            List<RuleDef> all = new ArrayList<>(hit.size() + rest.size());
            all.addAll(hit);
            all.addAll(rest);
            return all;
        }

        static Index byFirstArgument(List<RuleDef> rules) {
            Map<Value, List<RuleDef>> idx = new HashMap<>();
            List<RuleDef> rest = new ArrayList<>();
            for (RuleDef d : rules) {
                if (d.elseRule() == null && !d.args().isEmpty() && d.args().get(0) instanceof Ast.Scalar s) {
                    idx.computeIfAbsent(s.value(), x -> new ArrayList<>()).add(d);
                } else {
                    rest.add(d);
                }
            }
            return idx.isEmpty() ? null : new Index(null, idx, rest);
        }

        static Index byInputEquality(List<RuleDef> rules) {
            Map<Ast.Ref, Integer> uses = new HashMap<>();
            for (RuleDef d : rules) {
                if (d.elseRule() != null) continue;
                for (Literal l : d.body()) {
                    Ast.Ref r = equalityRef(l);
                    if (r != null) uses.merge(r, 1, Integer::sum);
                }
            }
            Ast.Ref best = null;
            for (Map.Entry<Ast.Ref, Integer> e : uses.entrySet()) {
                if (e.getValue() >= 2 && (best == null || e.getValue() > uses.get(best))) best = e.getKey();
            }
            if (best == null) return null;
            Map<Value, List<RuleDef>> idx = new HashMap<>();
            List<RuleDef> rest = new ArrayList<>();
            for (RuleDef d : rules) {
                Value key = null;
                if (d.elseRule() == null) {
                    for (Literal l : d.body()) {
                        if (best.equals(equalityRef(l))) {
                            key = equalityConstant(l);
                            break;
                        }
                    }
                }
                if (key == null) rest.add(d);
                else idx.computeIfAbsent(key, x -> new ArrayList<>()).add(d);
            }
            return new Index(best, idx, rest);
        }

        /** {@code input.a.b == "c"} (or {@code =}), plain and unmodified: the ref, else null. */
        private static Ast.Ref equalityRef(Literal l) {
            Ast.Term[] sides = equalitySides(l);
            return sides == null ? null : (Ast.Ref) sides[0];
        }

        private static Value equalityConstant(Literal l) {
            return ((Ast.Scalar) equalitySides(l)[1]).value();
        }

        private static Ast.Term[] equalitySides(Literal l) {
            if (l.negated() || !l.withs().isEmpty() || !(l.expr() instanceof Ast.TermExpr te)) return null;
            if (!(te.term() instanceof Ast.Call c) || c.args().size() != 2) return null;
            String op = c.name();
            if (!op.equals("equal") && !op.equals("eq")) return null;
            Ast.Term a = c.args().get(0), b = c.args().get(1);
            if (isInputPath(b) && a instanceof Ast.Scalar) return new Ast.Term[]{stripLoc((Ast.Ref) b), a};
            if (isInputPath(a) && b instanceof Ast.Scalar) return new Ast.Term[]{stripLoc((Ast.Ref) a), b};
            return null;
        }

        private static boolean isInputPath(Ast.Term t) {
            if (!(t instanceof Ast.Ref r) || !(r.head() instanceof Ast.Var v) || v.slot() >= 0 || !v.name().equals("input")) return false;
            for (Ast.Term p : r.path()) if (!(p instanceof Ast.Scalar)) return false;
            return true;
        }

        /** Refs are compared by their path, wherever they were written. */
        private static Ast.Ref stripLoc(Ast.Ref r) {
            List<Ast.Term> path = new ArrayList<>();
            for (Ast.Term p : r.path()) path.add(new Ast.Scalar(((Ast.Scalar) p).value(), null));
            return new Ast.Ref(new Ast.Var("input", null), List.copyOf(path), null);
        }
    }

    /**
     * One rule definition (with its else chain) after compilation.
     *
     * @param suffix    head ref terms after the node's path, evaluated per solution ({@code p[x].q}: [x, "q"])
     * @param multi     a {@code contains} rule: the leaf is a set holding {@code key}
     * @param args      function parameters (patterns), null for rules
     * @param frameSize slots the body and head need
     */
    record RuleDef(Node node, List<Term> suffix, boolean multi, Term key, Term value, List<Term> args,
                   List<Literal> body, int frameSize, RuleDef elseRule, RegoError.Location loc) {}

    /**
     * A compiled query.
     *
     * @param vars      user variables in order of first appearance, name to slot
     * @param exprSlots per written expression, the slot holding its value, or -1 where the value is just true
     * @param texts     per written expression, its source text
     */
    record Query(List<Literal> body, int frameSize, Map<String, Integer> vars, int[] exprSlots,
                 List<String> texts, List<RegoError.Location> locations) {}
}
