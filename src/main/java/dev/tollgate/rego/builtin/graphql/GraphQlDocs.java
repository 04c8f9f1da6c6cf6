package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.Value;

import java.util.List;

/**
 * What the graphql.* builtins need: parse or read documents, load a schema, validate a query, and the
 * texts OPA builds from gqlparser's errors ({@code <message> in GraphQL string at location <line>:<col>}).
 */
public final class GraphQlDocs {
    private GraphQlDocs() {}

    /** A failure with the message OPA reports for it. */
    public static final class Failure extends Exception {
        public Failure(String message) {
            super(message);
        }
    }

    /** A parsed or decoded query document and its Rego form. */
    public record Query(Ast.QueryDocument doc, Value.Obj ast) {}

    /** A parsed or decoded schema document and its Rego form (without the built-in prelude). */
    public record SchemaDoc(Ast.SchemaDocument doc, Value.Obj ast) {}

    public static Query parseQuery(String source) throws Failure {
        try {
            Ast.QueryDocument doc = Parser.parseQuery(source);
            return new Query(doc, AstJson.query(doc));
        } catch (GraphQlError e) {
            throw new Failure(located(e.render(), false));
        }
    }

    public static SchemaDoc parseSchema(String source) throws Failure {
        try {
            Ast.SchemaDocument doc = Parser.parseSchema(source);
            return new SchemaDoc(doc, AstJson.schema(doc));
        } catch (GraphQlError e) {
            throw new Failure(located(e.render(), false));
        }
    }

    /** A query given as the object graphql.parse_query returns. */
    public static Query readQuery(Value.Obj ast) throws Failure {
        try {
            Ast.QueryDocument doc = AstReader.query(ast);
            return new Query(doc, AstJson.query(doc));
        } catch (GraphQlError e) {
            throw new Failure(e.getMessage());
        }
    }

    /** A schema given as the object graphql.parse_schema returns. */
    public static SchemaDoc readSchema(Value.Obj ast) throws Failure {
        try {
            Ast.SchemaDocument doc = AstReader.schema(ast);
            return new SchemaDoc(doc, AstJson.schema(doc));
        } catch (GraphQlError e) {
            throw new Failure(e.getMessage());
        }
    }

    /** A loaded, checked schema, ready to validate queries against. */
    public static final class LoadedSchema {
        private final Schema schema;

        private LoadedSchema(Schema schema) {
            this.schema = schema;
        }
    }

    public static LoadedSchema load(SchemaDoc doc) throws Failure {
        try {
            return new LoadedSchema(Schema.load(doc.doc()));
        } catch (GraphQlError e) {
            throw new Failure("Error in gqlparser SchemaDocument to Schema conversion: " + e.render());
        }
    }

    /** Throws with the first rule violation, as OPA reports it; returns normally when the query is valid. */
    public static void validate(LoadedSchema schema, Query query) throws Failure {
        List<GraphQlError> errors = Validator.validate(schema.schema, query.doc());
        if (errors.isEmpty()) return;
        // OPA splits gqlparser's rendering of the whole error list at its first three colons
        StringBuilder all = new StringBuilder();
        for (GraphQlError e : errors) all.append(e.render()).append('\n');
        throw new Failure(located(all.toString(), true));
    }

    private static String located(String rendered, boolean list) {
        String[] parts = rendered.split(":", 4);
        if (parts.length < 4) {
            String msg = rendered.substring(rendered.indexOf(':') + 1).strip();
            return msg + " in GraphQL string";
        }
        String msg = parts[3].replaceFirst("^ +", "");
        if (list && msg.endsWith(".\n")) msg = msg.substring(0, msg.length() - 2);
        return msg + " in GraphQL string at location " + parts[1] + ":" + parts[2];
    }
}
