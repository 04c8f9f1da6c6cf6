package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.builtin.graphql.Ast.*;
import dev.tollgate.rego.builtin.graphql.Schema.TypeDef;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a query document against a schema with the GraphQL spec's validation rules (section 5), walking the
 * document the way gqlparser's validator does (operations first, fragments expanded inside them, then each
 * fragment on its own) so that errors come out in the same order and the first one matches OPA's message.
 */
final class Validator {
    private static final FieldDefinition TYPENAME =
            new FieldDefinition("", "__typename", List.of(), null, new TypeRef("String", null, true, null), List.of(), null);

    private final Schema schema;
    private final QueryDocument doc;
    private final Map<String, FragmentDefinition> fragments = new HashMap<>();
    private final List<GraphQlError> errors = new ArrayList<>();
    private final Set<VariableDefinition> usedVariables = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<String> spreadFromOperations = new HashSet<>();
    private final Set<String> operationNames = new HashSet<>();
    private final Set<String> fragmentNames = new HashSet<>();
    private final FieldConflicts conflicts;
    private OperationDefinition currentOperation;
    private Set<String> walkedSpreads;

    private Validator(Schema schema, QueryDocument doc) {
        this.schema = schema;
        this.doc = doc;
        for (FragmentDefinition f : doc.fragments()) fragments.putIfAbsent(f.name(), f);
        this.conflicts = new FieldConflicts(schema, fragments);
    }

    /** All rule violations, in gqlparser's order; empty when the query is valid. */
    static List<GraphQlError> validate(Schema schema, QueryDocument doc) {
        Validator v = new Validator(schema, doc);
        for (OperationDefinition op : doc.operations()) {
            v.walkedSpreads = new HashSet<>();
            v.operation(op);
        }
        for (FragmentDefinition f : doc.fragments()) {
            v.walkedSpreads = new HashSet<>();
            v.fragmentDefinition(f);
        }
        return v.errors;
    }

    private void error(String message, Pos pos) {
        errors.add(new GraphQlError(message, pos));
    }

    // ------------------------------------------------------------------ the walk

    private void operation(OperationDefinition op) {
        currentOperation = op;
        TypeDef root = switch (op.operation()) {
            case "mutation" -> schema.mutation;
            case "subscription" -> schema.subscription;
            default -> schema.query;
        };
        String location = switch (op.operation()) {
            case "mutation" -> "MUTATION";
            case "subscription" -> "SUBSCRIPTION";
            default -> "QUERY";
        };
        directives(op.directives(), location);
        for (VariableDefinition v : op.variableDefinitions()) {
            directives(v.directives(), "VARIABLE_DEFINITION");
            if (v.defaultValue() != null) value(v.defaultValue(), v.type(), schema.type(v.type()), false);
        }
        for (Selection s : op.selectionSet()) selection(root, s);
        onOperation(op, root);
        currentOperation = null;
    }

    private void fragmentDefinition(FragmentDefinition f) {
        TypeDef def = schema.types.get(f.typeCondition());
        directives(f.directives(), "FRAGMENT_DEFINITION");
        onFragment(f, def);
        for (Selection s : f.selectionSet()) selection(def, s);
    }

    private void selection(TypeDef parent, Selection s) {
        if (s instanceof Field f) {
            FieldDefinition def = f.name().equals("__typename") ? TYPENAME : parent != null ? parent.field(f.name()) : null;
            onField(f, def, parent);
            TypeDef next = def != null ? schema.type(def.type()) : null;
            for (Argument a : f.arguments()) {
                argument(a, def == null ? null : SchemaChecks.argument(def.arguments(), a.name()));
            }
            for (Selection sub : f.selectionSet()) selection(next, sub);
            directives(f.directives(), "FIELD");
        } else if (s instanceof InlineFragment f) {
            onInlineFragment(f, parent);
            TypeDef next = f.typeCondition().isEmpty() ? parent : schema.types.get(f.typeCondition());
            directives(f.directives(), "INLINE_FRAGMENT");
            for (Selection sub : f.selectionSet()) selection(next, sub);
        } else {
            FragmentSpread spread = (FragmentSpread) s;
            FragmentDefinition def = fragments.get(spread.name());
            onFragmentSpread(spread, def, parent);
            TypeDef next = def != null ? schema.types.get(def.typeCondition()) : null;
            directives(spread.directives(), "FRAGMENT_SPREAD");
            if (def != null && walkedSpreads.add(def.name())) {
                for (Selection sub : def.selectionSet()) selection(next, sub);
            }
        }
    }

