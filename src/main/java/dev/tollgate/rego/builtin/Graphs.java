package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.Value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * graph.reachable and graph.reachable_paths over a graph written as an object from vertex to an array or set of
 * neighbours. A vertex missing from the graph is a dead end; a neighbour list of another type counts as empty.
 */
public final class Graphs implements BuiltinRegistry.Family {

    @Override
    public void register(BuiltinRegistry r) {
        r.register("graph.reachable", 2, (ctx, a) -> reachable(ctx, Operands.object("graph.reachable", a, 0),
                vertices("graph.reachable", a[1])));
        r.register("graph.reachable_paths", 2, (ctx, a) -> reachablePaths(ctx, Operands.object("graph.reachable_paths", a, 0),
                vertices("graph.reachable_paths", a[1])));
    }

    /** The initial vertices: an array or a set, as OPA words it when neither. */
    private static List<Value> vertices(String fn, Value initial) {
        if (initial instanceof Value.Arr || initial instanceof Value.SetV) return neighbours(initial);
        throw Operands.typeError(fn, 2, "must be {array, set} but got " + initial.typeName());
    }

    private static List<Value> neighbours(Value edges) {
        if (edges instanceof Value.Arr arr) return arr.elements();
        if (edges instanceof Value.SetV set) return set.elements();
        return Collections.emptyList();
    }

    /** Breadth-first from the initial vertices; only vertices present in the graph count as reached. */
    private static Value reachable(BuiltinContext ctx, Value.Obj graph, List<Value> initial) {
        ArrayDeque<Value> queue = new ArrayDeque<>(initial);
        Set<Value> reached = new HashSet<>();
        while (!queue.isEmpty()) {
            Value node = queue.poll();
            if (reached.contains(node)) continue;
            Value edges = graph.get(node);
            if (edges == null) continue;
            ctx.checkCancelled();
            reached.add(node);
            for (Value n : neighbours(edges)) {
                if (!reached.contains(n)) queue.add(n);
            }
        }
        return Value.SetV.wrap(reached);
    }

    /**
     * Every path from an initial vertex that ends at a leaf, at a vertex missing from the graph (which is left
     * out of the path), or just before a vertex already on the path. An initial vertex with no neighbours is a
     * path by itself; one missing from the graph yields nothing.
     */
    private static Value reachablePaths(BuiltinContext ctx, Value.Obj graph, List<Value> initial) {
        Set<Value> paths = new HashSet<>();
        for (Value node : initial) {
            Value edges = graph.get(node);
            if (edges == null) continue;
            List<Value> next = neighbours(edges);
            if (next.isEmpty()) {
                paths.add(Value.Arr.of(node));
                continue;
            }
            for (Value n : next) {
                List<Value> path = new ArrayList<>();
                path.add(node);
                Set<Value> onPath = new HashSet<>();
                onPath.add(node);
                walk(ctx, graph, n, path, onPath, paths);
            }
        }
        return Value.SetV.wrap(paths);
    }

    private static void walk(BuiltinContext ctx, Value.Obj graph, Value node, List<Value> path, Set<Value> onPath, Set<Value> paths) {
        ctx.checkCancelled();
        Value edges = graph.get(node);
        if (edges == null) {
            paths.add(Value.Arr.copyOf(path));
            return;
        }
        path.add(node);
        try {
            List<Value> next = neighbours(edges);
            if (next.isEmpty()) {
                paths.add(Value.Arr.copyOf(path));
                return;
            }
            boolean added = onPath.add(node);
            try {
                for (Value n : next) {
                    if (onPath.contains(n)) {
                        paths.add(Value.Arr.copyOf(path));
                    } else {
                        walk(ctx, graph, n, path, onPath, paths);
                    }
                }
            } finally {
                if (added) onPath.remove(node);
            }
        } finally {
            path.remove(path.size() - 1);
        }
    }
}
