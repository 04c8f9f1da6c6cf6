package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.builtin.graphql.Ast.*;
import dev.tollgate.rego.builtin.graphql.Schema.TypeDef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The "overlapping fields can be merged" rule (GraphQL spec 5.3.2): two selections with the same response
 * name must ask for the same field with the same arguments and compatible types, unless their parent types
 * can never both apply. Fragments are compared against the fields that spread them, as in graphql-js.
 */
final class FieldConflicts {
    private final Schema schema;
    private final Map<String, FragmentDefinition> fragments;

    FieldConflicts(Schema schema, Map<String, FragmentDefinition> fragments) {
        this.schema = schema;
        this.fragments = fragments;
    }

    /** A selected field with the type it was selected on and its definition there (null when unknown). */
    private record Selected(TypeDef parent, Field node, FieldDefinition def) {}

    private record Fields(Map<String, List<Selected>> byName, Set<String> fragmentNames) {}

    /** Reason text: either a sentence or the list of sub-field conflicts that caused it. */
    private record Conflict(String responseName, String reason, List<Conflict> subConflicts) {
        String explain() {
            if (subConflicts.isEmpty()) return reason;
            List<String> parts = new ArrayList<>();
            for (Conflict c : subConflicts) parts.add("subfields \"" + c.responseName + "\" conflict because " + c.explain());
            return String.join(" and ", parts);
        }
    }

