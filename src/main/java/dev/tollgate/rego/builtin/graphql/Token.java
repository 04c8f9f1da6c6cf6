package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.builtin.GoQuote;

/**
 * A lexical token of GraphQL source. Lines and columns are 1-based and count code points,
 * the way gqlparser (the library behind OPA's graphql builtins) reports them.
 */
record Token(Kind kind, String value, int line, int column, String lexError) {

    enum Kind {
        INVALID("<Invalid>"), EOF("<EOF>"), BANG("!"), DOLLAR("$"), AMP("&"), PAREN_L("("), PAREN_R(")"),
        SPREAD("..."), COLON(":"), EQUALS("="), AT("@"), BRACKET_L("["), BRACKET_R("]"), BRACE_L("{"),
        BRACE_R("}"), PIPE("|"), NAME("Name"), INT("Int"), FLOAT("Float"), STRING("String"),
        BLOCK_STRING("BlockString");

        private final String text;

        Kind(String text) { this.text = text; }

        @Override public String toString() { return text; }
    }

    Token(Kind kind, String value, int line, int column) {
        this(kind, value, line, column, null);
    }

    /** How error messages name the token: {@code Name "foo"}, {@code <EOF>}, {@code String "x"}. */
    @Override
    public String toString() {
        return value.isEmpty() ? kind.toString() : kind + " " + GoQuote.quote(value);
    }

    Ast.Pos pos() { return new Ast.Pos(line, column); }
}
