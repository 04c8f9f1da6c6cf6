package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.graphql.Ast.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a GraphQL document given as a Rego object (typically the output of graphql.parse_query/parse_schema)
 * back into the AST, with Go's json.Unmarshal rules as OPA applies them: keys match field names case-insensitively,
 * unknown keys are ignored, null leaves the zero value, and a value of the wrong JSON type is an error.
 * A selection is read as a field whenever it can be, as gqlparser's selection-set decoder does.
 */
final class AstReader {
    private final List<String> path = new ArrayList<>();

    private AstReader() {}

    static QueryDocument query(Value.Obj o) {
        AstReader r = new AstReader();
        return new QueryDocument(r.list(o, "Operations", r::operation), r.list(o, "Fragments", r::fragment));
    }

    static SchemaDocument schema(Value.Obj o) {
        AstReader r = new AstReader();
        return new SchemaDocument(r.list(o, "Schema", r::schemaDefinition), r.list(o, "SchemaExtension", r::schemaDefinition),
                r.list(o, "Directives", r::directiveDefinition), r.list(o, "Definitions", r::definition),
                r.list(o, "Extensions", r::definition));
    }

    private OperationDefinition operation(Value.Obj o) {
        return new OperationDefinition(str(o, "Operation"), str(o, "Name"), list(o, "VariableDefinitions", this::variable),
                list(o, "Directives", this::directive), selections(o), null);
    }

    private VariableDefinition variable(Value.Obj o) {
        return new VariableDefinition(str(o, "Variable"), struct(o, "Type", this::type), struct(o, "DefaultValue", this::value),
                list(o, "Directives", this::directive), bool(o, "Used"), null);
    }

    private FragmentDefinition fragment(Value.Obj o) {
        return new FragmentDefinition(str(o, "Name"), list(o, "VariableDefinition", this::variable), str(o, "TypeCondition"),
                list(o, "Directives", this::directive), selections(o), null);
    }

    private List<Selection> selections(Value.Obj o) {
        return list(o, "SelectionSet", this::selection);
    }

    /** gqlparser tries field, then fragment spread, then inline fragment, keeping the first that decodes. */
    private Selection selection(Value.Obj o) {
        int depth = path.size();
        try {
            return new Field(str(o, "Alias"), str(o, "Name"), list(o, "Arguments", this::argument),
                    list(o, "Directives", this::directive), selections(o), null);
        } catch (GraphQlError notAField) {
            path.subList(depth, path.size()).clear();
        }
        try {
            return new FragmentSpread(str(o, "Name"), list(o, "Directives", this::directive), null);
        } catch (GraphQlError notASpread) {
            path.subList(depth, path.size()).clear();
        }
        return new InlineFragment(str(o, "TypeCondition"), list(o, "Directives", this::directive), selections(o), null);
    }

    private Argument argument(Value.Obj o) {
        return new Argument(str(o, "Name"), struct(o, "Value", this::value), null);
    }

    private Directive directive(Value.Obj o) {
        return new Directive(str(o, "Name"), list(o, "Arguments", this::argument), null);
    }

    private ValueNode value(Value.Obj o) {
        return new ValueNode(integer(o, "Kind"), str(o, "Raw"),
                list(o, "Children", c -> new ChildValue(str(c, "Name"), struct(c, "Value", this::value), null)), null);
    }

    private TypeRef type(Value.Obj o) {
        return new TypeRef(str(o, "NamedType"), struct(o, "Elem", this::type), bool(o, "NonNull"), null);
    }

    private SchemaDefinition schemaDefinition(Value.Obj o) {
        return new SchemaDefinition(str(o, "Description"), list(o, "Directives", this::directive),
                list(o, "OperationTypes", t -> new OperationTypeDefinition(str(t, "Operation"), str(t, "Type"), null)), null);
    }

    private DirectiveDefinition directiveDefinition(Value.Obj o) {
        return new DirectiveDefinition(str(o, "Description"), str(o, "Name"), list(o, "Arguments", this::argumentDefinition),
                strings(o, "Locations"), bool(o, "IsRepeatable"), null);
    }