    private void directives(List<Directive> dirs, String location) {
        for (Directive d : dirs) {
            DirectiveDefinition def = schema.directives.get(d.name());
            onDirective(d, def, location);
            for (Argument a : d.arguments()) {
                argument(a, def == null ? null : SchemaChecks.argument(def.arguments(), a.name()));
            }
        }
        uniqueDirectives(dirs);
    }

    private void argument(Argument a, ArgumentDefinition def) {
        if (def == null) value(a.value(), null, null, false);
        else value(a.value(), def.type(), schema.type(def.type()), def.defaultValue() != null);
    }

    /** {@code expected} and {@code def} are null where the schema says nothing about the value. */
    private void value(ValueNode v, TypeRef expected, TypeDef def, boolean locationHasDefault) {
        if (v == null) return;
        VariableDefinition variable = null;
        if (v.kind() == Ast.VARIABLE && currentOperation != null) {
            variable = variableNamed(v.raw());
            if (variable != null) usedVariables.add(variable);
        }
        onValue(v, expected, def, variable, locationHasDefault);
        if (v.kind() == Ast.OBJECT) {
            for (ChildValue c : v.children()) {
                FieldDefinition field = def != null ? def.field(c.name()) : null;
                if (field == null) value(c.value(), null, null, false);
                else value(c.value(), field.type(), schema.type(field.type()), field.defaultValue() != null);
            }
        } else if (v.kind() == Ast.LIST) {
            for (ChildValue c : v.children()) {
                if (expected != null && expected.elem() != null) value(c.value(), expected.elem(), def, false);
                else value(c.value(), null, null, false);
            }
        }
    }

    private VariableDefinition variableNamed(String name) {
        for (VariableDefinition d : currentOperation.variableDefinitions()) if (d.variable().equals(name)) return d;
        return null;
    }

    // ------------------------------------------------------------------ rules, by the event that triggers them

    private void onOperation(OperationDefinition op, TypeDef root) {
        if (root == null) error("Schema does not support operation type \"" + op.operation() + "\"", op.pos());
        for (VariableDefinition v : op.variableDefinitions()) {
            if (schema.type(v.type()) == null) error("Unknown type \"" + (v.type() == null ? "" : v.type().name()) + "\".", v.pos());
        }
        if (op.name().isEmpty() && doc.operations().size() > 1) {
            error("This anonymous operation must be the only defined operation.", op.pos());
        }
        for (VariableDefinition v : op.variableDefinitions()) {
            if (v.used() || usedVariables.contains(v)) continue;
            error(op.name().isEmpty() ? "Variable \"$" + v.variable() + "\" is never used."
                    : "Variable \"$" + v.variable() + "\" is never used in operation \"" + op.name() + "\".", v.pos());
        }
        if (root != null) {
            for (String c : conflicts.within(root, op.selectionSet())) error(c, op.pos());
        }
        if (op.operation().equals("subscription")) singleRootField(op, root);
        if (!op.name().isEmpty() && !operationNames.add(op.name())) {
            error("There can be only one operation named \"" + op.name() + "\".", op.pos());
        }
        Set<String> seen = new HashSet<>();
        for (VariableDefinition v : op.variableDefinitions()) {
            if (!seen.add(v.variable())) error("There can be only one variable named \"$" + v.variable() + "\".", v.pos());
        }
        for (VariableDefinition v : op.variableDefinitions()) {
            TypeDef t = schema.type(v.type());
            if (t != null && !t.isInput()) {
                error("Variable \"$" + v.variable() + "\" cannot be non-input type \"" + v.type() + "\".", v.pos());
            }
        }
    }

