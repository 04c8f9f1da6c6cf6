package dev.tollgate.rego;

import dev.tollgate.rego.Ast.*;
import dev.tollgate.rego.Ast.Module;
import dev.tollgate.rego.Ast.Package;
import dev.tollgate.rego.Scanner.Kind;
import dev.tollgate.rego.Scanner.Token;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for Rego v1. Operator precedence, loosest first:
 * {@code in}, relations ({@code == != < <= > >=}), {@code |}, {@code &}, {@code + -}, {@code * / %}.
 * The experimental {@code and}/{@code or} keywords (enabled by importing {@code future.keywords.and|or})
 * combine whole literals and bind looser than all of these.
 * Errors are thrown as {@code rego_parse_error} with file:line:col.
 */
final class Parser {

    static final Set<String> KEYWORDS = Set.of("as", "contains", "default", "else", "every", "false", "if",
            "import", "in", "not", "null", "package", "some", "true", "with");

    private List<Token> toks;
    private int p;
    private final String file;
    private final List<Scanner.Comment> comments;
    private boolean logicOps;
    /** `not { ... }` bodies, enabled by importing future.keywords.not (or the and/or keywords). */
    private boolean notBodies;
    private int wildcards;

    private Parser(Scanner.Result scanned, String file) {
        this.toks = scanned.tokens();
        this.comments = scanned.comments();
        this.file = file;
    }

    // ------------------------------------------------------------------ entry points

    static Module parseModule(String file, String source) {
        Parser ps = new Parser(Scanner.scan(source, file), file);
        return ps.module(source);
    }

    /** A query: literals separated by ';' or newlines. */
    static List<Literal> parseQuery(String source, String file) {
        Parser ps = new Parser(Scanner.scan(source, file), file);
        List<Literal> body = ps.query(Kind.EOF);
        ps.expect(Kind.EOF, "end of query");
        return body;
    }

    /** A single term, as in input_term of the conformance cases. */
    static Term parseTerm(String source, String file) {
        Parser ps = new Parser(Scanner.scan(source, file), file);
        Term t = ps.termInfix(true);
        ps.expect(Kind.EOF, "end of term");
        return t;
    }

    // ------------------------------------------------------------------ token helpers

    private Token peek() { return toks.get(p); }

    private Token peek(int n) { return toks.get(Math.min(p + n, toks.size() - 1)); }

    private Token advance() {
        Token t = toks.get(p);
        if (p < toks.size() - 1) p++;
        return t;
    }

    private boolean at(Kind k) { return peek().kind() == k; }

    private boolean atWord(String w) { return peek().isWord(w) && !refFollows(0); }

    /** True when the token at offset n is directly followed by '.' or '[' (so a keyword is used as a name). */
    private boolean refFollows(int n) {
        Token next = peek(n + 1);
        return (next.is(Kind.DOT) || next.is(Kind.LBRACK)) && !next.wsBefore();
    }

    private boolean isKeyword(Token t) {
        return t.kind() == Kind.IDENT && (KEYWORDS.contains(t.text())
                || (logicOps && (t.text().equals("and") || t.text().equals("or"))));
    }

    private Token expect(Kind k, String what) {
        if (!at(k)) throw unexpected(what);
        return advance();
    }

    private RegoError unexpected(String expected) {
        Token t = peek();
        String desc = switch (t.kind()) {
            case EOF -> "eof token";
            case IDENT -> isKeyword(t) ? t.text() + " keyword" : "ident token";
            case STRING -> "string token";
            case NUMBER -> "number token";
            case TEMPLATE -> "template-string token";
            default -> t.text() + " token";
        };
        return error("unexpected " + desc + (expected == null ? "" : ": expected " + expected), t.loc());
    }

    private RegoError error(String msg, RegoError.Location loc) {
        return new RegoError(RegoError.PARSE, msg, loc);
    }

    private String wildcard() { return "$" + wildcards++; }

    // ------------------------------------------------------------------ module

