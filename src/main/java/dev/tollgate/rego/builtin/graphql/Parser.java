package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.builtin.graphql.Ast.*;
import dev.tollgate.rego.builtin.GoQuote;
import dev.tollgate.rego.builtin.graphql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for GraphQL query and schema documents. The grammar corners follow gqlparser
 * (keywords checked by value, "expected at least one definition" for empty braces, descriptions refused on
 * extensions) because OPA's conformance cases compare its error texts and positions.
 */
final class Parser {
    private final Lexer lexer;
    private final boolean builtIn;
    private Token peeked;
    private Token prev;

    private Parser(String source, boolean builtIn) {
        this.lexer = new Lexer(source);
        this.builtIn = builtIn;
    }

    static QueryDocument parseQuery(String source) {
        return new Parser(source, false).queryDocument();
    }

    static SchemaDocument parseSchema(String source) {
        return parseSchema(source, false);
    }

    static SchemaDocument parseSchema(String source, boolean builtIn) {
        return new Parser(source, builtIn).schemaDocument();
    }

    // ------------------------------------------------------------------ token plumbing

    private Token peek() {
        if (peeked == null) peeked = lexer.next();
        return peeked;
    }

    private Token next() {
        Token t = peek();
        peeked = null;
        if (t.kind() == Kind.INVALID) throw new GraphQlError(t.lexError(), t.pos());
        prev = t;
        return t;
    }

    private GraphQlError error(Token at, String message) {
        return new GraphQlError(message, at.pos());
    }

    private GraphQlError unexpected(Token t) {
        return error(t, "Unexpected " + t);
    }

    private Token expect(Kind kind) {
        Token t = peek();
        if (t.kind() != kind) throw error(t, "Expected " + kind + ", found " + t.kind());
        return next();
    }

    private void expectKeyword(String value) {
        Token t = peek();
        if (t.kind() != Kind.NAME || !t.value().equals(value)) {
            throw error(t, "Expected " + GoQuote.quote(value) + ", found " + t);
        }
        next();
    }

    private boolean skip(Kind kind) {
        if (peek().kind() != kind) return false;
        next();
        return true;
    }

    private String name() {
        return expect(Kind.NAME).value();
    }

    /** {@code start item* end}, or nothing at all when the opening token is absent. */
    private <T> List<T> many(Kind start, Kind end, Item<T> item) {
        List<T> out = new ArrayList<>();
        if (!skip(start)) return out;
        while (peek().kind() != end) out.add(item.parse());
        next();
        return out;
    }

    /** Like {@link #many} but the braces must not be empty. */
    private <T> List<T> some(Kind start, Kind end, Item<T> item) {
        List<T> out = new ArrayList<>();
        if (!skip(start)) return out;
        while (peek().kind() != end) out.add(item.parse());
        if (out.isEmpty()) throw error(peek(), "expected at least one definition, found " + peek().kind());
        next();
        return out;
    }

    private interface Item<T> {
        T parse();
    }

    // ------------------------------------------------------------------ query documents