    private void singleRootField(OperationDefinition op, TypeDef root) {
        List<Field> fields = new ArrayList<>();
        collectRootFields(op.selectionSet(), fields, new HashSet<>());
        String who = op.name().isEmpty() ? "Anonymous Subscription" : "Subscription \"" + op.name() + "\"";
        if (fields.size() > 1) {
            error(who + " must select only one top level field.", fields.get(1).pos());
        }
        for (Field f : fields) {
            if (f.name().startsWith("__")) error(who + " must not select an introspection top level field.", f.pos());
        }
    }

    private void collectRootFields(List<Selection> set, List<Field> out, Set<String> seenFragments) {
        for (Selection s : set) {
            if (s instanceof Field f) out.add(f);
            else if (s instanceof InlineFragment f) collectRootFields(f.selectionSet(), out, seenFragments);
            else if (s instanceof FragmentSpread f && seenFragments.add(f.name()) && fragments.containsKey(f.name())) {
                collectRootFields(fragments.get(f.name()).selectionSet(), out, seenFragments);
            }
        }
    }

    private void onFragment(FragmentDefinition f, TypeDef def) {
        if (def != null && !def.isComposite()) {
            error("Fragment \"" + f.name() + "\" cannot condition on non composite type \"" + f.typeCondition() + "\".", f.pos());
        }
        if (def == null) error("Unknown type \"" + f.typeCondition() + "\".", f.pos());
        fragmentCycles(f);
        if (!spreadFromOperations.contains(f.name())) error("Fragment \"" + f.name() + "\" is never used.", f.pos());
        if (!fragmentNames.add(f.name())) error("There can be only one fragment named \"" + f.name() + "\".", f.pos());
        if (def != null) {
            for (String c : conflicts.within(def, f.selectionSet())) error(c, f.pos());
        }
    }

    private void onField(Field f, FieldDefinition def, TypeDef parent) {
        if (parent != null && def == null) {
            String message = "Cannot query field \"" + f.name() + "\" on type \"" + parent.name + "\".";
            List<String> types = typesWithField(parent, f.name());
            if (!types.isEmpty()) {
                message += " Did you mean to use an inline fragment on " + Suggestions.quotedOrList(types) + "?";
            } else if (parent.kind.equals("OBJECT") || parent.kind.equals("INTERFACE")) {
                message = Suggestions.didYouMean(message, f.name(), parent.fields.stream().map(FieldDefinition::name).toList());
            }
            error(message, f.pos());
        }
        if (def != null && parent != null) {
            for (Argument a : f.arguments()) {
                if (SchemaChecks.argument(def.arguments(), a.name()) == null) {
                    error(Suggestions.didYouMean("Unknown argument \"" + a.name() + "\" on field \"" + parent.name + "."
                            + f.name() + "\".", a.name(), def.arguments().stream().map(ArgumentDefinition::name).toList()), a.pos());
                }
            }
        }
        if (def != null) {
            for (ArgumentDefinition ad : def.arguments()) {
                if (ad.type().nonNull() && ad.defaultValue() == null && f.arguments().stream().noneMatch(a -> a.name().equals(ad.name()))) {
                    error("Field \"" + f.name() + "\" argument \"" + ad.name() + "\" of type \"" + ad.type()
                            + "\" is required, but it was not provided.", f.pos());
                }
            }
            TypeDef type = schema.type(def.type());
            if (type != null && type.isLeaf() && !f.selectionSet().isEmpty()) {
                error("Field \"" + f.name() + "\" must not have a selection since type \"" + def.type() + "\" has no subfields.", f.pos());
            } else if (type != null && !type.isLeaf() && f.selectionSet().isEmpty()) {
                error("Field \"" + f.name() + "\" of type \"" + def.type() + "\" must have a selection of subfields.", f.pos());
            }
        }
        uniqueArguments(f.arguments());
        if (currentOperation != null && def != null && !f.selectionSet().isEmpty()) {
            TypeDef type = schema.type(def.type());
            if (type != null) for (String c : conflicts.within(type, f.selectionSet())) error(c, f.pos());
        }
    }

