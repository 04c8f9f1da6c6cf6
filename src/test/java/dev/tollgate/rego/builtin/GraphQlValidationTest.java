package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.tollgate.rego.builtin.Invoke.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The query validation rules one by one, against a small schema; messages follow gqlparser/graphql-js. */
class GraphQlValidationTest {

    static final String SCHEMA = """
            interface Pet { name: String! }
            type Dog implements Pet { name: String! barks: Boolean nick(short: Boolean = true): String }
            type Cat implements Pet { name: String! meows: Boolean }
            union Animal = Dog | Cat
            enum Size { SMALL LARGE }
            input Filter { size: Size! name: String }
            type Query {
              pet(id: ID!): Pet
              pets(filter: Filter, first: Int): [Pet!]!
              animal: Animal
              size: Size
              dog: Dog
            }
            type Mutation { rename(id: ID!, name: String!): Pet }
            """;

    static String firstError(String query) {
        RegoError e = assertThrows(RegoError.class, () -> call("graphql.parse", Value.str(query), Value.str(SCHEMA)));
        assertEquals(RegoError.EVAL_BUILTIN, e.code());
        return e.getMessage();
    }

    static boolean valid(String query) {
        return call("graphql.is_valid", Value.str(query), Value.str(SCHEMA)).equals(Value.TRUE);
    }