    private Module module(String source) {
        if (!atWord("package")) throw unexpected("package");
        Package pkg = pkg();
        List<Import> imports = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        while (!at(Kind.EOF)) {
            if (atWord("package")) throw error("unexpected package keyword: a module has one package", peek().loc());
            if (atWord("import")) imports.add(importDecl());
            else rules.addAll(rules());
        }
        Metadata.Attached attached = Metadata.attach(comments, file, pkg, rules);
        return new Module(file, attached.pkg(), List.copyOf(imports), attached.rules(), source);
    }

    private Package pkg() {
        RegoError.Location loc = advance().loc();
        List<Value> path = new ArrayList<>();
        Token first = peek();
        if (first.kind() != Kind.IDENT) throw unexpected("ident");
        advance();
        path.add(Value.str(first.text()));
        while (true) {
            Token t = peek();
            if (t.wsBefore()) break;
            if (t.is(Kind.DOT)) {
                advance();
                Token name = peek();
                if (name.kind() != Kind.IDENT || name.wsBefore()) throw unexpected("ident");
                advance();
                path.add(Value.str(name.text()));
            } else if (t.is(Kind.LBRACK)) {
                advance();
                Token s = peek();
                if (!s.is(Kind.STRING)) throw error("unexpected " + s.text() + " token: expecting string", s.loc());
                advance();
                expect(Kind.RBRACK, "]");
                path.add(Value.str(s.text()));
            } else {
                break;
            }
        }
        return new Package(List.copyOf(path), loc, List.of());
    }

    private Import importDecl() {
        RegoError.Location loc = advance().loc();
        Token first = peek();
        if (first.kind() != Kind.IDENT) throw unexpected("ident");
        String root = first.text();
        if (!Set.of("data", "input", "future", "rego").contains(root)) {
            throw error("unexpected import path, must begin with one of: {data, future, input, rego}, got: " + root, first.loc());
        }
        advance();
        Term t = refRest(new Var(root, first.loc()));
        Ref path = t instanceof Ref r ? r : new Ref(new Var(root, first.loc()), List.of(), first.loc());
        for (Term part : path.path()) {
            if (!(part instanceof Scalar s && s.value() instanceof Value.Str)) {
                throw error("unexpected " + describe(part) + " token: expecting string", part.loc());
            }
        }
        String alias = null;
        if (atWord("as")) {
            advance();
            Token a = peek();
            if (a.kind() != Kind.IDENT || isKeyword(a)) throw unexpected("var");
            advance();
            alias = a.text();
        }
        if (root.equals("future")) {
            List<Term> parts = path.path();
            if (parts.isEmpty() || !((Scalar) parts.get(0)).value().equals(Value.str("keywords"))) {
                throw error("invalid import, must be `future.keywords`", loc);
            }
            if (alias != null) throw error("`future` imports cannot be aliased", loc);
            if (parts.size() == 1) {
                logicOps = true;
                notBodies = true;
            } else {
                String kw = ((Value.Str) ((Scalar) parts.get(1)).value()).value();
                if (kw.equals("and") || kw.equals("or")) logicOps = true;
                else if (kw.equals("not")) notBodies = true;
                else if (!Set.of("in", "every", "contains", "if").contains(kw)) {
                    throw error("unexpected keyword, must be one of [and contains every if in not or]", loc);
                }
            }
        } else if (root.equals("rego")) {
            if (path.path().size() != 1 || !((Scalar) path.path().get(0)).value().equals(Value.str("v1"))) {
                throw error("invalid import `" + Ast.refName(path) + "`, must be `rego.v1`", loc);
            }
        }
        return new Import(path, alias, loc);
    }

    private static String describe(Term t) {
        if (t instanceof Var) return "var";
        if (t instanceof Scalar s) return s.value().typeName();
        if (t instanceof Ref) return "ref";
        if (t instanceof Call) return "call";
        return "term";
    }

    // ------------------------------------------------------------------ rules