    /** For a field asked of an abstract type: the interfaces, then the object types, that do have it. */
    private List<String> typesWithField(TypeDef parent, String field) {
        if (!parent.isAbstract()) return List.of();
        List<String> objects = new ArrayList<>();
        Map<String, Integer> interfaceUses = new HashMap<>();
        List<String> interfaces = new ArrayList<>();
        for (TypeDef t : schema.possibleTypes(parent)) {
            if (t.field(field) == null) continue;
            objects.add(t.name);
            for (String i : t.interfaces) {
                TypeDef it = schema.types.get(i);
                if (it != null && it.field(field) != null) {
                    if (!interfaceUses.containsKey(i)) interfaces.add(i);
                    interfaceUses.merge(i, 1, Integer::sum);
                }
            }
        }
        interfaces.sort((a, b) -> interfaceUses.get(b) - interfaceUses.get(a));
        interfaces.addAll(objects);
        return interfaces;
    }

    private void onInlineFragment(InlineFragment f, TypeDef parent) {
        TypeDef type = f.typeCondition().isEmpty() ? null : schema.types.get(f.typeCondition());
        if (type != null && !type.isComposite()) {
            error("Fragment cannot condition on non composite type \"" + f.typeCondition() + "\".", f.pos());
        }
        if (!f.typeCondition().isEmpty() && type == null) error("Unknown type \"" + f.typeCondition() + "\".", f.pos());
        if (type != null && parent != null && !overlap(type, parent)) {
            error("Fragment cannot be spread here as objects of type \"" + parent.name + "\" can never be of type \""
                    + type.name + "\".", f.pos());
        }
        if (currentOperation != null) {
            TypeDef scope = type != null ? type : parent;
            if (scope != null) for (String c : conflicts.within(scope, f.selectionSet())) error(c, f.pos());
        }
    }

    private void onFragmentSpread(FragmentSpread spread, FragmentDefinition def, TypeDef parent) {
        if (def == null) error("Unknown fragment \"" + spread.name() + "\".", spread.pos());
        if (currentOperation != null) spreadFromOperations.add(spread.name());
        TypeDef type = def == null ? null : schema.types.get(def.typeCondition());
        if (type != null && parent != null && !overlap(type, parent)) {
            error("Fragment \"" + spread.name() + "\" cannot be spread here as objects of type \"" + parent.name
                    + "\" can never be of type \"" + type.name + "\".", spread.pos());
        }
    }

    private boolean overlap(TypeDef a, TypeDef b) {
        for (TypeDef x : schema.possibleTypes(a)) {
            for (TypeDef y : schema.possibleTypes(b)) if (x.name.equals(y.name)) return true;
        }
        return false;
    }

    private void onDirective(Directive d, DirectiveDefinition def, String location) {
        if (def == null) {
            error("Unknown directive \"@" + d.name() + "\".", d.pos());
        } else {
            for (Argument a : d.arguments()) {
                if (SchemaChecks.argument(def.arguments(), a.name()) == null) {
                    error(Suggestions.didYouMean("Unknown argument \"" + a.name() + "\" on directive \"@" + d.name() + "\".",
                            a.name(), def.arguments().stream().map(ArgumentDefinition::name).toList()), a.pos());
                }
            }
            if (!def.locations().contains(location)) {
                error("Directive \"@" + d.name() + "\" may not be used on " + location + ".", d.pos());
            }
            for (ArgumentDefinition ad : def.arguments()) {
                if (ad.type().nonNull() && ad.defaultValue() == null && d.arguments().stream().noneMatch(a -> a.name().equals(ad.name()))) {
                    error("Directive \"@" + d.name() + "\" argument \"" + ad.name() + "\" of type \"" + ad.type()
                            + "\" is required, but it was not provided.", d.pos());
                }
            }
        }
        uniqueArguments(d.arguments());
    }

