package dev.tollgate.rego;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns Rego source text into tokens. Whitespace is not a token; instead every token records whether
 * whitespace (and whether a newline) came before it, because Rego gives both meaning: {@code x[1]} is a ref
 * but {@code x [1]} is not, and a newline ends a body literal the way {@code ;} does.
 * Template strings ({@code $"...{expr}..."}) are scanned whole, their expressions as nested token lists.
 */
final class Scanner {

    enum Kind {
        IDENT, NUMBER, STRING, TEMPLATE,
        LBRACE, RBRACE, LBRACK, RBRACK, LPAREN, RPAREN,
        DOT, COMMA, SEMI, COLON, ASSIGN, UNIFY, EQ, NEQ, LT, LTE, GT, GTE,
        PLUS, MINUS, STAR, SLASH, PERCENT, AMP, BAR, EOF
    }

    /** A piece of a template string: literal text or the tokens of an embedded expression. */
    sealed interface TemplatePart permits Text, Embedded {}

    record Text(String text, RegoError.Location loc) implements TemplatePart {}

    record Embedded(List<Token> tokens, RegoError.Location loc) implements TemplatePart {}

    /**
     * @param text     the source text, or for strings the decoded value
     * @param parts    for templates only
     * @param wsBefore whitespace or a comment separates this token from the previous one
     * @param nlBefore a newline separates this token from the previous one
     */
    record Token(Kind kind, String text, List<TemplatePart> parts, boolean wsBefore, boolean nlBefore,
                 RegoError.Location loc, int offset, int end) {
        boolean is(Kind k) { return kind == k; }
        boolean isWord(String w) { return kind == Kind.IDENT && text.equals(w); }
    }

    record Comment(String text, int line, int column) {}

    private final String src;
    private final String file;
    private int pos;
    private int line = 1;
    private int lineStart;
    private final List<Comment> comments = new ArrayList<>();

    private Scanner(String src, String file) {
        this.src = src;
        this.file = file;
    }

    /** Scans a whole source; the last token is EOF. Comments are collected for METADATA annotations. */
    static Result scan(String src, String file) {
        Scanner s = new Scanner(src, file);
        List<Token> tokens = new ArrayList<>();
        while (true) {
            Token t = s.next();
            tokens.add(t);
            if (t.kind == Kind.EOF) break;
        }
        return new Result(tokens, s.comments);
    }

    record Result(List<Token> tokens, List<Comment> comments) {}

    private RegoError.Location here() {
        return new RegoError.Location(file, line, pos - lineStart + 1);
    }

    private RegoError error(String msg, RegoError.Location at) {
        return new RegoError(RegoError.PARSE, msg, at);
    }