    private QueryDocument queryDocument() {
        List<OperationDefinition> operations = new ArrayList<>();
        List<FragmentDefinition> fragments = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            Token t = peek();
            if (t.kind() == Kind.BRACE_L) {
                operations.add(operationDefinition());
            } else if (t.kind() == Kind.NAME && Set.of("query", "mutation", "subscription").contains(t.value())) {
                operations.add(operationDefinition());
            } else if (t.kind() == Kind.NAME && t.value().equals("fragment")) {
                fragments.add(fragmentDefinition());
            } else {
                throw unexpected(t);
            }
        }
        return new QueryDocument(operations, fragments);
    }

    private OperationDefinition operationDefinition() {
        Pos pos = peek().pos();
        if (peek().kind() == Kind.BRACE_L) {
            return new OperationDefinition("query", "", List.of(), List.of(), requiredSelectionSet(), pos);
        }
        String operation = operationType();
        String name = peek().kind() == Kind.NAME ? next().value() : "";
        List<VariableDefinition> variables = many(Kind.PAREN_L, Kind.PAREN_R, this::variableDefinition);
        List<Directive> directives = directives(false);
        return new OperationDefinition(operation, name, variables, directives, requiredSelectionSet(), pos);
    }

    private String operationType() {
        Token t = next();
        return switch (t.value()) {
            case "query", "mutation", "subscription" -> t.value();
            default -> throw unexpected(t);
        };
    }

    private VariableDefinition variableDefinition() {
        Pos pos = peek().pos();
        String variable = variable();
        expect(Kind.COLON);
        TypeRef type = typeReference();
        ValueNode defaultValue = skip(Kind.EQUALS) ? valueLiteral(true) : null;
        return new VariableDefinition(variable, type, defaultValue, directives(false), false, pos);
    }

    private String variable() {
        expect(Kind.DOLLAR);
        return name();
    }

    private List<Selection> requiredSelectionSet() {
        if (peek().kind() != Kind.BRACE_L) throw error(peek(), "Expected {, found " + peek().kind());
        return some(Kind.BRACE_L, Kind.BRACE_R, this::selection);
    }

    private Selection selection() {
        return peek().kind() == Kind.SPREAD ? fragment() : field();
    }

    private Field field() {
        Pos pos = peek().pos();
        String alias = name();
        String name = skip(Kind.COLON) ? name() : alias;
        List<Argument> arguments = arguments(false);
        List<Directive> directives = directives(false);
        List<Selection> selections = peek().kind() == Kind.BRACE_L ? some(Kind.BRACE_L, Kind.BRACE_R, this::selection) : List.of();
        return new Field(alias, name, arguments, directives, selections, pos);
    }

    private List<Argument> arguments(boolean isConst) {
        return many(Kind.PAREN_L, Kind.PAREN_R, () -> {
            Pos pos = peek().pos();
            String name = name();
            expect(Kind.COLON);
            return new Argument(name, valueLiteral(isConst), pos);
        });
    }

    private Selection fragment() {
        expect(Kind.SPREAD);
        Token t = peek();
        if (t.kind() == Kind.NAME && !t.value().equals("on")) {
            return new FragmentSpread(fragmentName(), directives(false), t.pos());
        }
        Pos pos = t.pos();
        String typeCondition = "";
        if (t.value().equals("on")) { // gqlparser checks the value only, whatever the token kind
            next();
            typeCondition = name();
        }
        List<Directive> directives = directives(false);
        return new InlineFragment(typeCondition, directives, requiredSelectionSet(), pos);
    }

    private FragmentDefinition fragmentDefinition() {
        Pos pos = peek().pos();
        expectKeyword("fragment");
        String name = fragmentName();
        List<VariableDefinition> variables = many(Kind.PAREN_L, Kind.PAREN_R, this::variableDefinition);
        expectKeyword("on");
        String typeCondition = name();
        List<Directive> directives = directives(false);
        return new FragmentDefinition(name, variables, typeCondition, directives, requiredSelectionSet(), pos);
    }

    private String fragmentName() {
        if (peek().value().equals("on")) throw unexpected(peek());
        return name();
    }

    private ValueNode valueLiteral(boolean isConst) {
        Token t = peek();
        int kind;
        switch (t.kind()) {
            case BRACKET_L:
                return new ValueNode(Ast.LIST, "", many(Kind.BRACKET_L, Kind.BRACKET_R,
                        () -> new ChildValue("", valueLiteral(isConst), null)), t.pos());
            case BRACE_L:
                return new ValueNode(Ast.OBJECT, "", many(Kind.BRACE_L, Kind.BRACE_R, () -> {
                    Pos pos = peek().pos();
                    String name = name();
                    expect(Kind.COLON);
                    return new ChildValue(name, valueLiteral(isConst), pos);
                }), t.pos());
            case DOLLAR:
                if (isConst) throw unexpected(t);
                return new ValueNode(Ast.VARIABLE, variable(), List.of(), t.pos());
            case INT: kind = Ast.INT; break;
            case FLOAT: kind = Ast.FLOAT; break;
            case STRING: kind = Ast.STRING; break;
            case BLOCK_STRING: kind = Ast.BLOCK; break;
            case NAME:
                kind = switch (t.value()) {
                    case "true", "false" -> Ast.BOOLEAN;
                    case "null" -> Ast.NULL;
                    default -> Ast.ENUM;
                };
                break;
            default:
                throw unexpected(t);
        }
        next();
        return new ValueNode(kind, t.value(), List.of(), t.pos());
    }

    private List<Directive> directives(boolean isConst) {
        List<Directive> out = new ArrayList<>();
        while (peek().kind() == Kind.AT) {
            expect(Kind.AT);
            Pos pos = peek().pos();
            String name = name();
            out.add(new Directive(name, arguments(isConst), pos));
        }
        return out;
    }

    private TypeRef typeReference() {
        TypeRef type;
        if (skip(Kind.BRACKET_L)) {
            Pos pos = peek().pos();
            TypeRef elem = typeReference();
            expect(Kind.BRACKET_R);
            type = new TypeRef("", elem, false, pos);
        } else {
            Pos pos = peek().pos();
            type = new TypeRef(name(), null, false, pos);
        }
        if (skip(Kind.BANG)) type = new TypeRef(type.namedType(), type.elem(), true, peek().pos());
        return type;
    }

    // ------------------------------------------------------------------ schema documents

    private SchemaDocument schemaDocument() {
        List<SchemaDefinition> schema = new ArrayList<>(), schemaExtension = new ArrayList<>();
        List<DirectiveDefinition> directiveDefs = new ArrayList<>();
        List<Definition> definitions = new ArrayList<>(), extensions = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            String description = "";
            if (peek().kind() == Kind.BLOCK_STRING || peek().kind() == Kind.STRING) description = next().value();
            Token t = peek();
            if (t.kind() != Kind.NAME) throw unexpected(t);
            switch (t.value()) {
                case "scalar", "type", "interface", "union", "enum", "input" -> definitions.add(typeDefinition(description));
                case "schema" -> schema.add(schemaDefinition(description));
                case "directive" -> directiveDefs.add(directiveDefinition(description));
                case "extend" -> {
                    if (!description.isEmpty()) throw unexpected(prev);
                    expectKeyword("extend");
                    switch (peek().value()) {
                        case "schema" -> schemaExtension.add(schemaExtension());
                        case "scalar", "type", "interface", "union", "enum", "input" -> extensions.add(typeExtension());
                        default -> throw unexpected(peek());
                    }
                }
                default -> throw unexpected(t);
            }
        }
        return new SchemaDocument(schema, schemaExtension, directiveDefs, definitions, extensions);
    }

    private String description() {
        Kind k = peek().kind();
        return k == Kind.BLOCK_STRING || k == Kind.STRING ? next().value() : "";
    }

    private Definition typeDefinition(String description) {
        String keyword = peek().value();
        expectKeyword(keyword);
        Pos pos = peek().pos();
        String name = name();
        List<String> interfaces = List.of(), types = List.of();
        List<FieldDefinition> fields = List.of();
        List<EnumValueDefinition> values = List.of();
        List<Directive> directives;
        String kind;
        switch (keyword) {
            case "scalar" -> { kind = "SCALAR"; directives = directives(true); }
            case "type", "interface" -> {
                kind = keyword.equals("type") ? "OBJECT" : "INTERFACE";
                interfaces = implementsInterfaces();
                directives = directives(true);
                fields = some(Kind.BRACE_L, Kind.BRACE_R, this::fieldDefinition);
            }
            case "union" -> { kind = "UNION"; directives = directives(true); types = unionMembers(); }
            case "enum" -> {
                kind = "ENUM";
                directives = directives(true);
                values = some(Kind.BRACE_L, Kind.BRACE_R, this::enumValueDefinition);
            }
            default -> {
                kind = "INPUT_OBJECT";
                directives = directives(true);
                fields = some(Kind.BRACE_L, Kind.BRACE_R, this::inputValueDefinition);
            }
        }
        return new Definition(kind, description, name, directives, interfaces, fields, types, values, builtIn, pos);
    }

    /** An extension must add something; gqlparser complains about the token where the addition should have been. */
    private Definition typeExtension() {
        String keyword = peek().value();
        expectKeyword(keyword);
        Pos pos = peek().pos();
        String name = name();
        List<String> interfaces = List.of(), types = List.of();
        List<FieldDefinition> fields = List.of();
        List<EnumValueDefinition> values = List.of();
        List<Directive> directives;
        String kind;
        boolean empty;
        switch (keyword) {
            case "scalar" -> {
                kind = "SCALAR";
                directives = directives(true);
                empty = directives.isEmpty();
            }
            case "type" -> {
                kind = "OBJECT";
                interfaces = implementsInterfaces();
                directives = directives(true);
                fields = some(Kind.BRACE_L, Kind.BRACE_R, this::fieldDefinition);
                empty = interfaces.isEmpty() && directives.isEmpty() && fields.isEmpty();
            }
            case "interface" -> {
                kind = "INTERFACE";
                directives = directives(true);
                fields = some(Kind.BRACE_L, Kind.BRACE_R, this::fieldDefinition);
                empty = directives.isEmpty() && fields.isEmpty();
            }
            case "union" -> {
                kind = "UNION";
                directives = directives(true);
                types = unionMembers();
                empty = directives.isEmpty() && types.isEmpty();
            }
            case "enum" -> {
                kind = "ENUM";
                directives = directives(true);
                values = some(Kind.BRACE_L, Kind.BRACE_R, this::enumValueDefinition);
                empty = directives.isEmpty() && values.isEmpty();
            }
            default -> {
                kind = "INPUT_OBJECT";
                directives = directives(false);
                fields = some(Kind.BRACE_L, Kind.BRACE_R, this::inputValueDefinition);
                empty = directives.isEmpty() && fields.isEmpty();
            }
        }
        if (empty) throw unexpected(peek());
        return new Definition(kind, "", name, directives, interfaces, fields, types, values, builtIn, pos);
    }

    private SchemaDefinition schemaDefinition(String description) {
        expectKeyword("schema");
        Pos pos = peek().pos();
        List<Directive> directives = directives(true);
        List<OperationTypeDefinition> ops = some(Kind.BRACE_L, Kind.BRACE_R, this::operationTypeDefinition);
        return new SchemaDefinition(description, directives, ops, pos);
    }

    private SchemaDefinition schemaExtension() {
        expectKeyword("schema");
        Pos pos = peek().pos();
        List<Directive> directives = directives(true);
        List<OperationTypeDefinition> ops = some(Kind.BRACE_L, Kind.BRACE_R, this::operationTypeDefinition);
        if (directives.isEmpty() && ops.isEmpty()) throw unexpected(peek());
        return new SchemaDefinition("", directives, ops, pos);
    }

    private OperationTypeDefinition operationTypeDefinition() {
        Pos pos = peek().pos();
        String operation = operationType();
        expect(Kind.COLON);
        return new OperationTypeDefinition(operation, name(), pos);
    }

    private List<String> implementsInterfaces() {
        List<String> types = new ArrayList<>();
        if (peek().value().equals("implements")) {
            next();
            skip(Kind.AMP);
            types.add(name());
            while (skip(Kind.AMP)) types.add(name());
        }
        return types;
    }

    private List<String> unionMembers() {
        List<String> types = new ArrayList<>();
        if (skip(Kind.EQUALS)) {
            skip(Kind.PIPE);
            types.add(name());
            while (skip(Kind.PIPE)) types.add(name());
        }
        return types;
    }

    private FieldDefinition fieldDefinition() {
        Pos pos = peek().pos();
        String description = description();
        String name = name();
        List<ArgumentDefinition> args = some(Kind.PAREN_L, Kind.PAREN_R, this::argumentDefinition);
        expect(Kind.COLON);
        TypeRef type = typeReference();
        return new FieldDefinition(description, name, args, null, type, directives(true), pos);
    }

    private ArgumentDefinition argumentDefinition() {
        Pos pos = peek().pos();
        String description = description();
        String name = name();
        expect(Kind.COLON);
        TypeRef type = typeReference();
        ValueNode defaultValue = skip(Kind.EQUALS) ? valueLiteral(true) : null;
        return new ArgumentDefinition(description, name, defaultValue, type, directives(true), pos);
    }

    private FieldDefinition inputValueDefinition() {
        ArgumentDefinition a = argumentDefinition();
        return new FieldDefinition(a.description(), a.name(), List.of(), a.defaultValue(), a.type(), a.directives(), a.pos());
    }

    private EnumValueDefinition enumValueDefinition() {
        Pos pos = peek().pos();
        String description = description();
        String name = name();
        return new EnumValueDefinition(description, name, directives(true), pos);
    }

    private static final Set<String> LOCATIONS = Set.of("QUERY", "MUTATION", "SUBSCRIPTION", "FIELD",
            "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA", "SCALAR",
            "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM", "ENUM_VALUE",
            "INPUT_OBJECT", "INPUT_FIELD_DEFINITION");

    private DirectiveDefinition directiveDefinition(String description) {
        expectKeyword("directive");
        expect(Kind.AT);
        Pos pos = peek().pos();
        String name = name();
        List<ArgumentDefinition> args = some(Kind.PAREN_L, Kind.PAREN_R, this::argumentDefinition);
        boolean repeatable = false;
        if (peek().kind() == Kind.NAME && peek().value().equals("repeatable")) {
            repeatable = true;
            next();
        }
        expectKeyword("on");
        List<String> locations = new ArrayList<>();
        skip(Kind.PIPE);
        locations.add(directiveLocation());
        while (skip(Kind.PIPE)) locations.add(directiveLocation());
        return new DirectiveDefinition(description, name, args, locations, repeatable, pos);
    }

    private String directiveLocation() {
        Token t = expect(Kind.NAME);
        if (!LOCATIONS.contains(t.value())) throw unexpected(t);
        return t.value();
    }
}
