package dev.tollgate.rego.builtin.template;

import dev.tollgate.rego.builtin.template.Node.Action;
import dev.tollgate.rego.builtin.template.Node.Arg;
import dev.tollgate.rego.builtin.template.Node.Arg.Dot;
import dev.tollgate.rego.builtin.template.Node.Arg.Field;
import dev.tollgate.rego.builtin.template.Node.Arg.Ident;
import dev.tollgate.rego.builtin.template.Node.Arg.Literal;
import dev.tollgate.rego.builtin.template.Node.Arg.Sub;
import dev.tollgate.rego.builtin.template.Node.Arg.Var;
import dev.tollgate.rego.builtin.template.Node.Break;
import dev.tollgate.rego.builtin.template.Node.Continue;
import dev.tollgate.rego.builtin.template.Node.If;
import dev.tollgate.rego.builtin.template.Node.Pipeline;
import dev.tollgate.rego.builtin.template.Node.Range;
import dev.tollgate.rego.builtin.template.Node.Text;
import dev.tollgate.rego.builtin.template.Node.With;
import dev.tollgate.rego.builtin.template.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/** Recursive descent over the tokens: text, actions, if/else if/else, range, with, break, continue. */
final class Parser {
    private final List<Token> tokens;
    private int pos;

    Parser(List<Token> tokens) { this.tokens = tokens; }

    List<Node> parseAll() {
        List<Node> nodes = new ArrayList<>();
        String end = list(nodes, 0);
        if (end != null) throw GoTemplate.error(peek().line() + ": unexpected {{" + end + "}}");
        return nodes;
    }

    private Token peek() { return tokens.get(pos); }

    private Token next() { return tokens.get(pos++); }

    private boolean isKeyword(int at, String word) {
        Token t = tokens.get(at);
        return t.type() == Kind.IDENT && t.text().equals(word);
    }

    /** Parses nodes until {{end}}, {{else}} or EOF; returns "end", "else" or null (EOF). */
    private String list(List<Node> into, int depth) {
        while (true) {
            Token t = next();
            switch (t.type()) {
                case EOF -> {
                    if (depth > 0) throw GoTemplate.error(t.line() + ": unexpected EOF");
                    return null;
                }
                case TEXT -> into.add(new Text(t.text()));
                case LEFT -> {
                    Token k = peek();
                    if (k.type() == Kind.IDENT) {
                        switch (k.text()) {
                            case "end" -> {
                                pos++;
                                expect(Kind.RIGHT);
                                if (depth == 0) throw GoTemplate.error(k.line() + ": unexpected {{end}}");
                                return "end";
                            }
                            case "else" -> {
                                if (depth == 0) throw GoTemplate.error(k.line() + ": unexpected {{else}}");
                                pos++;
                                return "else";
                            }
                            case "if" -> { pos++; into.add(control("if", depth)); continue; }
                            case "range" -> { pos++; into.add(control("range", depth)); continue; }
                            case "with" -> { pos++; into.add(control("with", depth)); continue; }
                            case "break" -> { pos++; expect(Kind.RIGHT); into.add(new Break(k.line())); continue; }
                            case "continue" -> { pos++; expect(Kind.RIGHT); into.add(new Continue(k.line())); continue; }
                            case "define", "template", "block" -> throw GoTemplate.error(k.line() + ": {{" + k.text() + "}} is not supported");
                            default -> { }
                        }
                    }
                    into.add(new Action(pipeline(true)));
                }
                default -> throw GoTemplate.error(t.line() + ": unexpected " + t.text());
            }
        }
    }