    private List<Rule> rules() {
        Token start = peek();
        boolean isDefault = false;
        if (atWord("default")) {
            advance();
            isDefault = true;
        }
        Token nameTok = peek();
        if (nameTok.kind() != Kind.IDENT || (isKeyword(nameTok) && !refFollows(0))) throw unexpected(null);
        RegoError.Location loc = start.loc();

        // Head: a var, a ref, or a call (function).
        advance();
        Var name = new Var(nameTok.text(), nameTok.loc());
        Term headTerm = refRest(name);
        Ref head;
        List<Term> args = null;
        if (headTerm instanceof Call c) {
            head = c.fn();
            args = c.args();
            if (!(head.head() instanceof Var)) throw error("rule head ref " + Ast.refName(head) + " invalid", loc);
        } else if (headTerm instanceof Ref r) {
            head = r;
        } else {
            head = new Ref(name, List.of(), name.loc());
        }
        if (!(head.head() instanceof Var hv) || hv.name().startsWith("$")) throw error("unexpected rule head", loc);

        Term key = null, value = null;
        boolean assign = false, usesContains = false;
        if (atWord("contains")) {
            if (args != null) {
                throw error("unexpected contains keyword: the contains keyword can only be used with multi-value rule definitions (e.g., "
                        + Ast.refName(head) + " contains <VALUE> { ... })", peek().loc());
            }
            advance();
            key = termInfix(true);
            usesContains = true;
        } else if (at(Kind.UNIFY) || at(Kind.ASSIGN)) {
            assign = at(Kind.ASSIGN);
            advance();
            value = termInfix(true);
        }

        if (isDefault) {
            if (value == null) throw error("illegal default rule (must have a value)", loc);
            checkDefaultValue(value, loc);
            if (args != null) {
                for (Term a : args) if (!(a instanceof Var)) throw error("illegal default rule (arguments cannot contain " + describe(a) + ")", loc);
            }
            List<Literal> body = List.of(trueLiteral(loc));
            return List.of(new Rule(true, head, args, null, value, assign, body, null, loc, List.of()));
        }

        boolean hasIf = atWord("if");
        if (atWord("with")) throw error("expressions using with keyword cannot be used for rule head", peek().loc());
        if (!hasIf && at(Kind.LBRACE)) throw error("`if` keyword is required before rule body", peek().loc());
        if (!usesContains && value == null) {
            if (!hasIf) {
                throw error("rule must have a body or a value: `" + Ast.refName(head) + " if { ... }` or `"
                        + Ast.refName(head) + " := <value>`", loc);
            }
            value = new Scalar(Value.TRUE, head.loc());
        }

        List<Literal> body;
        if (hasIf) {
            advance();
            body = ifBody();
        } else {
            body = List.of(trueLiteral(loc));
        }

        Rule elseRule = null;
        if (atWord("else")) {
            if (usesContains) throw error("else keyword cannot be used on multi-value rules", peek().loc());
            if (!isGround(head)) throw error("else keyword cannot be used on rules with variables in head", peek().loc());
            elseRule = elseChain(head, args);
        }
        return List.of(new Rule(false, head, args, key, value, assign, body, elseRule, loc, List.of()));
    }

    private static boolean isGround(Ref head) {
        for (Term t : head.path()) if (!(t instanceof Scalar)) return false;
        return true;
    }

    private void checkDefaultValue(Term t, RegoError.Location loc) {
        if (t instanceof Var || t instanceof Ref || t instanceof Call) {
            throw error("illegal default rule (value cannot contain " + describe(t) + ")", loc);
        } else if (t instanceof ArrayTerm a) {
            a.items().forEach(x -> checkDefaultValue(x, loc));
        } else if (t instanceof SetTerm st) {
            st.items().forEach(x -> checkDefaultValue(x, loc));
        } else if (t instanceof ObjectTerm o) {
            o.items().forEach(x -> { checkDefaultValue(x.key(), loc); checkDefaultValue(x.value(), loc); });
        }
    }

