package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.graphql.GraphQlDocs;
import dev.tollgate.rego.builtin.graphql.GraphQlDocs.Failure;
import dev.tollgate.rego.builtin.graphql.GraphQlDocs.Query;
import dev.tollgate.rego.builtin.graphql.GraphQlDocs.SchemaDoc;

/**
 * graphql.*: parse queries and schemas into gqlparser's AST shape, and validate queries against schemas.
 * The parse functions fail with the parser's message; the predicates (is_valid, schema_is_valid,
 * parse_and_verify) answer false instead of failing. Documents may be given as text or as AST objects.
 */
public final class GraphQl implements BuiltinRegistry.Family {

    @Override
    public void register(BuiltinRegistry r) {
        r.register("graphql.parse_query", 1, (ctx, a) -> {
            String src = Operands.string("graphql.parse_query", a, 0);
            return orFail("graphql.parse_query", () -> GraphQlDocs.parseQuery(src).ast());
        });
        r.register("graphql.parse_schema", 1, (ctx, a) -> {
            String src = Operands.string("graphql.parse_schema", a, 0);
            return orFail("graphql.parse_schema", () -> GraphQlDocs.parseSchema(src).ast());
        });
        r.register("graphql.parse", 2, (ctx, a) -> {
            // OPA numbers these two operands from 0 in its type errors; kept for identical messages
            if (!isDocument(a[0])) throw Operands.oneOf("graphql.parse", 0, a[0], "string", "object");
            Query q = orFail("graphql.parse", () -> query(a[0]));
            if (!isDocument(a[1])) throw Operands.oneOf("graphql.parse", 1, a[1], "string", "object");
            SchemaDoc s = orFail("graphql.parse", () -> schema(a[1]));
            orFail("graphql.parse", () -> {
                GraphQlDocs.validate(GraphQlDocs.load(s), q);
                return null;
            });
            return Value.Arr.of(q.ast(), s.ast());
        });
        r.register("graphql.parse_and_verify", 2, (ctx, a) -> {
            try {
                Query q = query(a[0]);
                SchemaDoc s = schema(a[1]);
                GraphQlDocs.validate(GraphQlDocs.load(s), q);
                return Value.Arr.of(Value.TRUE, q.ast(), s.ast());
            } catch (Failure e) {
                return Value.Arr.of(Value.FALSE, Value.Obj.EMPTY, Value.Obj.EMPTY);
            }
        });
        r.register("graphql.is_valid", 2, (ctx, a) -> {
            try {
                Query q = query(a[0]);
                GraphQlDocs.validate(GraphQlDocs.load(schema(a[1])), q);
                return Value.TRUE;
            } catch (Failure e) {
                return Value.FALSE;
            }
        });
        r.register("graphql.schema_is_valid", 1, (ctx, a) -> {
            try {
                GraphQlDocs.load(schema(a[0]));
                return Value.TRUE;
            } catch (Failure e) {
                return Value.FALSE;
            }
        });
    }

    private static boolean isDocument(Value v) {
        return v instanceof Value.Str || v instanceof Value.Obj;
    }

    private static Query query(Value v) throws Failure {
        if (v instanceof Value.Str s) return GraphQlDocs.parseQuery(s.value());
        if (v instanceof Value.Obj o) return GraphQlDocs.readQuery(o);
        throw new Failure("query must be a string or an object");
    }

    private static SchemaDoc schema(Value v) throws Failure {
        if (v instanceof Value.Str s) return GraphQlDocs.parseSchema(s.value());
        if (v instanceof Value.Obj o) return GraphQlDocs.readSchema(o);
        throw new Failure("schema must be a string or an object");
    }

    private interface Step<T> {
        T run() throws Failure;
    }

    private static <T> T orFail(String fn, Step<T> step) {
        try {
            return step.run();
        } catch (Failure e) {
            throw RegoError.builtin(fn, e.getMessage());
        }
    }
}