    /** if/range/with: pipeline, body, optional else (or "else if"/"else with" chains), end. */
    private Node control(String kind, int depth) {
        Pipeline p = pipeline(true);
        List<Node> body = new ArrayList<>();
        List<Node> otherwise = new ArrayList<>();
        String end = list(body, depth + 1);
        if ("else".equals(end)) {
            if ((kind.equals("if") && isKeyword(pos, "if")) || (kind.equals("with") && isKeyword(pos, "with"))) {
                // {{else if x}} is {{else}}{{if x}}...{{end}}{{end}} sharing one {{end}}.
                pos++;
                otherwise.add(control(kind, depth));
                return make(kind, p, body, otherwise);
            }
            expect(Kind.RIGHT);
            if (!"end".equals(list(otherwise, depth + 1))) throw GoTemplate.error(peek().line() + ": expected end; found {{else}}");
        }
        return make(kind, p, body, otherwise);
    }

    private static Node make(String kind, Pipeline p, List<Node> body, List<Node> otherwise) {
        return switch (kind) {
            case "if" -> new If(p, body, otherwise);
            case "range" -> new Range(p, body, otherwise);
            default -> new With(p, body, otherwise);
        };
    }

    private void expect(Kind type) {
        Token t = next();
        if (t.type() != type) throw GoTemplate.error(t.line() + ": unexpected \"" + t.text() + "\" in action");
    }

    /** [$x[, $y] (:= | =)] command ('|' command)*, up to "}}" (or ")" when nested). */
    private Pipeline pipeline(boolean topLevel) {
        int line = peek().line();
        List<String> vars = new ArrayList<>();
        boolean assign = false;
        int save = pos;
        while (peek().type() == Kind.VAR) {
            vars.add(next().text());
            if (peek().type() == Kind.COMMA) { pos++; continue; }
            break;
        }
        if (!vars.isEmpty() && (peek().type() == Kind.DECLARE || peek().type() == Kind.ASSIGN)) {
            assign = next().type() == Kind.ASSIGN;
        } else {
            vars.clear();
            pos = save;
        }
        List<List<Arg>> commands = new ArrayList<>();
        Kind close = topLevel ? Kind.RIGHT : Kind.RPAREN;
        while (true) {
            List<Arg> cmd = new ArrayList<>();
            while (peek().type() != Kind.PIPE && peek().type() != close) {
                if (peek().type() == Kind.EOF || peek().type() == Kind.RIGHT) throw GoTemplate.error(peek().line() + ": unclosed left paren");
                cmd.add(operand());
            }
            if (cmd.isEmpty()) throw GoTemplate.error(line + ": missing value for command");
            commands.add(cmd);
            if (next().type() == close) break;
        }
        return new Pipeline(vars, assign, commands, line);
    }

    private Arg operand() {
        Token t = next();
        Arg a = switch (t.type()) {
            case FIELD -> new Field(fields(t.text()));
            case VAR -> {
                List<String> parts = fields(t.text());
                yield new Var(parts.get(0), parts.subList(1, parts.size()));
            }
            case DOT -> new Dot();
            case STRING -> new Literal(t.text());
            case BOOL -> new Literal(Boolean.parseBoolean(t.text()));
            case NIL -> new Literal(null);
            case NUMBER -> new Literal(number(t));
            case IDENT -> new Ident(t.text());
            case LPAREN -> new Sub(pipeline(false), List.of());
            default -> throw GoTemplate.error(t.line() + ": unexpected \"" + t.text() + "\" in operand");
        };
        // A field chain right after a parenthesised pipeline applies to its value: (index .a 0).name
        if (a instanceof Sub s && peek().type() == Kind.FIELD && !peek().spaced()) a = new Sub(s.pipe(), fields(next().text()));
        return a;
    }

    /** ".a.b" → [a, b]; "$x.a" → [$x, a]. */
    private static List<String> fields(String chain) {
        List<String> out = new ArrayList<>(List.of(chain.split("\\.", -1)));
        if (chain.startsWith(".")) out.remove(0);
        return out;
    }

    private static Object number(Token t) {
        String s = t.text().replace("_", "");
        try {
            if (s.matches("[+-]?0[xX][0-9a-fA-F]+")) return Long.decode(s);
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                throw GoTemplate.error(t.line() + ": bad number syntax: \"" + t.text() + "\"");
            }
        }
    }
}
