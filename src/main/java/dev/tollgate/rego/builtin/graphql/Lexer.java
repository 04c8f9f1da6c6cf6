package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.builtin.graphql.Token.Kind;

/**
 * Turns GraphQL source into tokens, one at a time. Follows gqlparser's lexer so that positions and
 * error texts match OPA: a malformed token comes back as an {@link Kind#INVALID} token placed where the
 * problem was found, and it is the parser that reports it ("Unexpected &lt;Invalid&gt;").
 */
final class Lexer {
    private final int[] src;
    private int start;
    private int end;
    private int line = 1;
    private int lineStart;

    Lexer(String source) {
        this.src = source.codePoints().toArray();
    }

    Token next() {
        skipIgnored();
        start = end;
        if (end >= src.length) return token(Kind.EOF, "");
        int c = src[end++];
        switch (c) {
            case '!': return token(Kind.BANG, "");
            case '$': return token(Kind.DOLLAR, "");
            case '&': return token(Kind.AMP, "");
            case '(': return token(Kind.PAREN_L, "");
            case ')': return token(Kind.PAREN_R, "");
            case ':': return token(Kind.COLON, "");
            case '=': return token(Kind.EQUALS, "");
            case '@': return token(Kind.AT, "");
            case '[': return token(Kind.BRACKET_L, "");
            case ']': return token(Kind.BRACKET_R, "");
            case '{': return token(Kind.BRACE_L, "");
            case '}': return token(Kind.BRACE_R, "");
            case '|': return token(Kind.PIPE, "");
            case '.':
                if (at(end) == '.' && at(end + 1) == '.') {
                    end += 2;
                    return token(Kind.SPREAD, "");
                }
                break;
            case '#':
                skipComment();
                return next();
            case '"':
                if (at(end) == '"' && at(end + 1) == '"') return blockString();
                return string();
            default:
                if (c == '_' || isLetter(c)) return name();
                if (c == '-' || isDigit(c)) return number();
        }
        end--;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            return error(String.format("Cannot contain the invalid character \"\\u%04d\"", c));
        }
        if (c == '\'') {
            return error("Unexpected single quote character ('), did you mean to use a double quote (\")?");
        }
        return error("Cannot parse the unexpected character \"" + firstByteAsChar(c) + "\".");
    }

    private int at(int i) { return i < src.length ? src[i] : -1; }

    private Token token(Kind kind, String value) {
        return new Token(kind, value, line, start - lineStart + 1);
    }

    /** gqlparser reports the column where lexing stopped, not where the token began. */
    private Token error(String message) {
        return new Token(Kind.INVALID, "", line, end - lineStart + 1, message);
    }

    private void newLine() {
        line++;
        lineStart = end;
    }

    private void skipIgnored() {
        while (end < src.length) {
            int c = src[end];
            if (c == '\t' || c == ' ' || c == ',' || c == 0xFEFF) {
                end++;
            } else if (c == '\n') {
                end++;
                newLine();
            } else if (c == '\r') {
                end++;
                newLine();
                if (at(end) == '\n') end++;
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        while (end < src.length && (src[end] > 0x1f || src[end] == '\t')) end++;
    }

    private Token name() {
        while (end < src.length && (src[end] == '_' || isLetter(src[end]) || isDigit(src[end]))) end++;
        return token(Kind.NAME, text(start, end));
    }

    // Int: -?(0|[1-9][0-9]*)   Float: Int (\.[0-9]+)? ([eE][+-]?[0-9]+)?
    private Token number() {
        boolean isFloat = false;
        end--;
        accept('-');
        if (accept('0')) {
            int digits = digits();
            if (digits != 0) {
                end -= digits;
                return error("Invalid number, unexpected digit after 0: " + describeNext() + ".");
            }
        } else if (digits() == 0) {
            return error("Invalid number, expected digit but got: " + describeNext() + ".");
        }
        if (accept('.')) {
            isFloat = true;
            if (digits() == 0) return error("Invalid number, expected digit but got: " + describeNext() + ".");
        }
        if (accept('e') || accept('E')) {
            isFloat = true;
            if (!accept('-')) accept('+');
            if (digits() == 0) return error("Invalid number, expected digit but got: " + describeNext() + ".");
        }
        return token(isFloat ? Kind.FLOAT : Kind.INT, text(start, end));
    }

    private boolean accept(int c) {
        if (end < src.length && src[end] == c) {
            end++;
            return true;
        }
        return false;
    }

    private int digits() {
        int n = 0;
        while (end < src.length && isDigit(src[end])) {
            end++;
            n++;
        }
        return n;
    }

    private String describeNext() {
        return end < src.length ? "\"" + firstByteAsChar(src[end]) + "\"" : "<EOF>";
    }

    private Token string() {
        start++; // the token's column is just after the opening quote, as in gqlparser
        StringBuilder value = new StringBuilder();
        while (end < src.length) {
            int c = src[end];
            if (c == '\n' || c == '\r') break;
            if (c < 0x20 && c != '\t') return error(String.format("Invalid character within String: \"\\u%04d\".", c));
            if (c == '"') {
                Token t = token(Kind.STRING, value.toString());
                end++;
                return t;
            }
            if (c != '\\') {
                value.appendCodePoint(c);
                end++;
                continue;
            }
            if (end + 1 >= src.length) {
                end++;
                return error("Invalid character escape sequence.");
            }
            int escape = src[end + 1];
            if (escape == 'u') {
                if (end + 6 >= src.length) {
                    end++;
                    return error("Invalid character escape sequence: \\" + text(end, src.length) + ".");
                }
                int r = unhex(end + 2);
                if (r < 0) {
                    end++;
                    return error("Invalid character escape sequence: \\" + text(end, end + 5) + ".");
                }
                // Go writes a lone surrogate as the replacement character
                value.appendCodePoint(r >= 0xD800 && r <= 0xDFFF ? 0xFFFD : r);
                end += 6;
                continue;
            }
            switch (escape) {
                case '"', '/', '\\' -> value.append((char) escape);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                default -> {
                    end++;
                    return error("Invalid character escape sequence: \\" + new String(Character.toChars(escape)) + ".");
                }
            }
            end += 2;
        }
        return error("Unterminated string.");
    }

    private int unhex(int from) {
        int v = 0;
        for (int i = from; i < from + 4; i++) {
            int d = Character.digit(src[i], 16);
            if (d < 0 || src[i] > 'f') return -1;
            v = v << 4 | d;
        }
        return v;
    }

    private Token blockString() {
        start += 3;
        end += 2;
        StringBuilder raw = new StringBuilder();
        while (end < src.length) {
            int c = src[end];
            if (c == '"' && at(end + 1) == '"' && at(end + 2) == '"') {
                Token t = token(Kind.BLOCK_STRING, BlockStrings.value(raw.toString()));
                end += 3;
                return t;
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return error(String.format("Invalid character within String: \"\\u%04d\".", c));
            }
            if (c == '\\' && at(end + 1) == '"' && at(end + 2) == '"' && at(end + 3) == '"') {
                raw.append("\"\"\"");
                end += 4;
            } else if (c == '\r') {
                if (at(end + 1) == '\n') end++;
                raw.append('\n');
                end++;
                newLine();
            } else {
                raw.appendCodePoint(c);
                end++;
                if (c == '\n') newLine();
            }
        }
        return error("Unterminated string.");
    }

    private String text(int from, int to) {
        return new String(src, from, to - from);
    }

    private static boolean isLetter(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    private static boolean isDigit(int c) { return c >= '0' && c <= '9'; }

    /** gqlparser looks at a single byte here; a non-ASCII character shows as its first UTF-8 byte read as Latin-1. */
    private static String firstByteAsChar(int c) {
        if (c < 0x80) return new String(Character.toChars(c));
        byte[] utf8 = new String(Character.toChars(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return String.valueOf((char) (utf8[0] & 0xff));
    }
}