    /** After {@code if}: a braced body, or a single literal. */
    private List<Literal> ifBody() {
        if (at(Kind.LBRACE)) {
            int save = p;
            try {
                boolean saveLogic = logicOps;
                Literal lit;
                try {
                    logicOps = false;
                    lit = literal();
                } finally {
                    logicOps = saveLogic;
                }
                boolean bareCollection = lit.expr() instanceof TermExpr te
                        && (te.term() instanceof SetTerm || te.term() instanceof ObjectTerm || te.term() instanceof SetCompr);
                boolean ends = at(Kind.EOF) || peek().nlBefore() || atWord("else") || at(Kind.RBRACE);
                if (!bareCollection && ends && !(logicOps && (atWord("and") || atWord("or")))) return List.of(lit);
            } catch (RegoError e) {
                // Not a single literal: parse as a braced body below.
            }
            p = save;
            advance();
            List<Literal> body = query(Kind.RBRACE);
            expect(Kind.RBRACE, "}");
            return body;
        }
        if (at(Kind.EOF)) throw unexpected("rule body");
        return List.of(literal());
    }

    private Rule elseChain(Ref head, List<Term> args) {
        Token elseTok = advance();
        RegoError.Location loc = elseTok.loc();
        Term value;
        boolean assign = false;
        if (at(Kind.UNIFY) || at(Kind.ASSIGN)) {
            assign = at(Kind.ASSIGN);
            advance();
            value = termInfix(true);
        } else if (at(Kind.LBRACE) || atWord("if")) {
            value = new Scalar(Value.TRUE, loc);
        } else {
            throw unexpected("else value term or rule body");
        }
        List<Literal> body;
        if (atWord("if")) {
            advance();
            body = ifBody();
        } else if (at(Kind.LBRACE)) {
            advance();
            body = query(Kind.RBRACE);
            expect(Kind.RBRACE, "}");
        } else {
            body = List.of(trueLiteral(loc));
        }
        List<Term> elseArgs = null;
        if (args != null) {
            elseArgs = new ArrayList<>();
            for (Term a : args) elseArgs.add(a instanceof Var v && v.isWildcard() ? new Var(wildcard(), v.loc()) : a);
        }
        Rule next = atWord("else") ? elseChain(head, args) : null;
        return new Rule(false, head, elseArgs, null, value, assign, body, next, loc, List.of());
    }

    private static Literal trueLiteral(RegoError.Location loc) {
        return new Literal(new TermExpr(new Scalar(Value.TRUE, loc)), false, List.of(), loc);
    }

    // ------------------------------------------------------------------ bodies and literals

    /** Literals separated by ';' or newlines, up to (not including) the end token. */
    private List<Literal> query(Kind end) {
        if (at(end)) throw error("found empty body", peek().loc());
        List<Literal> body = new ArrayList<>();
        while (true) {
            body.add(literal());
            if (at(Kind.SEMI)) {
                advance();
                if (at(end) && end == Kind.EOF) return body;
                continue;
            }
            if (at(end)) return body;
            if (!peek().nlBefore()) {
                throw unexpected("\\n or ; or " + (end == Kind.EOF ? "eof" : "}"));
            }
        }
    }

    private Literal literal() {
        Literal lit = logicOr();
        if (atWord("with")) lit = new Literal(lit.expr(), lit.negated(), withs(), lit.loc());
        return lit;
    }

    private Literal logicOr() {
        Literal left = logicAnd();
        while (logicOps && atWord("or")) {
            advance();
            Literal right = logicAnd();
            left = new Literal(new Logic(false, left, right), false, List.of(), left.loc());
        }
        return left;
    }

    private Literal logicAnd() {
        Literal left = unary();
        while (logicOps && atWord("and")) {
            advance();
            Literal right = unary();
            left = new Literal(new Logic(true, left, right), false, List.of(), left.loc());
        }
        return left;
    }

    private Literal unary() {
        Token t = peek();
        if (atWord("not")) {
            advance();
            Literal inner = (notBodies && at(Kind.LBRACE)) ? groupOrExpr() : unary();
            if (inner.expr() instanceof SomeDecl || inner.expr() instanceof SomeIn) throw error("unexpected some keyword: illegal negation of 'some'", inner.loc());
            if (inner.expr() instanceof Every) throw error("unexpected every keyword: illegal negation of 'every'", inner.loc());
            if (inner.negated()) {
                inner = new Literal(new Group(List.of(inner)), false, List.of(), inner.loc());
            }
            return new Literal(inner.expr(), true, inner.withs(), t.loc());
        }
        if (atWord("some")) return some();
        if (atWord("every")) return every();
        if (logicOps && (at(Kind.LBRACE) || at(Kind.LPAREN))) return groupOrExpr();
        return new Literal(new TermExpr(expr()), false, List.of(), t.loc());
    }

