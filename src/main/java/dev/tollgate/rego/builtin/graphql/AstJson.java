package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.graphql.Ast.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * GraphQL documents as the Rego objects OPA produces: gqlparser's Go structs marshalled to JSON, with
 * positions dropped and every null or empty list/object pruned (OPA's pruneIrrelevantGraphQLASTNodes).
 * Empty strings, false and 0 stay, which is why {@code "Name": ""} and {@code "Used": false} appear.
 */
final class AstJson {
    private AstJson() {}

    static Value.Obj query(QueryDocument doc) {
        return new Obj().list("Operations", doc.operations(), AstJson::operation)
                .list("Fragments", doc.fragments(), AstJson::fragment).build();
    }

    static Value.Obj schema(SchemaDocument doc) {
        return new Obj().list("Schema", doc.schema(), AstJson::schemaDefinition)
                .list("SchemaExtension", doc.schemaExtension(), AstJson::schemaDefinition)
                .list("Directives", doc.directives(), AstJson::directiveDefinition)
                .list("Definitions", doc.definitions(), AstJson::definition)
                .list("Extensions", doc.extensions(), AstJson::definition).build();
    }

    private static Value operation(OperationDefinition op) {
        return new Obj().str("Operation", op.operation()).str("Name", op.name())
                .list("VariableDefinitions", op.variableDefinitions(), AstJson::variable)
                .list("Directives", op.directives(), AstJson::directive)
                .list("SelectionSet", op.selectionSet(), AstJson::selection).build();
    }

    private static Value variable(VariableDefinition v) {
        return new Obj().str("Variable", v.variable()).put("Type", type(v.type()))
                .put("DefaultValue", value(v.defaultValue()))
                .list("Directives", v.directives(), AstJson::directive)
                .put("Used", Value.bool(v.used())).build();
    }

    private static Value fragment(FragmentDefinition f) {
        return new Obj().str("Name", f.name())
                .list("VariableDefinition", f.variableDefinition(), AstJson::variable)
                .str("TypeCondition", f.typeCondition())
                .list("Directives", f.directives(), AstJson::directive)
                .list("SelectionSet", f.selectionSet(), AstJson::selection).build();
    }

    private static Value selection(Selection s) {
        if (s instanceof Field f) {
            return new Obj().str("Alias", f.alias()).str("Name", f.name())
                    .list("Arguments", f.arguments(), AstJson::argument)
                    .list("Directives", f.directives(), AstJson::directive)
                    .list("SelectionSet", f.selectionSet(), AstJson::selection).build();
        }
        if (s instanceof FragmentSpread f) {
            return new Obj().str("Name", f.name()).list("Directives", f.directives(), AstJson::directive).build();
        }
        InlineFragment f = (InlineFragment) s;
        return new Obj().str("TypeCondition", f.typeCondition())
                .list("Directives", f.directives(), AstJson::directive)
                .list("SelectionSet", f.selectionSet(), AstJson::selection).build();
    }

    private static Value argument(Argument a) {
        return new Obj().str("Name", a.name()).put("Value", value(a.value())).build();
    }

    /** Directives in a document carry an empty Location until validation fills it in. */
    private static Value directive(Directive d) {
        return new Obj().str("Name", d.name()).list("Arguments", d.arguments(), AstJson::argument)
                .str("Location", "").build();
    }

    private static Value value(ValueNode v) {
        if (v == null) return null;
        return new Obj().str("Raw", v.raw())
                .list("Children", v.children(), c -> new Obj().str("Name", c.name()).put("Value", value(c.value())).build())
                .put("Kind", Value.num(v.kind()))
                .put("ExpectedTypeHasDefault", Value.FALSE).build();
    }

    private static Value type(TypeRef t) {
        if (t == null) return null;
        return new Obj().str("NamedType", t.namedType()).put("Elem", type(t.elem()))
                .put("NonNull", Value.bool(t.nonNull())).build();
    }

    private static Value schemaDefinition(SchemaDefinition s) {
        return new Obj().str("Description", s.description())
                .list("Directives", s.directives(), AstJson::directive)
                .list("OperationTypes", s.operationTypes(),
                        o -> new Obj().str("Operation", o.operation()).str("Type", o.type()).build()).build();
    }

    private static Value directiveDefinition(DirectiveDefinition d) {
        return new Obj().str("Description", d.description()).str("Name", d.name())
                .list("Arguments", d.arguments(), AstJson::argumentDefinition)
                .list("Locations", d.locations(), Value::str)
                .put("IsRepeatable", Value.bool(d.isRepeatable())).build();
    }

    private static Value definition(Definition d) {
        return new Obj().str("Kind", d.kind()).str("Description", d.description()).str("Name", d.name())
                .list("Directives", d.directives(), AstJson::directive)
                .list("Interfaces", d.interfaces(), Value::str)
                .list("Fields", d.fields(), AstJson::fieldDefinition)
                .list("Types", d.types(), Value::str)
                .list("EnumValues", d.enumValues(), e -> new Obj().str("Description", e.description())
                        .str("Name", e.name()).list("Directives", e.directives(), AstJson::directive).build())
                .put("BuiltIn", Value.bool(d.builtIn())).build();
    }

    private static Value fieldDefinition(FieldDefinition f) {
        return new Obj().str("Description", f.description()).str("Name", f.name())
                .list("Arguments", f.arguments(), AstJson::argumentDefinition)
                .put("DefaultValue", value(f.defaultValue())).put("Type", type(f.type()))
                .list("Directives", f.directives(), AstJson::directive).build();
    }

    private static Value argumentDefinition(ArgumentDefinition a) {
        return new Obj().str("Description", a.description()).str("Name", a.name())
                .put("DefaultValue", value(a.defaultValue())).put("Type", type(a.type()))
                .list("Directives", a.directives(), AstJson::directive).build();
    }

    /** An object under construction that leaves out what OPA's pruning would remove. */
    private static final class Obj {
        private final Value.Obj.Builder b = Value.Obj.builder();

        Obj put(String key, Value v) {
            if (v == null || v instanceof Value.Null) return this;
            if (v instanceof Value.Arr a && a.size() == 0) return this;
            if (v instanceof Value.Obj o && o.isEmpty()) return this;
            b.put(key, v);
            return this;
        }

        Obj str(String key, String s) {
            return put(key, Value.str(s));
        }

        <T> Obj list(String key, List<T> items, Function<T, Value> f) {
            List<Value> out = new ArrayList<>(items.size());
            for (T item : items) {
                Value v = f.apply(item);
                boolean empty = v == null || v instanceof Value.Null || (v instanceof Value.Arr a && a.size() == 0)
                        || (v instanceof Value.Obj o && o.isEmpty());
                if (!empty) out.add(v);
            }
            return put(key, Value.Arr.wrap(out));
        }

        Value.Obj build() {
            return b.build();
        }
    }
}
