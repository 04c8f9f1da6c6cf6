package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.builtin.GoQuote;
import java.util.List;

/**
 * GraphQL documents as gqlparser models them. OPA hands these structures to policies as JSON, so field names
 * and the split between query and schema documents follow gqlparser's Go types, not the GraphQL spec's names.
 * Lists are never null (empty instead); positions are null for documents that came in as JSON.
 */
final class Ast {
    private Ast() {}

    record Pos(int line, int column) {}

    // ------------------------------------------------------------------ shared

    /** A type reference: {@code String}, {@code [Int!]!}. A list has an elem and an empty named type. */
    record TypeRef(String namedType, TypeRef elem, boolean nonNull, Pos pos) {
        String name() { return elem != null ? elem.name() : namedType; }

        @Override public String toString() {
            return (elem != null ? "[" + elem + "]" : namedType) + (nonNull ? "!" : "");
        }

        TypeRef nullable() { return new TypeRef(namedType, elem, false, pos); }

        /** gqlparser's Type.IsCompatible: can a variable of this type be used where {@code other} is expected? */
        boolean isCompatible(TypeRef other) {
            if (!namedType.equals(other.namedType)) return false;
            if (elem != null && other.elem == null) return false;
            if (elem != null && !elem.isCompatible(other.elem)) return false;
            return !other.nonNull || nonNull;
        }
    }

    /** Value kinds, numbered as gqlparser's ValueKind (the number is what policies see). */
    static final int VARIABLE = 0, INT = 1, FLOAT = 2, STRING = 3, BLOCK = 4, BOOLEAN = 5, NULL = 6, ENUM = 7,
            LIST = 8, OBJECT = 9;

    /** A literal or variable: for lists and objects the parts are in {@code children}, raw is empty. */
    record ValueNode(int kind, String raw, List<ChildValue> children, Pos pos) {
        @Override public String toString() {
            return switch (kind) {
                case VARIABLE -> "$" + raw;
                case STRING, BLOCK -> GoQuote.quote(raw);
                case LIST -> "[" + String.join(", ", children.stream().map(c -> String.valueOf(c.value())).toList()) + "]";
                case OBJECT -> "{" + String.join(", ", children.stream().map(c -> c.name() + ": " + c.value()).toList()) + "}";
                default -> raw;
            };
        }
    }

    /** A list element (empty name) or an object field. */
    record ChildValue(String name, ValueNode value, Pos pos) {}

    record Argument(String name, ValueNode value, Pos pos) {}

    record Directive(String name, List<Argument> arguments, Pos pos) {}

    // ------------------------------------------------------------------ queries

    record QueryDocument(List<OperationDefinition> operations, List<FragmentDefinition> fragments) {}

    record OperationDefinition(String operation, String name, List<VariableDefinition> variableDefinitions,
                               List<Directive> directives, List<Selection> selectionSet, Pos pos) {}

    record VariableDefinition(String variable, TypeRef type, ValueNode defaultValue, List<Directive> directives,
                              boolean used, Pos pos) {}

    sealed interface Selection permits Field, FragmentSpread, InlineFragment {}

    record Field(String alias, String name, List<Argument> arguments, List<Directive> directives,
                 List<Selection> selectionSet, Pos pos) implements Selection {}

    record FragmentSpread(String name, List<Directive> directives, Pos pos) implements Selection {}

    record InlineFragment(String typeCondition, List<Directive> directives, List<Selection> selectionSet, Pos pos)
            implements Selection {}

    record FragmentDefinition(String name, List<VariableDefinition> variableDefinition, String typeCondition,
                              List<Directive> directives, List<Selection> selectionSet, Pos pos) {}

    // ------------------------------------------------------------------ schemas

    record SchemaDocument(List<SchemaDefinition> schema, List<SchemaDefinition> schemaExtension,
                          List<DirectiveDefinition> directives, List<Definition> definitions, List<Definition> extensions) {}

    record SchemaDefinition(String description, List<Directive> directives, List<OperationTypeDefinition> operationTypes,
                            Pos pos) {}

    record OperationTypeDefinition(String operation, String type, Pos pos) {}

    /** A type definition or extension; kind is SCALAR, OBJECT, INTERFACE, UNION, ENUM or INPUT_OBJECT. */
    record Definition(String kind, String description, String name, List<Directive> directives, List<String> interfaces,
                      List<FieldDefinition> fields, List<String> types, List<EnumValueDefinition> enumValues,
                      boolean builtIn, Pos pos) {}

    /** An object or interface field (with arguments) or an input object field (with a default value). */
    record FieldDefinition(String description, String name, List<ArgumentDefinition> arguments, ValueNode defaultValue,
                           TypeRef type, List<Directive> directives, Pos pos) {}

    record ArgumentDefinition(String description, String name, ValueNode defaultValue, TypeRef type,
                              List<Directive> directives, Pos pos) {}

    record EnumValueDefinition(String description, String name, List<Directive> directives, Pos pos) {}

    record DirectiveDefinition(String description, String name, List<ArgumentDefinition> arguments,
                               List<String> locations, boolean isRepeatable, Pos pos) {}
}
