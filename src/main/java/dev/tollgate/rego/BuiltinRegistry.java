package dev.tollgate.rego;

import dev.tollgate.rego.builtin.Aggregates;
import dev.tollgate.rego.builtin.AwsSigning;
import dev.tollgate.rego.builtin.Bits;
import dev.tollgate.rego.builtin.Collections;
import dev.tollgate.rego.builtin.Crypto;
import dev.tollgate.rego.builtin.Encoding;
import dev.tollgate.rego.builtin.Glob;
import dev.tollgate.rego.builtin.Graphs;
import dev.tollgate.rego.builtin.GraphQl;
import dev.tollgate.rego.builtin.JsonDocs;
import dev.tollgate.rego.builtin.Jwt;
import dev.tollgate.rego.builtin.Net;
import dev.tollgate.rego.builtin.Numbers;
import dev.tollgate.rego.builtin.Operators;
import dev.tollgate.rego.builtin.Regex;
import dev.tollgate.rego.builtin.Semver;
import dev.tollgate.rego.builtin.Strings;
import dev.tollgate.rego.builtin.Time;
import dev.tollgate.rego.builtin.Types;
import dev.tollgate.rego.builtin.Units;
import dev.tollgate.rego.builtin.Uri;
import dev.tollgate.rego.builtin.Uuid;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The built-in functions the evaluator knows, by their dotted name ({@code strings.replace_n}). */
public final class BuiltinRegistry {

    /**
     * @param name             dotted name as written in Rego
     * @param arity            number of operands (not counting the output)
     * @param nondeterministic true for builtins whose answer depends on the world (time, randomness)
     */
    public record Entry(String name, int arity, boolean nondeterministic, Builtin fn) {}

    /** A family of related builtins, each in its own file under {@code rego.builtin}. */
    public interface Family {
        void register(BuiltinRegistry registry);
    }

    private static final List<Family> STANDARD = List.of(
            new Operators(), new Aggregates(), new Numbers(), new Strings(), new Regex(), new Glob(),
            new Collections(), new Types(), new Bits(), new Units(), new Semver(), new Uuid(),
            new Encoding(), new JsonDocs(), new Time(), new Net(), new Graphs(), new Uri(),
            new Crypto(), new Jwt(), new GraphQl(), new AwsSigning());

    private static final BuiltinRegistry STANDARD_REGISTRY = build(STANDARD);

    private final Map<String, Entry> entries = new TreeMap<>();

    /** Every builtin Tollgate implements. Immutable after construction; share freely. */
    public static BuiltinRegistry standard() {
        return STANDARD_REGISTRY;
    }

    public static BuiltinRegistry build(List<Family> families) {
        BuiltinRegistry r = new BuiltinRegistry();
        for (Family f : families) f.register(r);
        return r;
    }

    public void register(String name, int arity, Builtin fn) {
        add(new Entry(name, arity, false, fn));
    }

    public void registerNondeterministic(String name, int arity, Builtin fn) {
        add(new Entry(name, arity, true, fn));
    }

    private void add(Entry e) {
        if (entries.putIfAbsent(e.name(), e) != null) {
            throw new IllegalStateException("builtin registered twice: " + e.name());
        }
    }

    /** The builtin with that name, or null. */
    public Entry lookup(String name) {
        return entries.get(name);
    }

    public Collection<Entry> all() {
        return java.util.Collections.unmodifiableCollection(entries.values());
    }
}