    /** Error messages for conflicts among the fields selected directly or through fragments in this set. */
    List<String> within(TypeDef parent, List<Selection> set) {
        List<Conflict> out = new ArrayList<>();
        Fields fields = fields(parent, set);
        for (List<Selected> same : fields.byName().values()) {
            for (int i = 0; i < same.size(); i++) {
                for (int j = i + 1; j < same.size(); j++) add(out, conflict(same.get(i), same.get(j), false));
            }
        }
        List<String> names = new ArrayList<>(fields.fragmentNames());
        for (String name : names) betweenFieldsAndFragment(out, fields.byName(), name, false, new HashSet<>());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) betweenFragments(out, names.get(i), names.get(j), false, new HashSet<>());
        }
        List<String> messages = new ArrayList<>();
        for (Conflict c : out) {
            messages.add("Fields \"" + c.responseName() + "\" conflict because " + c.explain()
                    + ". Use different aliases on the fields to fetch both if this was intentional.");
        }
        return messages;
    }

    private static void add(List<Conflict> out, Conflict c) {
        if (c != null) out.add(c);
    }

    private Fields fields(TypeDef parent, List<Selection> set) {
        Fields f = new Fields(new LinkedHashMap<>(), new LinkedHashSet<>());
        collect(parent, set, f);
        return f;
    }

    private void collect(TypeDef parent, List<Selection> set, Fields into) {
        for (Selection s : set) {
            if (s instanceof Field field) {
                FieldDefinition def = parent == null ? null
                        : field.name().equals("__typename") ? new FieldDefinition("", "__typename", List.of(), null,
                        new TypeRef("String", null, true, null), List.of(), null) : parent.field(field.name());
                into.byName().computeIfAbsent(field.alias().isEmpty() ? field.name() : field.alias(), k -> new ArrayList<>())
                        .add(new Selected(parent, field, def));
            } else if (s instanceof InlineFragment inline) {
                TypeDef t = inline.typeCondition().isEmpty() ? parent : schema.types.get(inline.typeCondition());
                collect(t, inline.selectionSet(), into);
            } else {
                into.fragmentNames().add(((FragmentSpread) s).name());
            }
        }
    }

    private Fields fragmentFields(FragmentDefinition f) {
        return fields(schema.types.get(f.typeCondition()), f.selectionSet());
    }

    private void betweenFieldsAndFragment(List<Conflict> out, Map<String, List<Selected>> fields, String fragmentName,
                                          boolean exclusive, Set<String> seen) {
        FragmentDefinition f = fragments.get(fragmentName);
        if (f == null || !seen.add(fragmentName)) return;
        Fields other = fragmentFields(f);
        between(out, fields, other.byName(), exclusive);
        for (String name : other.fragmentNames()) betweenFieldsAndFragment(out, fields, name, exclusive, seen);
    }

    private void betweenFragments(List<Conflict> out, String a, String b, boolean exclusive, Set<String> seenPairs) {
        if (a.equals(b) || !seenPairs.add(a + "\u0000" + b)) return;
        FragmentDefinition fa = fragments.get(a), fb = fragments.get(b);
        if (fa == null || fb == null) return;
        Fields x = fragmentFields(fa), y = fragmentFields(fb);
        between(out, x.byName(), y.byName(), exclusive);
        for (String n : y.fragmentNames()) betweenFragments(out, a, n, exclusive, seenPairs);
        for (String n : x.fragmentNames()) betweenFragments(out, n, b, exclusive, seenPairs);
    }

    private void between(List<Conflict> out, Map<String, List<Selected>> a, Map<String, List<Selected>> b, boolean exclusive) {
        for (Map.Entry<String, List<Selected>> e : a.entrySet()) {
            List<Selected> others = b.get(e.getKey());
            if (others == null) continue;
            for (Selected x : e.getValue()) for (Selected y : others) add(out, conflict(x, y, exclusive));
        }
    }

    private Conflict conflict(Selected a, Selected b, boolean parentsExclusive) {
        if (a.node() == b.node()) return null;
        String responseName = a.node().alias().isEmpty() ? a.node().name() : a.node().alias();
        boolean exclusive = parentsExclusive || (a.parent() != b.parent() && a.parent() != null && b.parent() != null
                && a.parent().kind.equals("OBJECT") && b.parent().kind.equals("OBJECT"));
        if (!exclusive) {
            if (!a.node().name().equals(b.node().name())) {
                return new Conflict(responseName, "\"" + a.node().name() + "\" and \"" + b.node().name() + "\" are different fields", List.of());
            }
            if (!sameArguments(a.node().arguments(), b.node().arguments())) {
                return new Conflict(responseName, "they have differing arguments", List.of());
            }
        }
        TypeRef ta = a.def() == null ? null : a.def().type(), tb = b.def() == null ? null : b.def().type();
        if (ta != null && tb != null && typesConflict(ta, tb)) {
            return new Conflict(responseName, "they return conflicting types \"" + ta + "\" and \"" + tb + "\"", List.of());
        }
        if (!a.node().selectionSet().isEmpty() && !b.node().selectionSet().isEmpty()) {
            List<Conflict> sub = new ArrayList<>();
            Fields fa = fields(schema.type(ta), a.node().selectionSet());
            Fields fb = fields(schema.type(tb), b.node().selectionSet());
            between(sub, fa.byName(), fb.byName(), exclusive);
            for (String n : fb.fragmentNames()) betweenFieldsAndFragment(sub, fa.byName(), n, exclusive, new HashSet<>());
            for (String n : fa.fragmentNames()) betweenFieldsAndFragment(sub, fb.byName(), n, exclusive, new HashSet<>());
            for (String x : fa.fragmentNames()) {
                for (String y : fb.fragmentNames()) betweenFragments(sub, x, y, exclusive, new HashSet<>());
            }
            if (!sub.isEmpty()) return new Conflict(responseName, "", sub);
        }
        return null;
    }

    private static boolean sameArguments(List<Argument> a, List<Argument> b) {
        if (a.size() != b.size()) return false;
        for (Argument x : a) {
            Argument y = b.stream().filter(arg -> arg.name().equals(x.name())).findFirst().orElse(null);
            if (y == null || !Objects.equals(String.valueOf(x.value()), String.valueOf(y.value()))) return false;
        }
        return true;
    }

    private boolean typesConflict(TypeRef a, TypeRef b) {
        if (a.nonNull() || b.nonNull()) return !(a.nonNull() && b.nonNull()) || typesConflict(a.nullable(), b.nullable());
        if (a.elem() != null || b.elem() != null) return a.elem() == null || b.elem() == null || typesConflict(a.elem(), b.elem());
        TypeDef da = schema.types.get(a.namedType()), db = schema.types.get(b.namedType());
        if ((da != null && da.isLeaf()) || (db != null && db.isLeaf())) return !a.namedType().equals(b.namedType());
        return false;
    }
}
