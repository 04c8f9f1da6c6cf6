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
        /** Function definitions by their first argument when it is a constant; see {@link #candidates}. */
        Map<Value, List<RuleDef>> firstArgIndex;
        List<RuleDef> unindexed;

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

        /** The definitions that may match a call whose first argument is {@code first}. */
        List<RuleDef> candidates(Value first) {
            if (firstArgIndex == null || first == null) return rules;
            List<RuleDef> hit = firstArgIndex.get(first);
            if (hit == null) return unindexed;
            if (unindexed.isEmpty()) return hit;
            List<RuleDef> all = new ArrayList<>(hit.size() + unindexed.size());
            all.addAll(hit);
            all.addAll(unindexed);
            return all;
        }

        /** Builds the first-argument index of a function node: worth it for tables of constant cases. */
        void indexFunctions() {
            if (kind != Kind.FUNCTION || rules.size() < 4 || arity < 1) return;
            Map<Value, List<RuleDef>> idx = new HashMap<>();
            List<RuleDef> rest = new ArrayList<>();
            for (RuleDef d : rules) {
                boolean constant = d.elseRule == null && d.args.get(0) instanceof Ast.Scalar;
                if (constant) idx.computeIfAbsent(((Ast.Scalar) d.args.get(0)).value(), x -> new ArrayList<>()).add(d);
                else rest.add(d);
            }
            if (idx.isEmpty()) return;
            firstArgIndex = idx;
            unindexed = rest;
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
