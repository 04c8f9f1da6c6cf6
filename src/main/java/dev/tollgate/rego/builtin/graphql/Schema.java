package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.builtin.graphql.Ast.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A validated GraphQL schema: the built-in prelude (scalars, @skip/@include/@deprecated, introspection types)
 * merged with a schema document, extensions folded into their types, checked the way gqlparser's
 * ValidateSchemaDocument checks it. Extending a type that does not exist creates it (federation style).
 */
final class Schema {
    final Map<String, TypeDef> types = new HashMap<>();
    final Map<String, DirectiveDefinition> directives = new HashMap<>();
    private final Map<String, List<TypeDef>> possibleTypes = new HashMap<>();
    TypeDef query, mutation, subscription;

    /** A type with its extensions merged in. */
    static final class TypeDef {
        final String kind;
        final String name;
        final boolean builtIn;
        final Pos pos;
        final List<Directive> directives = new ArrayList<>();
        final List<String> interfaces = new ArrayList<>();
        final List<FieldDefinition> fields = new ArrayList<>();
        final List<String> types = new ArrayList<>();
        final List<EnumValueDefinition> enumValues = new ArrayList<>();

        TypeDef(String kind, String name, boolean builtIn, Pos pos) {
            this.kind = kind;
            this.name = name;
            this.builtIn = builtIn;
            this.pos = pos;
        }

        void add(Definition d) {
            directives.addAll(d.directives());
            interfaces.addAll(d.interfaces());
            fields.addAll(d.fields());
            types.addAll(d.types());
            enumValues.addAll(d.enumValues());
        }

        FieldDefinition field(String name) {
            for (FieldDefinition f : fields) if (f.name().equals(name)) return f;
            return null;
        }

        boolean isLeaf() { return kind.equals("ENUM") || kind.equals("SCALAR"); }

        boolean isAbstract() { return kind.equals("INTERFACE") || kind.equals("UNION"); }

        boolean isComposite() { return kind.equals("OBJECT") || isAbstract(); }

        boolean isInput() { return kind.equals("SCALAR") || kind.equals("ENUM") || kind.equals("INPUT_OBJECT"); }

        boolean isOneOf(String... names) {
            for (String n : names) if (name.equals(n)) return true;
            return false;
        }
    }

    private static final SchemaDocument PRELUDE = loadPrelude();

    private static SchemaDocument loadPrelude() {
        try (InputStream in = Schema.class.getResourceAsStream("prelude.graphql")) {
            if (in == null) throw new IllegalStateException("prelude.graphql missing from the classpath");
            return Parser.parseSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Object types a value of {@code def} can have at run time. */
    List<TypeDef> possibleTypes(TypeDef def) {
        if (def.kind.equals("OBJECT")) return List.of(def);
        if (def.isAbstract()) return possibleTypes.getOrDefault(def.name, List.of());
        return List.of();
    }

    TypeDef type(TypeRef t) {
        return t == null ? null : types.get(t.name());
    }

    /** Builds and checks the schema; throws {@link GraphQlError} with gqlparser's message when it is invalid. */
    static Schema load(SchemaDocument doc) {
        Schema s = new Schema();
        List<Definition> definitions = concat(PRELUDE.definitions(), doc.definitions());
        List<TypeDef> defs = new ArrayList<>();
        for (Definition d : definitions) {
            if (s.types.containsKey(d.name())) throw new GraphQlError("Cannot redeclare type " + d.name() + ".", d.pos());
            TypeDef t = new TypeDef(d.kind(), d.name(), d.builtIn(), d.pos());
            t.add(d);
            s.types.put(d.name(), t);
            defs.add(t);
        }
        for (Definition ext : concat(PRELUDE.extensions(), doc.extensions())) {
            TypeDef t = s.types.get(ext.name());
            if (t == null) {
                t = new TypeDef(ext.kind(), ext.name(), false, ext.pos());
                s.types.put(ext.name(), t);
                defs.add(t);
            }
            if (!t.kind.equals(ext.kind())) {
                throw new GraphQlError("Cannot extend type " + ext.name() + " because the base type is a " + t.kind
                        + ", not " + ext.kind() + ".", ext.pos());
            }
            t.add(ext);
        }
        for (TypeDef t : defs) {
            switch (t.kind) {
                case "UNION" -> t.types.forEach(m -> s.addPossibleType(t.name, s.types.get(m)));
                case "INPUT_OBJECT", "OBJECT" -> {
                    t.interfaces.forEach(i -> s.addPossibleType(i, t));
                    s.addPossibleType(t.name, t);
                }
                case "INTERFACE" -> t.interfaces.forEach(i -> s.addPossibleType(i, t));
                default -> { }
            }
        }
        for (DirectiveDefinition d : concat(PRELUDE.directives(), doc.directives())) {
            if (s.directives.containsKey(d.name())) {
                // SDL may restate the built-in directives; the first definition stays
                if (List.of("include", "skip", "deprecated", "specifiedBy").contains(d.name())) continue;
                throw new GraphQlError("Cannot redeclare directive " + d.name() + ".", d.pos());
            }
            s.directives.put(d.name(), d);
        }
        List<SchemaDefinition> schemaDefs = concat(PRELUDE.schema(), doc.schema());
        if (schemaDefs.size() > 1) {
            throw new GraphQlError("Cannot have multiple schema entry points, consider schema extensions instead.", schemaDefs.get(1).pos());
        }
        for (SchemaDefinition sd : concat(schemaDefs, concat(PRELUDE.schemaExtension(), doc.schemaExtension()))) {
            for (OperationTypeDefinition op : sd.operationTypes()) s.setRoot(op);
        }
        new SchemaChecks(s).run();
        if (schemaDefs.isEmpty()) {
            if (s.query == null) s.query = s.types.get("Query");
            if (s.mutation == null) s.mutation = s.types.get("Mutation");
            if (s.subscription == null) s.subscription = s.types.get("Subscription");
        }
        if (s.query != null) {
            Pos none = null;
            s.query.fields.add(new FieldDefinition("", "__schema", List.of(), null, new TypeRef("__Schema", null, true, none), List.of(), none));
            s.query.fields.add(new FieldDefinition("", "__type",
                    List.of(new ArgumentDefinition("", "name", null, new TypeRef("String", null, true, none), List.of(), none)),
                    null, new TypeRef("__Type", null, false, none), List.of(), none));
        }
        return s;
    }

    private void setRoot(OperationTypeDefinition op) {
        TypeDef def = types.get(op.type());
        if (def == null) {
            throw new GraphQlError("Schema root " + op.operation() + " refers to a type " + op.type() + " that does not exist.", op.pos());
        }
        switch (op.operation()) {
            case "query" -> query = def;
            case "mutation" -> mutation = def;
            case "subscription" -> subscription = def;
            default -> { }
        }
    }

    private void addPossibleType(String name, TypeDef def) {
        if (def != null) possibleTypes.computeIfAbsent(name, k -> new ArrayList<>()).add(def);
    }

    List<String> sortedTypeNames() {
        return new ArrayList<>(new TreeSet<>(types.keySet()));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
