package dev.tollgate.rego;

import dev.tollgate.rego.Ast.*;
import dev.tollgate.rego.Program.Kind;
import dev.tollgate.rego.Program.Node;
import dev.tollgate.rego.Program.RuleDef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rego forbids recursion: a rule may not depend on itself through any chain of references or calls.
 * Finds such a cycle in the rule graph and reports it as OPA does:
 * {@code rego_recursion_error: rule data.x.p is recursive: data.x.p -> data.x.q -> data.x.p}.
 */
final class Recursion {
    private final Program program;
    private final Map<Node, Set<Node>> edges = new HashMap<>();

    Recursion(Program program) {
        this.program = program;
    }

    void check() {
        List<Node> nodes = new ArrayList<>();
        collect(program.root, nodes);
        for (Node n : nodes) {
            Set<Node> deps = new LinkedHashSet<>();
            for (RuleDef def : n.rules) {
                for (RuleDef x = def; x != null; x = x.elseRule()) dependencies(x, deps);
            }
            edges.put(n, deps);
        }
        Map<Node, Integer> state = new HashMap<>();
        for (Node n : nodes) visit(n, state, new ArrayList<>());
    }

    private static void collect(Node n, List<Node> out) {
        if (!n.rules.isEmpty()) out.add(n);
        for (Node c : n.children.values()) collect(c, out);
    }

    private void visit(Node n, Map<Node, Integer> state, List<Node> stack) {
        Integer st = state.get(n);
        if (st != null && st == 2) return;
        if (st != null && st == 1) {
            int from = stack.indexOf(n);
            StringBuilder sb = new StringBuilder();
            for (Node x : stack.subList(from, stack.size())) sb.append(x.name()).append(" -> ");
            sb.append(n.name());
            RegoError.Location loc = n.rules.isEmpty() ? null : n.rules.get(0).loc();
            throw new RegoError(RegoError.RECURSION, "rule " + n.name() + " is recursive: " + sb, loc);
        }
        state.put(n, 1);
        stack.add(n);
        for (Node d : edges.getOrDefault(n, Set.of())) visit(d, state, stack);
        stack.remove(stack.size() - 1);
        state.put(n, 2);
    }

    private void dependencies(RuleDef d, Set<Node> out) {
        for (Term t : d.suffix()) term(t, out);
        if (d.key() != null) term(d.key(), out);
        if (d.value() != null) term(d.value(), out);
        if (d.args() != null) for (Term t : d.args()) term(t, out);
        body(d.body(), out);
    }

    private void body(List<Literal> body, Set<Node> out) {
        for (Literal l : body) literal(l, out);
    }

    private void literal(Literal l, Set<Node> out) {
        Expr e = l.expr();
        if (e instanceof TermExpr te) term(te.term(), out);
        else if (e instanceof SomeIn s) {
            if (s.key() != null) term(s.key(), out);
            term(s.value(), out);
            term(s.domain(), out);
        } else if (e instanceof Every ev) {
            term(ev.domain(), out);
            body(ev.body(), out);
        } else if (e instanceof Logic lg) {
            literal(lg.left(), out);
            literal(lg.right(), out);
        } else if (e instanceof Group g) {
            body(g.body(), out);
        }
        for (With w : l.withs()) term(w.value(), out);
    }

    private void term(Term t, Set<Node> out) {
        if (t instanceof Ref r) {
            if (r.head() instanceof Var v && v.slot() < 0 && v.name().equals("data")) dataRef(r, out);
            term(r.head(), out);
            for (Term p : r.path()) term(p, out);
        } else if (t instanceof ArrayTerm a) {
            a.items().forEach(x -> term(x, out));
        } else if (t instanceof SetTerm s) {
            s.items().forEach(x -> term(x, out));
        } else if (t instanceof ObjectTerm o) {
            o.items().forEach(p -> { term(p.key(), out); term(p.value(), out); });
        } else if (t instanceof Call c) {
            if (c.target() instanceof Ast.Function f) {
                Node n = program.node(f.path());
                if (n != null) out.add(n);
            }
            c.args().forEach(x -> term(x, out));
        } else if (t instanceof ArrayCompr c) {
            term(c.head(), out);
            body(c.body(), out);
        } else if (t instanceof SetCompr c) {
            term(c.head(), out);
            body(c.body(), out);
        } else if (t instanceof ObjectCompr c) {
            term(c.key(), out);
            term(c.value(), out);
            body(c.body(), out);
        }
    }

    /**
     * A ref into data depends on the rules it may reach: the rules along its path, and everything beneath where it
     * ends. A non-constant step may be any key, so it follows every child.
     */
    private void dataRef(Ref r, Set<Node> out) {
        match(program.root, r.path(), 0, out);
    }

    private static void match(Node n, List<Term> path, int i, Set<Node> out) {
        if (n.kind != Kind.NONE) {
            out.add(n);
            return;
        }
        if (i == path.size()) {
            subtree(n, out);
            return;
        }
        if (path.get(i) instanceof Scalar s) {
            Node next = n.children.get(s.value());
            if (next != null) match(next, path, i + 1, out);
            return;
        }
        for (Node c : n.children.values()) match(c, path, i + 1, out);
    }

    private static void subtree(Node n, Set<Node> out) {
        if (n.kind != Kind.NONE) out.add(n);
        for (Node c : n.children.values()) subtree(c, out);
    }
}