    private Token next() {
        boolean ws = false, nl = false;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                ws = nl = true;
                pos++;
                line++;
                lineStart = pos;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\uFEFF') {
                ws = true;
                pos++;
            } else if (c == '#') {
                RegoError.Location at = here();
                int start = ++pos;
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
                String text = src.substring(start, pos);
                if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
                comments.add(new Comment(text, at.line(), at.column()));
                ws = true;
            } else {
                break;
            }
        }
        RegoError.Location at = here();
        int start = pos;
        if (pos >= src.length()) return new Token(Kind.EOF, "", null, ws, nl, at, start, start);
        char c = src.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
            return token(Kind.IDENT, src.substring(start, pos), ws, nl, at, start);
        }
        if (c >= '0' && c <= '9') return number(ws, nl, at, start);
        if (c == '"') return new Token(Kind.STRING, quoted(), null, ws, nl, at, start, pos);
        if (c == '`') return new Token(Kind.STRING, raw(), null, ws, nl, at, start, pos);
        if (c == '$' && pos + 1 < src.length() && (src.charAt(pos + 1) == '"' || src.charAt(pos + 1) == '`')) {
            return template(ws, nl, at, start);
        }
        pos++;
        Kind k = switch (c) {
            case '{' -> Kind.LBRACE;
            case '}' -> Kind.RBRACE;
            case '[' -> Kind.LBRACK;
            case ']' -> Kind.RBRACK;
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case '.' -> Kind.DOT;
            case ',' -> Kind.COMMA;
            case ';' -> Kind.SEMI;
            case ':' -> match('=') ? Kind.ASSIGN : Kind.COLON;
            case '=' -> match('=') ? Kind.EQ : Kind.UNIFY;
            case '!' -> {
                if (match('=')) yield Kind.NEQ;
                throw error("illegal ! character", at);
            }
            case '<' -> match('=') ? Kind.LTE : Kind.LT;
            case '>' -> match('=') ? Kind.GTE : Kind.GT;
            case '+' -> Kind.PLUS;
            case '-' -> Kind.MINUS;
            case '*' -> Kind.STAR;
            case '/' -> Kind.SLASH;
            case '%' -> Kind.PERCENT;
            case '&' -> Kind.AMP;
            case '|' -> Kind.BAR;
            default -> throw error("illegal token: " + new String(Character.toChars(src.codePointAt(start))), at);
        };
        return token(k, src.substring(start, pos), ws, nl, at, start);
    }

    private Token token(Kind k, String text, boolean ws, boolean nl, RegoError.Location at, int start) {
        return new Token(k, text, null, ws, nl, at, start, pos);
    }

    private boolean match(char c) {
        if (pos < src.length() && src.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private Token number(boolean ws, boolean nl, RegoError.Location at, int start) {
        digits();
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && isDigit(src.charAt(pos + 1))) {
            pos++;
            digits();
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
            if (pos < src.length() && isDigit(src.charAt(pos))) digits();
            else pos = save;
        }
        return token(Kind.NUMBER, src.substring(start, pos), ws, nl, at, start);
    }

    private void digits() {
        while (pos < src.length() && isDigit(src.charAt(pos))) pos++;
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    /** A double-quoted string with JSON escapes; returns the decoded value. */
    private String quoted() {
        RegoError.Location at = here();
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') throw error("non-terminated string", at);
            char c = src.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c == '\\') escape(sb, at, false);
            else sb.append(c);
        }
    }

    private void escape(StringBuilder sb, RegoError.Location at, boolean template) {
        if (pos >= src.length()) throw error("non-terminated string", at);
        char e = src.charAt(pos++);
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                if (pos + 4 > src.length()) throw error("illegal escape sequence", at);
                try {
                    sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                } catch (NumberFormatException ex) {
                    throw error("illegal escape sequence", at);
                }
                pos += 4;
            }
            case '{' -> {
                if (!template) throw error("illegal escape sequence", at);
                sb.append('{');
            }
            default -> throw error("illegal escape sequence", at);
        }
    }

    private String raw() {
        RegoError.Location at = here();
        pos++;
        int start = pos;
        while (pos < src.length() && src.charAt(pos) != '`') advance();
        if (pos >= src.length()) throw error("non-terminated raw string", at);
        String s = src.substring(start, pos);
        pos++;
        return s;
    }

    /** Moves past one character, keeping line numbers right inside multi-line literals. */
    private void advance() {
        if (src.charAt(pos) == '\n') {
            line++;
            lineStart = pos + 1;
        }
        pos++;
    }

    private Token template(boolean ws, boolean nl, RegoError.Location at, int start) {
        pos++; // $
        char quote = src.charAt(pos++);
        boolean raw = quote == '`';
        List<TemplatePart> parts = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        RegoError.Location textAt = here();
        while (true) {
            if (pos >= src.length() || (!raw && src.charAt(pos) == '\n')) throw error("non-terminated template string", at);
            char c = src.charAt(pos);
            if (c == quote) {
                pos++;
                break;
            }
            if (c == '\\') {
                if (raw) {
                    if (pos + 1 < src.length() && src.charAt(pos + 1) == '{') {
                        sb.append('{');
                        pos += 2;
                    } else {
                        sb.append('\\');
                        pos++;
                    }
                } else {
                    pos++;
                    escape(sb, at, true);
                }
            } else if (c == '{') {
                if (sb.length() > 0) parts.add(new Text(sb.toString(), textAt));
                sb.setLength(0);
                RegoError.Location exprAt = here();
                pos++;
                parts.add(new Embedded(embedded(exprAt), exprAt));
                textAt = here();
            } else {
                sb.append(c);
                advance();
            }
        }
        if (sb.length() > 0) parts.add(new Text(sb.toString(), textAt));
        return new Token(Kind.TEMPLATE, src.substring(start, pos), parts, ws, nl, at, start, pos);
    }

    /** Tokens of a template's {@code {expr}} up to its closing brace, which is consumed. */
    private List<Token> embedded(RegoError.Location at) {
        List<Token> out = new ArrayList<>();
        int depth = 0;
        while (true) {
            Token t = next();
            switch (t.kind) {
                case EOF -> throw error("expected } to end template string expression", at);
                case LBRACE -> depth++;
                case RBRACE -> {
                    if (depth == 0) {
                        out.add(new Token(Kind.EOF, "", null, t.wsBefore, t.nlBefore, t.loc, t.offset, t.offset));
                        return out;
                    }
                    depth--;
                }
                default -> { }
            }
            out.add(t);
        }
    }
}
