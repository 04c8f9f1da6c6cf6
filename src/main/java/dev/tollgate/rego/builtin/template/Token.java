package dev.tollgate.rego.builtin.template;

/**
 * A lexeme of a template: text between actions, the action delimiters, and the words inside actions.
 * spaced: white space came before the token, which separates "(x) .f" (two operands) from "(x).f".
 */
record Token(Token.Kind type, String text, int line, boolean spaced) {
    enum Kind { TEXT, LEFT, RIGHT, FIELD, VAR, IDENT, STRING, NUMBER, BOOL, NIL, DOT, PIPE, LPAREN, RPAREN, DECLARE, ASSIGN, COMMA, EOF }

    Token(Kind type, String text, int line) {
        this(type, text, line, false);
    }
}