    /** With logic keywords on, '{' or '(' may open a grouped operand rather than a term. */
    private Literal groupOrExpr() {
        Token open = peek();
        int save = p;
        try {
            Term term = expr();
            boolean bareCollection = term instanceof SetTerm || term instanceof ObjectTerm;
            if (!bareCollection && operandEnds()) return new Literal(new TermExpr(term), false, List.of(), open.loc());
        } catch (RegoError e) {
            // fall through to a group
        }
        p = save;
        advance();
        List<Literal> body;
        if (open.is(Kind.LBRACE)) {
            body = query(Kind.RBRACE);
            expect(Kind.RBRACE, "}");
        } else {
            body = List.of(literal());
            expect(Kind.RPAREN, ")");
        }
        return new Literal(new Group(body), false, List.of(), open.loc());
    }

    private boolean operandEnds() {
        Token t = peek();
        return t.is(Kind.EOF) || t.is(Kind.SEMI) || t.is(Kind.RBRACE) || t.is(Kind.RPAREN) || t.nlBefore()
                || atWord("and") || atWord("or") || atWord("with") || atWord("else");
    }

    private Term expr() {
        Term lhs = termInfix(true);
        if (at(Kind.ASSIGN) || at(Kind.UNIFY)) {
            Token op = advance();
            Term rhs = termInfix(true);
            String name = op.is(Kind.ASSIGN) ? "assign" : "eq";
            return new Call(Ast.ref(name, op.loc()), List.of(lhs, rhs), lhs.loc());
        }
        return lhs;
    }

    private List<With> withs() {
        List<With> out = new ArrayList<>();
        while (atWord("with")) {
            RegoError.Location loc = advance().loc();
            Token t = peek();
            if (t.kind() != Kind.IDENT) throw unexpected("ident");
            Term target = term();
            if (!(target instanceof Ref || target instanceof Var)) throw error("unexpected term: expected with target path", target.loc());
            if (!atWord("as")) throw unexpected("as keyword");
            advance();
            Term value = termInfix(true);
            out.add(new With(target, value, loc));
        }
        return out;
    }