    private void uniqueArguments(List<Argument> args) {
        Set<String> seen = new HashSet<>();
        for (Argument a : args) {
            if (!seen.add(a.name())) error("There can be only one argument named \"" + a.name() + "\".", a.pos());
        }
    }

    private void uniqueDirectives(List<Directive> dirs) {
        Set<String> seen = new HashSet<>();
        for (Directive d : dirs) {
            DirectiveDefinition def = schema.directives.get(d.name());
            if (def != null && def.isRepeatable()) continue;
            if (!seen.add(d.name())) error("The directive \"@" + d.name() + "\" can only be used once at this location.", d.pos());
        }
    }

    private void onValue(ValueNode v, TypeRef expected, TypeDef def, VariableDefinition variable, boolean locationHasDefault) {
        if (v.kind() == Ast.VARIABLE && currentOperation != null && variable == null) {
            error(currentOperation.name().isEmpty() ? "Variable \"" + v + "\" is not defined."
                    : "Variable \"" + v + "\" is not defined by operation \"" + currentOperation.name() + "\".", v.pos());
        }
        if (v.kind() == Ast.OBJECT) {
            Set<String> seen = new HashSet<>();
            for (ChildValue c : v.children()) {
                if (!seen.add(c.name())) error("There can be only one input field named \"" + c.name() + "\".", c.pos());
            }
        }
        if (def != null && expected != null) correctType(v, expected, def);
        if (v.kind() == Ast.VARIABLE && expected != null && variable != null && currentOperation != null) {
            TypeRef allowed = expected;
            boolean variableHasDefault = variable.defaultValue() != null && variable.defaultValue().kind() != Ast.NULL;
            if (expected.nonNull() && (variableHasDefault || locationHasDefault)) allowed = expected.nullable();
            if (variable.type() != null && !variable.type().isCompatible(allowed)) {
                error("Variable \"" + v + "\" of type \"" + variable.type() + "\" used in position expecting type \""
                        + expected + "\".", v.pos());
            }
        }
    }

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE), INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    /** Literal values must fit the type expected where they stand; custom scalars accept anything. */
    private void correctType(ValueNode v, TypeRef expected, TypeDef def) {
        if (def.kind.equals("SCALAR") && !def.isOneOf("Int", "Float", "String", "Boolean", "ID")) return;
        String unexpected = "Expected value of type \"" + expected + "\", found " + v + ".";
        switch (v.kind()) {
            case Ast.NULL -> { if (expected.nonNull()) error(unexpected, v.pos()); }
            case Ast.LIST -> { if (expected.elem() == null) error(unexpected, v.pos()); }
            case Ast.INT -> {
                if (def.isOneOf("Int")) {
                    BigInteger n = integerOrNull(v.raw());
                    if (n == null) {
                        scalarMismatch(v, expected, def, unexpected);
                    } else if (n.compareTo(INT_MIN) < 0 || n.compareTo(INT_MAX) > 0) {
                        error("Int cannot represent non 32-bit signed integer value: " + v.raw(), v.pos());
                    }
                } else if (!def.isOneOf("Float", "ID")) {
                    scalarMismatch(v, expected, def, unexpected);
                }
            }
            case Ast.FLOAT -> { if (!def.isOneOf("Float")) scalarMismatch(v, expected, def, unexpected); }
            case Ast.STRING, Ast.BLOCK -> {
                if (def.kind.equals("ENUM")) {
                    error("Enum \"" + def.name + "\" cannot represent non-enum value: " + v + ".", v.pos());
                } else if (!def.isOneOf("String", "ID")) {
                    scalarMismatch(v, expected, def, unexpected);
                }
            }
            case Ast.ENUM -> {
                if (!def.kind.equals("ENUM")) {
                    scalarMismatch(v, expected, def, unexpected);
                } else if (def.enumValues.stream().noneMatch(e -> e.name().equals(v.raw()))) {
                    error(Suggestions.didYouMean("Value \"" + v.raw() + "\" does not exist in \"" + def.name + "\" enum.",
                            v.raw(), def.enumValues.stream().map(EnumValueDefinition::name).toList()), v.pos());
                }
            }
            case Ast.BOOLEAN -> { if (!def.isOneOf("Boolean")) scalarMismatch(v, expected, def, unexpected); }
            case Ast.OBJECT -> {
                if (!def.kind.equals("INPUT_OBJECT")) {
                    error(unexpected, v.pos());
                    return;
                }
                for (FieldDefinition f : def.fields) {
                    boolean given = v.children().stream().anyMatch(c -> c.name().equals(f.name()));
                    if (f.type().nonNull() && f.defaultValue() == null && !given) {
                        error("Field \"" + def.name + "." + f.name() + "\" of required type \"" + f.type() + "\" was not provided.", v.pos());
                    }
                }
                for (ChildValue c : v.children()) {
                    if (def.field(c.name()) == null) {
                        error(Suggestions.didYouMean("Field \"" + c.name() + "\" is not defined by type \"" + def.name + "\".",
                                c.name(), def.fields.stream().map(FieldDefinition::name).toList()), c.pos());
                    }
                }
            }
            default -> { }
        }
    }

    private static BigInteger integerOrNull(String raw) {
        try {
            return new BigInteger(raw);
        } catch (NumberFormatException e) {
            return null; // only documents given as JSON can carry such a raw value
        }
    }

    private void scalarMismatch(ValueNode v, TypeRef expected, TypeDef def, String fallback) {
        String message = switch (def.name) {
            case "Int" -> "Int cannot represent non-integer value: " + v;
            case "Float" -> "Float cannot represent non numeric value: " + v;
            case "String" -> "String cannot represent a non string value: " + v;
            case "Boolean" -> "Boolean cannot represent a non boolean value: " + v;
            case "ID" -> "ID cannot represent a non-string and non-integer value: " + v;
            default -> fallback;
        };
        error(message, v.pos());
    }

    // ------------------------------------------------------------------ fragment cycles

    private final Set<String> cycleChecked = new HashSet<>();

    private void fragmentCycles(FragmentDefinition start) {
        if (!cycleChecked.add(start.name())) return;
        List<FragmentSpread> path = new ArrayList<>();
        Map<String, Integer> onPath = new HashMap<>();
        followSpreads(start, path, onPath);
    }

    private void followSpreads(FragmentDefinition f, List<FragmentSpread> path, Map<String, Integer> onPath) {
        onPath.put(f.name(), path.size());
        for (FragmentSpread spread : spreadsIn(f.selectionSet(), new ArrayList<>())) {
            Integer cycleStart = onPath.get(spread.name());
            if (cycleStart == null) {
                FragmentDefinition next = fragments.get(spread.name());
                if (next != null && cycleChecked.add(next.name())) {
                    path.add(spread);
                    followSpreads(next, path, onPath);
                    path.remove(path.size() - 1);
                }
            } else {
                List<FragmentSpread> cycle = new ArrayList<>(path.subList(cycleStart, path.size()));
                List<String> via = new ArrayList<>();
                for (FragmentSpread s : cycle) via.add("\"" + s.name() + "\"");
                error("Cannot spread fragment \"" + spread.name() + "\" within itself"
                        + (via.isEmpty() ? "." : " via " + String.join(", ", via) + "."), spread.pos());
            }
        }
        onPath.remove(f.name());
    }

    private static List<FragmentSpread> spreadsIn(List<Selection> set, List<FragmentSpread> out) {
        for (Selection s : set) {
            if (s instanceof FragmentSpread f) out.add(f);
            else if (s instanceof InlineFragment f) spreadsIn(f.selectionSet(), out);
            else if (s instanceof Field f) spreadsIn(f.selectionSet(), out);
        }
        return out;
    }
}
