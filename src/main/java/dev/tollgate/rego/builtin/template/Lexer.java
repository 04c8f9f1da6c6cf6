package dev.tollgate.rego.builtin.template;

import dev.tollgate.rego.builtin.template.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/** Splits a template into text and the tokens of its {{actions}}, applying the {{- and -}} trim markers. */
final class Lexer {
    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos, line = 1;

    Lexer(String src) { this.src = src; }

    List<Token> lex() {
        while (pos < src.length()) {
            int open = src.indexOf("{{", pos);
            if (open < 0) {
                text(src.substring(pos));
                pos = src.length();
                break;
            }
            String text = src.substring(pos, open);
            boolean trimLeft = src.startsWith("{{- ", open) || src.startsWith("{{-\t", open)
                    || src.startsWith("{{-\n", open) || src.startsWith("{{-\r", open);
            if (trimLeft) text = text.replaceFirst("[ \t\r\n]+$", "");
            text(text);
            line += count(src.substring(pos, open));
            pos = open + (trimLeft ? 3 : 2);
            action();
        }
        out.add(new Token(Kind.EOF, "", line));
        return out;
    }

    private void text(String s) {
        if (!s.isEmpty()) out.add(new Token(Kind.TEXT, s, line));
    }

    private static int count(String s) {
        return (int) s.chars().filter(c -> c == '\n').count();
    }

    /** One action, from after "{{" (and its trim marker) to past "}}". */
    private void action() {
        int startLine = line;
        skipSpace();
        if (src.startsWith("/*", pos)) {
            int close = src.indexOf("*/", pos);
            if (close < 0) throw GoTemplate.error(startLine + ": unclosed comment");
            line += count(src.substring(pos, close));
            pos = close + 2;
            closeAction(startLine, true);
            return;
        }
        out.add(new Token(Kind.LEFT, "{{", startLine));
        while (true) {
            skipSpace();
            if (pos >= src.length()) throw GoTemplate.error(startLine + ": unclosed action");
            if (atClose()) {
                closeAction(startLine, false);
                return;
            }
            token();
        }
    }

    private boolean atClose() {
        return src.startsWith("}}", pos) || src.startsWith("-}}", pos) && pos > 0 && isSpace(src.charAt(pos - 1));
    }

    private void closeAction(int startLine, boolean comment) {
        skipSpace();
        boolean trimRight = src.startsWith("-}}", pos);
        if (!trimRight && !src.startsWith("}}", pos)) throw GoTemplate.error(startLine + ": " + (comment ? "comment ends before closing delimiter" : "unclosed action"));
        pos += trimRight ? 3 : 2;
        if (!comment) out.add(new Token(Kind.RIGHT, "}}", line));
        if (trimRight) {
            int end = pos;
            while (end < src.length() && isSpace(src.charAt(end))) end++;
            line += count(src.substring(pos, end));
            pos = end;
        }
    }

    private void skipSpace() {
        while (pos < src.length() && isSpace(src.charAt(pos)) && !src.startsWith("-}}", pos)) {
            if (src.charAt(pos) == '\n') line++;
            pos++;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private void token() {
        char c = src.charAt(pos);
        switch (c) {
            case '|' -> add(Kind.PIPE, 1);
            case '(' -> add(Kind.LPAREN, 1);
            case ')' -> add(Kind.RPAREN, 1);
            case ',' -> add(Kind.COMMA, 1);
            case '=' -> add(Kind.ASSIGN, 1);
            case ':' -> {
                if (!src.startsWith(":=", pos)) throw GoTemplate.error(line + ": expected :=");
                add(Kind.DECLARE, 2);
            }
            case '"' -> quoted();
            case '`' -> {
                int close = src.indexOf('`', pos + 1);
                if (close < 0) throw GoTemplate.error(line + ": unterminated raw quoted string");
                out.add(new Token(Kind.STRING, src.substring(pos + 1, close), line));
                line += count(src.substring(pos, close));
                pos = close + 1;
            }
            case '$' -> add(Kind.VAR, 1 + word(pos + 1) + chain(pos + 1 + word(pos + 1)));
            case '.' -> {
                if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) number();
                else if (pos + 1 < src.length() && isWordChar(src.charAt(pos + 1))) add(Kind.FIELD, chain(pos));
                else add(Kind.DOT, 1);
            }
            default -> {
                if (c == '-' || c == '+' || Character.isDigit(c)) number();
                else if (isWordChar(c)) {
                    String w = src.substring(pos, pos + word(pos));
                    Kind type = w.equals("true") || w.equals("false") ? Kind.BOOL : w.equals("nil") ? Kind.NIL : Kind.IDENT;
                    add(type, w.length());
                } else {
                    throw GoTemplate.error(line + ": unexpected \"" + c + "\" in command");
                }
            }
        }
    }

    /** The length of a ".a.b.c" field chain starting at from (0 if none). */
    private int chain(int from) {
        int end = from;
        while (end + 1 < src.length() && src.charAt(end) == '.' && isWordChar(src.charAt(end + 1))) {
            end += 1 + word(end + 1);
        }
        return end - from;
    }

    private int word(int from) {
        int end = from;
        while (end < src.length() && isWordChar(src.charAt(end))) end++;
        return end - from;
    }

    private static boolean isWordChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private void add(Kind type, int length) {
        boolean spaced = pos > 0 && isSpace(src.charAt(pos - 1));
        out.add(new Token(type, src.substring(pos, pos + length), line, spaced));
        pos += length;
    }

    private void number() {
        int end = pos;
        while (end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || "+-._".indexOf(src.charAt(end)) >= 0)) end++;
        out.add(new Token(Kind.NUMBER, src.substring(pos, end), line));
        pos = end;
    }

    private void quoted() {
        StringBuilder sb = new StringBuilder();
        int i = pos + 1;
        while (true) {
            if (i >= src.length() || src.charAt(i) == '\n') throw GoTemplate.error(line + ": unterminated quoted string");
            char c = src.charAt(i);
            if (c == '"') break;
            if (c == '\\' && i + 1 < src.length()) {
                char e = src.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\', '"', '\'' -> sb.append(e);
                    case 'u' -> { sb.appendCodePoint(Integer.parseInt(src.substring(i + 1, i + 5), 16)); i += 4; }
                    default -> throw GoTemplate.error(line + ": invalid syntax in quoted string");
                }
            } else {
                sb.append(c);
            }
            i++;
        }
        out.add(new Token(Kind.STRING, sb.toString(), line));
        pos = i + 1;
    }
}
