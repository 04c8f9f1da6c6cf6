package dev.tollgate.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plan's resources as a graph, navigable both ways: what a resource uses and what uses it, and the shortest
 * path between two resources. Residency checks walk it to carry a data store's region to whatever reads,
 * mounts or replicates the store.
 */
public final class PlanGraph {

    private final Map<String, Resource> resources = new HashMap<>();
    private final Map<String, List<Edge>> out = new HashMap<>();
    private final Map<String, List<Edge>> in = new HashMap<>();

    public PlanGraph(Plan plan) {
        for (Resource r : plan.resources()) resources.put(r.address(), r);
        for (Edge e : plan.edges()) {
            out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
            in.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
        }
    }

    public Optional<Resource> resource(String address) {
        return Optional.ofNullable(resources.get(address));
    }

    /** Edges from {@code address} to what it refers to or depends on. */
    public List<Edge> uses(String address) {
        return Collections.unmodifiableList(out.getOrDefault(address, List.of()));
    }

    /** Edges into {@code address} from whatever refers to or depends on it. */
    public List<Edge> usedBy(String address) {
        return Collections.unmodifiableList(in.getOrDefault(address, List.of()));
    }

    /**
     * The shortest chain of edges from one resource to another, following edges in either direction: data moves
     * both ways along a reference (a node group reads the bucket it names; a replication rule copies out of the
     * bucket it names into another). Edges keep their own direction in the answer. Empty when unconnected;
     * an empty list when {@code from} equals {@code to}.
     */
    public Optional<List<Edge>> path(String from, String to) {
        return search(from, to, false);
    }

    /** Like {@link #path} but only along edge direction: a chain of "uses". */
    public Optional<List<Edge>> dependencyPath(String from, String to) {
        return search(from, to, true);
    }

    /** Every resource reachable from {@code address} along "uses" edges, nearest first. */
    public List<String> dependencies(String address) {
        List<String> order = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>(Set.of(address));
        Deque<String> queue = new ArrayDeque<>(List.of(address));
        while (!queue.isEmpty()) {
            for (Edge e : uses(queue.poll())) {
                if (seen.add(e.to())) {
                    order.add(e.to());
                    queue.add(e.to());
                }
            }
        }
        return order;
    }

    private Optional<List<Edge>> search(String from, String to, boolean directed) {
        if (!resources.containsKey(from) || !resources.containsKey(to)) return Optional.empty();
        if (from.equals(to)) return Optional.of(List.of());
        Map<String, Edge> via = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        via.put(from, null);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            List<Edge> steps = new ArrayList<>(uses(at));
            if (!directed) steps.addAll(usedBy(at));
            for (Edge e : steps) {
                String next = e.from().equals(at) ? e.to() : e.from();
                if (via.containsKey(next)) continue;
                via.put(next, e);
                if (next.equals(to)) return Optional.of(trace(via, from, to));
                queue.add(next);
            }
        }
        return Optional.empty();
    }

    private static List<Edge> trace(Map<String, Edge> via, String from, String to) {
        List<Edge> path = new ArrayList<>();
        for (String at = to; !at.equals(from); ) {
            Edge e = via.get(at);
            path.add(e);
            at = e.to().equals(at) ? e.from() : e.to();
        }
        Collections.reverse(path);
        return path;
    }
}