    private Literal some() {
        RegoError.Location loc = advance().loc();
        int save = p;
        try {
            Term t = termInfix(true);
            if (t instanceof Call c && (c.name().equals("internal.member_2") || c.name().equals("internal.member_3"))) {
                List<Term> a = c.args();
                Expr e = a.size() == 2 ? new SomeIn(null, a.get(0), a.get(1)) : new SomeIn(a.get(0), a.get(1), a.get(2));
                return new Literal(e, false, List.of(), loc);
            }
        } catch (RegoError e) {
            // not `some x in xs`: a declaration list
        }
        p = save;
        List<Var> vars = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() != Kind.IDENT || isKeyword(t)) throw unexpected("var");
            advance();
            vars.add(new Var(t.text(), t.loc()));
            if (!at(Kind.COMMA)) break;
            advance();
        }
        return new Literal(new SomeDecl(List.copyOf(vars)), false, List.of(), loc);
    }

    private Literal every() {
        RegoError.Location loc = advance().loc();
        Term t = termInfix(true);
        if (!(t instanceof Call c) || !(c.name().equals("internal.member_2") || c.name().equals("internal.member_3"))) {
            throw error("unexpected term: expected `x[, y] in xs { ... }` expression", t.loc());
        }
        List<Term> a = c.args();
        Term key = a.size() == 3 ? a.get(0) : null;
        Term value = a.get(a.size() - 2);
        Term domain = a.get(a.size() - 1);
        if (key != null && !(key instanceof Var)) throw error("unexpected term: expected key to be a variable", key.loc());
        if (!(value instanceof Var)) throw error("unexpected term: expected value to be a variable", value.loc());
        if (!at(Kind.LBRACE)) throw unexpected("missing body");
        advance();
        List<Literal> body = query(Kind.RBRACE);
        expect(Kind.RBRACE, "}");
        return new Literal(new Every((Var) key, (Var) value, domain, body), false, List.of(), loc);
    }

    // ------------------------------------------------------------------ terms and operators

    /** A term with infix operators; with keyVal, also {@code k, v in xs}. */
    private Term termInfix(boolean keyVal) {
        Term lhs = relation();
        if (keyVal && at(Kind.COMMA)) {
            int save = p;
            advance();
            try {
                Term mhs = relation();
                if (atWord("in")) {
                    Token op = advance();
                    Term rhs = relation();
                    Term call = new Call(Ast.ref("internal.member_3", op.loc()), List.of(lhs, mhs, rhs), lhs.loc());
                    return moreIn(call);
                }
            } catch (RegoError e) {
                // not a key-value membership
            }
            p = save;
        }
        return moreIn(lhs);
    }

    private Term moreIn(Term lhs) {
        while (atWord("in")) {
            Token op = advance();
            Term rhs = relation();
            lhs = new Call(Ast.ref("internal.member_2", op.loc()), List.of(lhs, rhs), lhs.loc());
        }
        return lhs;
    }

    private Term relation() {
        Term lhs = union();
        while (true) {
            String op = switch (peek().kind()) {
                case EQ -> "equal";
                case NEQ -> "neq";
                case LT -> "lt";
                case LTE -> "lte";
                case GT -> "gt";
                case GTE -> "gte";
                default -> null;
            };
            if (op == null) return lhs;
            Token t = advance();
            lhs = new Call(Ast.ref(op, t.loc()), List.of(lhs, union()), lhs.loc());
        }
    }

    private Term union() {
        Term lhs = intersection();
        while (at(Kind.BAR)) {
            Token t = advance();
            lhs = new Call(Ast.ref("or", t.loc()), List.of(lhs, intersection()), lhs.loc());
        }
        return lhs;
    }

    private Term intersection() {
        Term lhs = arith();
        while (at(Kind.AMP)) {
            Token t = advance();
            lhs = new Call(Ast.ref("and", t.loc()), List.of(lhs, arith()), lhs.loc());
        }
        return lhs;
    }

    private Term arith() {
        Term lhs = factor();
        while (at(Kind.PLUS) || at(Kind.MINUS)) {
            Token t = advance();
            lhs = new Call(Ast.ref(t.is(Kind.PLUS) ? "plus" : "minus", t.loc()), List.of(lhs, factor()), lhs.loc());
        }
        return lhs;
    }

    private Term factor() {
        Term lhs = term();
        while (at(Kind.STAR) || at(Kind.SLASH) || at(Kind.PERCENT)) {
            Token t = advance();
            String op = t.is(Kind.STAR) ? "mul" : t.is(Kind.SLASH) ? "div" : "rem";
            lhs = new Call(Ast.ref(op, t.loc()), List.of(lhs, term()), lhs.loc());
        }
        return lhs;
    }

    private Term term() {
        Token t = peek();
        Term head;
        switch (t.kind()) {
            case NUMBER -> {
                advance();
                head = number(t.text(), t);
            }
            case MINUS -> {
                advance();
                Token n = peek();
                if (!n.is(Kind.NUMBER)) throw unexpected("expected number");
                advance();
                head = number("-" + n.text(), t);
            }
            case STRING -> {
                advance();
                head = new Scalar(Value.str(t.text()), t.loc());
            }
            case TEMPLATE -> {
                advance();
                head = template(t);
            }
            case IDENT -> {
                boolean asName = refFollows(0);
                String w = t.text();
                if (!asName && (w.equals("true") || w.equals("false"))) {
                    advance();
                    head = new Scalar(Value.bool(w.equals("true")), t.loc());
                } else if (!asName && w.equals("null")) {
                    advance();
                    head = new Scalar(Value.NULL, t.loc());
                } else if (!asName && isKeyword(t) && !w.equals("contains")) {
                    throw unexpected(null);
                } else {
                    advance();
                    head = new Var(w.equals("_") ? wildcard() : w, t.loc());
                }
            }
            case LBRACK -> head = array();
            case LBRACE -> head = setOrObject();
            case LPAREN -> {
                advance();
                head = termInfix(true);
                if (!at(Kind.RPAREN)) throw error("non-terminated expression", peek().loc());
                advance();
            }
            default -> throw unexpected(null);
        }
        return refRest(head);
    }

    private Term number(String text, Token at) {
        if (text.length() > 1 && text.charAt(text.startsWith("-") ? 1 : 0) == '0') {
            int i = text.startsWith("-") ? 1 : 0;
            if (text.length() > i + 1 && Character.isDigit(text.charAt(i + 1))) {
                throw error("unexpected number token: expected number without leading zero", at.loc());
            }
        }
        try {
            BigDecimal d = new BigDecimal(text);
            if (Math.abs((long) d.precision() - d.scale()) > 100_000) throw error("number too big", at.loc());
            return new Scalar(Value.num(d), at.loc());
        } catch (NumberFormatException e) {
            throw error("invalid float", at.loc());
        }
    }

    /** Continues a term into a ref or call when '.', '[' or '(' follows without whitespace. */
    private Term refRest(Term head) {
        List<Term> path = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.wsBefore()) break;
            if (t.is(Kind.DOT)) {
                advance();
                Token name = peek();
                if (name.kind() != Kind.IDENT || name.wsBefore()) throw unexpected("ident");
                advance();
                path.add(new Scalar(Value.str(name.text()), name.loc()));
            } else if (t.is(Kind.LBRACK)) {
                advance();
                Term index = termInfix(true);
                expect(Kind.RBRACK, "]");
                path.add(index);
            } else if (t.is(Kind.LPAREN)) {
                if (!(head instanceof Var)) throw error("illegal call (operator must be a name)", t.loc());
                Ref fn = new Ref(head, List.copyOf(path), head.loc());
                advance();
                List<Term> args = at(Kind.RPAREN) ? List.of() : termList(Kind.RPAREN);
                expect(Kind.RPAREN, ")");
                if (fn.path().isEmpty() && ((Var) head).name().equals("set") && args.isEmpty()) {
                    head = new SetTerm(List.of(), head.loc());
                } else {
                    head = new Call(fn, args, head.loc());
                }
                path = new ArrayList<>();
            } else {
                break;
            }
        }
        if (!path.isEmpty()) {
            if (head instanceof Scalar s) throw error("illegal ref (head cannot be " + s.value().typeName() + ")", s.loc());
            return new Ref(head, List.copyOf(path), head.loc());
        }
        if (head instanceof Var v && (v.name().equals("data") || v.name().equals("input"))) {
            return new Ref(v, List.of(), v.loc());
        }
        return head;
    }

    private List<Term> termList(Kind end) {
        List<Term> out = new ArrayList<>();
        while (true) {
            out.add(termInfix(false));
            if (at(Kind.COMMA)) {
                advance();
                if (at(end)) return out;
                continue;
            }
            if (at(end)) return out;
            throw unexpected("\",\" or \"" + (end == Kind.RBRACK ? "]" : end == Kind.RPAREN ? ")" : "}") + "\"");
        }
    }

    private Term array() {
        Token open = advance();
        if (at(Kind.RBRACK)) {
            advance();
            return new ArrayTerm(List.of(), open.loc());
        }
        boolean mayComprehend = true;
        if (at(Kind.COMMA)) {
            advance();
            mayComprehend = false;
        }
        int save = p;
        try {
            Term head = term();
            if (mayComprehend && at(Kind.BAR)) {
                advance();
                List<Literal> body = query(Kind.RBRACK);
                expect(Kind.RBRACK, "]");
                return new ArrayCompr(head, body, open.loc());
            }
        } catch (RegoError e) {
            // parse as a plain list below
        }
        p = save;
        List<Term> items = termList(Kind.RBRACK);
        expect(Kind.RBRACK, "]");
        return new ArrayTerm(List.copyOf(items), open.loc());
    }

    private Term setOrObject() {
        Token open = advance();
        if (at(Kind.RBRACE)) {
            advance();
            return new ObjectTerm(List.of(), open.loc());
        }
        boolean mayComprehend = true;
        if (at(Kind.COMMA)) {
            advance();
            mayComprehend = false;
        }
        int save = p;
        Term head = null;
        try {
            head = term();
        } catch (RegoError e) {
            head = null;
        }
        if (head != null) {
            if (mayComprehend && at(Kind.BAR)) {
                int afterHead = p;
                advance();
                try {
                    List<Literal> body = query(Kind.RBRACE);
                    expect(Kind.RBRACE, "}");
                    return new SetCompr(head, body, open.loc());
                } catch (RegoError e) {
                    p = afterHead;
                }
            } else if (at(Kind.RBRACE) || at(Kind.COMMA)) {
                return setRest(head, open);
            } else if (at(Kind.COLON)) {
                return object(head, open, mayComprehend);
            }
        }
        p = save;
        head = termInfix(false);
        if (at(Kind.RBRACE) || at(Kind.COMMA)) return setRest(head, open);
        if (at(Kind.COLON)) return object(head, open, mayComprehend);
        throw error("unexpected " + peek().text() + " token: non-terminated set", peek().loc());
    }

    private Term setRest(Term first, Token open) {
        List<Term> items = new ArrayList<>();
        items.add(first);
        if (at(Kind.COMMA)) {
            advance();
            if (!at(Kind.RBRACE)) items.addAll(termList(Kind.RBRACE));
        }
        expect(Kind.RBRACE, "}");
        return new SetTerm(List.copyOf(items), open.loc());
    }

    private Term object(Term key, Token open, boolean mayComprehend) {
        advance(); // ':'
        int save = p;
        if (mayComprehend) {
            try {
                Term v = term();
                if (at(Kind.BAR)) {
                    advance();
                    List<Literal> body = query(Kind.RBRACE);
                    expect(Kind.RBRACE, "}");
                    return new ObjectCompr(key, v, body, open.loc());
                }
            } catch (RegoError e) {
                // a plain object below
            }
            p = save;
        }
        Term value = termInfix(false);
        List<Pair> items = new ArrayList<>();
        items.add(new Pair(key, value));
        while (at(Kind.COMMA)) {
            advance();
            if (at(Kind.RBRACE)) break;
            Term k = termInfix(false);
            expect(Kind.COLON, "\":\"");
            items.add(new Pair(k, termInfix(false)));
        }
        if (!at(Kind.RBRACE)) throw unexpected("\",\" or \"}\"");
        advance();
        return new ObjectTerm(List.copyOf(items), open.loc());
    }

    // ------------------------------------------------------------------ template strings

    private Term template(Token t) {
        List<Literal> parts = new ArrayList<>();
        for (Scanner.TemplatePart part : t.parts()) {
            if (part instanceof Scanner.Text text) {
                parts.add(new Literal(new TermExpr(new Scalar(Value.str(text.text()), text.loc())), false, List.of(), text.loc()));
            } else {
                parts.add(embedded((Scanner.Embedded) part));
            }
        }
        return new Template(List.copyOf(parts), t.loc());
    }

    private Literal embedded(Scanner.Embedded e) {
        List<Token> saveToks = toks;
        int saveP = p;
        toks = e.tokens();
        p = 0;
        try {
            if (at(Kind.EOF)) throw error("invalid template-string expression", e.loc());
            Literal lit = literal();
            if (!at(Kind.EOF)) throw error("expected } to end template string expression", peek().loc());
            if (lit.negated()) throw error("unexpected negation ('not') in template-string expression", lit.loc());
            Expr e2 = lit.expr();
            if (e2 instanceof SomeDecl || e2 instanceof SomeIn) throw error("unexpected 'some' in template-string expression", lit.loc());
            if (e2 instanceof Every) throw error("unexpected 'every' in template-string expression", lit.loc());
            if (e2 instanceof TermExpr te && te.term() instanceof Call c) {
                if (c.name().equals("eq")) throw error("unexpected unification ('=') in template-string expression", lit.loc());
                if (c.name().equals("assign")) throw error("unexpected assignment (':=') in template-string expression", lit.loc());
            }
            return lit;
        } finally {
            toks = saveToks;
            p = saveP;
        }
    }
}