    @Test
    void acceptsWellFormedQueries() {
        assertTrue(valid("{ pet(id: 1) { name ... on Dog { barks } } }"));
        assertTrue(valid("query Q($f: Filter) { pets(filter: $f, first: 2) { __typename name } }"));
        assertTrue(valid("{ pets(filter: {size: SMALL}) { name } animal { ... on Cat { meows } } }"));
        assertTrue(valid("mutation { rename(id: \"7\", name: \"Rex\") { name } }"));
        assertTrue(valid("query ($s: Boolean!) { dog { nick @include(if: $s) } }"));
        assertTrue(valid("{ dog { ...F } } fragment F on Dog { name nick(short: false) }"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            { pet(id: 1) { nam } }                                  | Cannot query field "nam" on type "Pet". Did you mean "name"?
            { animal { name } }                                     | Cannot query field "name" on type "Animal". Did you mean to use an inline fragment on "Pet", "Dog", or "Cat"?
            { pet { name } }                                        | Field "pet" argument "id" of type "ID!" is required, but it was not provided
            { pet(id: 1, idd: 2) { name } }                         | Unknown argument "idd" on field "Query.pet". Did you mean "id"?
            { pet(id: 1) }                                          | Field "pet" of type "Pet" must have a selection of subfields
            { size { x } }                                          | Field "size" must not have a selection since type "Size" has no subfields
            { pets(first: "two") { name } }                         | Int cannot represent non-integer value: "two"
            { pets(filter: {name: "x"}) { name } }                  | Field "Filter.size" of required type "Size!" was not provided
            { pets(filter: {size: HUGE}) { name } }                 | Value "HUGE" does not exist in "Size" enum
            { pets(filter: {size: SMALL, colour: RED}) { name } }   | Field "colour" is not defined by type "Filter"
            { pets(first: 2147483648) { name } }                    | Int cannot represent non 32-bit signed integer value: 2147483648
            query ($x: Int) { pet(id: 1) { name } }                 | Variable "$x" is never used
            query Q { pet(id: $id) { name } }                       | Variable "$id" is not defined by operation "Q"
            query ($f: Boolean) { dog @skip(if: $f) { name } }      | Variable "$f" of type "Boolean" used in position expecting type "Boolean!"
            query ($p: Pet) { dog { name } }                        | Variable "$p" cannot be non-input type "Pet"
            query ($p: Nope) { dog { name } }                       | Unknown type "Nope"
            { dog @unknown { name } }                               | Unknown directive "@unknown"
            query @skip(if: true) { dog { name } }                  | Directive "@skip" may not be used on QUERY
            { dog { name @skip(if: true) @skip(if: false) } }       | The directive "@skip" can only be used once at this location
            { dog { name @include } }                               | Directive "@include" argument "if" of type "Boolean!" is required, but it was not provided
            { dog { ...Nope } }                                     | Unknown fragment "Nope"
            { dog { name } } fragment F on Dog { name }             | Fragment "F" is never used
            { dog { ...F } } fragment F on Dog { ...G } fragment G on Dog { ...F } | Cannot spread fragment "F" within itself via "G"
            { dog { ... on Cat { meows } } }                        | Fragment cannot be spread here as objects of type "Dog" can never be of type "Cat"
            { dog { ... on Size { x } } }                           | Fragment cannot condition on non composite type "Size"
            { dog { name } } { size }                               | This anonymous operation must be the only defined operation
            query A { size } query A { dog { name } }               | There can be only one operation named "A"
            { pet(id: 1, id: 2) { name } }                          | There can be only one argument named "id"
            { dog { name: barks name } }                            | Fields "name" conflict because "barks" and "name" are different fields
            { dog { nick(short: true) nick(short: false) } }        | Fields "nick" conflict because they have differing arguments
            subscription { dog { name } }                           | Schema does not support operation type "subscription"
            """)
    void reportsTheFirstRuleViolation(String query, String expected) {
        String message = firstError(query.strip());
        assertTrue(message.contains(expected.strip()), message);
        assertEquals(false, valid(query.strip()));
    }

    @Test
    void locationFollowsTheMessageAsOpaCutsIt() {
        // OPA trims only a trailing ".\n" from gqlparser's error list, so a "?" ending keeps its newline
        assertTrue(firstError("{ pet(id: 1) { nam } }").endsWith("Did you mean \"name\"?\n in GraphQL string at location 1:16"));
        assertTrue(firstError("{ pet(id: 1) { name } dog }").endsWith(
                "Field \"dog\" of type \"Dog\" must have a selection of subfields in GraphQL string at location 1:23"));
    }

    @Test
    void schemaProblemsAreReportedAsConversionErrors() {
        RegoError e = assertThrows(RegoError.class,
                () -> call("graphql.parse", Value.str("{ a }"), Value.str("type Query { a: Missing }")));
        assertEquals("eval_builtin_error: graphql.parse: Error in gqlparser SchemaDocument to Schema conversion: input:1:17: Undefined type Missing.",
                e.getMessage());
        assertEquals(Value.FALSE, call("graphql.schema_is_valid", Value.str("type Query { a: Int } type Query { b: Int }")));
        assertEquals(Value.FALSE, call("graphql.schema_is_valid", Value.str("type T implements I { a: Int } interface I { b: Int }")));
        assertEquals(Value.FALSE, call("graphql.schema_is_valid", Value.str("type T { __a: Int }")));
        assertEquals(Value.TRUE, call("graphql.schema_is_valid", Value.str("type T implements I { a: Int! } interface I { a: Int }")));
    }

    @Test
    void wrongOperandTypesAreTypeErrorsOnlyForTheParsingBuiltins() {
        RegoError e = assertThrows(RegoError.class, () -> call("graphql.parse", Value.num(1), Value.str(SCHEMA)));
        assertEquals("eval_type_error: graphql.parse: operand 0 must be one of {string, object} but got number", e.getMessage());
        RegoError e2 = assertThrows(RegoError.class, () -> call("graphql.parse_query", Value.num(1)));
        assertEquals("eval_type_error: graphql.parse_query: operand 1 must be string but got number", e2.getMessage());
        assertEquals(Value.FALSE, call("graphql.is_valid", Value.num(1), Value.str(SCHEMA)));
        assertEquals(Value.FALSE, call("graphql.schema_is_valid", Value.TRUE));
        assertEquals(Value.Arr.of(Value.FALSE, Value.Obj.EMPTY, Value.Obj.EMPTY),
                call("graphql.parse_and_verify", Value.str("{ dog { name } }"), Value.num(3)));
    }

    @Test
    void lexerProblemsSurfaceAsUnexpectedInvalidTokens() {
        RegoError e = assertThrows(RegoError.class, () -> call("graphql.parse_query", Value.str("{ a(x: \"open) }")));
        assertTrue(e.getMessage().endsWith("Unexpected <Invalid> in GraphQL string at location 1:16"), e.getMessage());
        RegoError e2 = assertThrows(RegoError.class, () -> call("graphql.parse_query", Value.str("{ a(x: 01) }")));
        assertTrue(e2.getMessage().endsWith("Unexpected <Invalid> in GraphQL string at location 1:9"), e2.getMessage());
    }

    @Test
    void astObjectsRoundTripThroughTheReader() {
        Value q = call("graphql.parse_query", Value.str("query Q($v: Int = 1) { pets(first: $v) @skip(if: false) { name } }"));
        Value s = call("graphql.parse_schema", Value.str(SCHEMA));
        Value both = call("graphql.parse", q, s);
        assertEquals(Value.Arr.of(q, s), both);
        // gqlparser decodes any selection object as a field first, so an inline fragment read back from JSON
        // becomes a field without a name; OPA shares the quirk
        Value inline = call("graphql.parse_query", Value.str("{ pet(id: 1) { ... on Dog { barks } } }"));
        assertEquals(Value.FALSE, call("graphql.is_valid", inline, s));
        assertEquals(Value.TRUE, call("graphql.is_valid", Value.str("{ pet(id: 1) { ... on Dog { barks } } }"), s));
        RegoError e = assertThrows(RegoError.class,
                () -> call("graphql.parse", Value.Obj.builder().put("Operations", Value.str("x")).build(), s));
        assertTrue(e.getMessage().contains("json: cannot unmarshal string into Go struct field Operations of type slice"), e.getMessage());
    }
}