    private Definition definition(Value.Obj o) {
        return new Definition(str(o, "Kind"), str(o, "Description"), str(o, "Name"), list(o, "Directives", this::directive),
                strings(o, "Interfaces"), list(o, "Fields", this::fieldDefinition), strings(o, "Types"),
                list(o, "EnumValues", e -> new EnumValueDefinition(str(e, "Description"), str(e, "Name"),
                        list(e, "Directives", this::directive), null)),
                bool(o, "BuiltIn"), null);
    }

    private FieldDefinition fieldDefinition(Value.Obj o) {
        return new FieldDefinition(str(o, "Description"), str(o, "Name"), list(o, "Arguments", this::argumentDefinition),
                struct(o, "DefaultValue", this::value), struct(o, "Type", this::type), list(o, "Directives", this::directive), null);
    }

    private ArgumentDefinition argumentDefinition(Value.Obj o) {
        return new ArgumentDefinition(str(o, "Description"), str(o, "Name"), struct(o, "DefaultValue", this::value),
                struct(o, "Type", this::type), list(o, "Directives", this::directive), null);
    }

    // ------------------------------------------------------------------ Go json.Unmarshal rules

    /** The value for a struct field: an exact key, else the last key equal to it ignoring case; null counts as absent. */
    private static Value field(Value.Obj o, String name) {
        Value v = o.get(name);
        if (v == null) {
            for (Value k : o.keys()) {
                if (k instanceof Value.Str s && s.value().equalsIgnoreCase(name)) v = o.get(k);
            }
        }
        return v instanceof Value.Null ? null : v;
    }

    private String str(Value.Obj o, String name) {
        Value v = field(o, name);
        if (v == null) return "";
        if (v instanceof Value.Str s) return s.value();
        throw mismatch(v, name, "string");
    }

    private boolean bool(Value.Obj o, String name) {
        Value v = field(o, name);
        if (v == null) return false;
        if (v instanceof Value.Bool b) return b.value();
        throw mismatch(v, name, "bool");
    }

    private int integer(Value.Obj o, String name) {
        Value v = field(o, name);
        if (v == null) return 0;
        // Go refuses "1.0" for an int field, so a fractional spelling is an error even when integral
        if (v instanceof Value.Num n && n.intValue() != null && n.value().scale() <= 0) return n.intValue();
        throw mismatch(v, name, "int");
    }

    private List<String> strings(Value.Obj o, String name) {
        return list(o, name, null);
    }

    private <T> T struct(Value.Obj o, String name, Function<Value.Obj, T> read) {
        Value v = field(o, name);
        if (v == null) return null;
        if (!(v instanceof Value.Obj obj)) throw mismatch(v, name, "struct");
        path.add(name);
        T out = read.apply(obj);
        path.remove(path.size() - 1);
        return out;
    }

    /** A JSON array of structs (or of strings when {@code read} is null). */
    @SuppressWarnings("unchecked")
    private <T> List<T> list(Value.Obj o, String name, Function<Value.Obj, T> read) {
        Value v = field(o, name);
        if (v == null) return List.of();
        List<Value> elements;
        if (v instanceof Value.Arr a) elements = a.elements();
        else if (v instanceof Value.SetV s) elements = s.elements();
        else throw mismatch(v, name, "slice");
        path.add(name);
        List<T> out = new ArrayList<>(elements.size());
        for (Value e : elements) {
            if (read == null) {
                if (!(e instanceof Value.Str s)) throw mismatch(e, name, "string");
                out.add((T) s.value());
            } else {
                if (!(e instanceof Value.Obj eo)) throw mismatch(e, name, "struct");
                out.add(read.apply(eo));
            }
        }
        path.remove(path.size() - 1);
        return out;
    }

    private GraphQlError mismatch(Value got, String name, String goType) {
        String json = switch (got.typeName()) {
            case "boolean" -> "bool";
            case "set" -> "array";
            default -> got.typeName();
        };
        List<String> p = new ArrayList<>(path);
        p.add(name);
        return new GraphQlError("json: cannot unmarshal " + json + " into Go struct field " + String.join(".", p)
                + " of type " + goType, null);
    }
}
