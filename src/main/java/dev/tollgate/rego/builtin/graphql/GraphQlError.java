package dev.tollgate.rego.builtin.graphql;

/** A parse or validation error with gqlparser's message and, when known, its source position. */
final class GraphQlError extends RuntimeException {
    private final Ast.Pos pos;

    GraphQlError(String message, Ast.Pos pos) {
        super(message);
        this.pos = pos;
    }

    Ast.Pos pos() { return pos; }

    /** gqlparser's own rendering, {@code input:3:10: Expected :, found (}, which OPA then cuts apart. */
    String render() {
        return pos == null ? "input: " + getMessage() : "input:" + pos.line() + ":" + pos.column() + ": " + getMessage();
    }
}
