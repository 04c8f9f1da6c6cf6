package dev.tollgate.rego;

import java.util.List;

/**
 * The Rego syntax tree. The parser builds it; the compiler rewrites it (resolving names, numbering local
 * variables into frame slots, lowering print and template strings) into the same shapes the interpreter runs.
 */
public final class Ast {
    private Ast() {}

    // ------------------------------------------------------------------ terms

    public sealed interface Term permits Scalar, Var, Ref, ArrayTerm, SetTerm, ObjectTerm,
            ArrayCompr, SetCompr, ObjectCompr, Call, Template {
        RegoError.Location loc();
    }

    /** A constant: any scalar, or a composite the compiler folded because it holds no variables. */
    public record Scalar(Value value, RegoError.Location loc) implements Term {}

    /**
     * A variable. {@code slot} is its index in the rule's frame once compiled (-1 before, and for the
     * root names {@code data} and {@code input}). Wildcards {@code _} get unique names from the parser.
     */
    public record Var(String name, int slot, RegoError.Location loc) implements Term {
        public Var(String name, RegoError.Location loc) { this(name, -1, loc); }
        boolean isWildcard() { return name.startsWith("$"); }
    }

    /** {@code head.a[b][c]}: head is a var (data, input, a local) or a composite, call or comprehension. */
    public record Ref(Term head, List<Term> path, RegoError.Location loc) implements Term {}

    public record ArrayTerm(List<Term> items, RegoError.Location loc) implements Term {}

    public record SetTerm(List<Term> items, RegoError.Location loc) implements Term {}

    public record ObjectTerm(List<Pair> items, RegoError.Location loc) implements Term {}

    public record Pair(Term key, Term value) {}

    public record ArrayCompr(Term head, List<Literal> body, RegoError.Location loc) implements Term {}

    public record SetCompr(Term head, List<Literal> body, RegoError.Location loc) implements Term {}

    public record ObjectCompr(Term key, Term value, List<Literal> body, RegoError.Location loc) implements Term {}

    /**
     * A call {@code f(args)}; infix operators are calls too ({@code a + b} is {@code plus(a, b)}).
     * {@code target} says what is called; the compiler fills it in, null before.
     */
    public record Call(Ref fn, List<Term> args, RegoError.Location loc, Target target) implements Term {
        public Call(Ref fn, List<Term> args, RegoError.Location loc) { this(fn, args, loc, null); }

        /** The operator's dotted name as written: {@code plus}, {@code strings.replace_n}, {@code data.x.f}. */
        public String name() { return Ast.refName(fn); }
    }

    /** {@code $"text {expr} text"}: literal text parts and expression parts; lowered by the compiler. */
    public record Template(List<Literal> parts, RegoError.Location loc) implements Term {}

    /** What a call resolves to. */
    public sealed interface Target permits Builtin, Function, Unify {}

    /** A builtin from the registry (also the operators, print and template strings once lowered). */
    public record Builtin(BuiltinRegistry.Entry entry) implements Target {}

    /** A user-defined function, by its full path under data. */
    public record Function(List<Value> path, int arity) implements Target {}

    /** {@code =} and {@code :=}: unification, which the interpreter does itself. */
    public record Unify() implements Target {}

    // ------------------------------------------------------------------ bodies

    /** One expression of a body, possibly negated, possibly with {@code with} modifiers. */
    public record Literal(Expr expr, boolean negated, List<With> withs, RegoError.Location loc) {}

    public sealed interface Expr permits TermExpr, SomeDecl, SomeIn, Every, Logic, Group {}

    /** An expression that is one term: a call ({@code x = 1}, {@code count(a) > 1}) or a plain term. */
    public record TermExpr(Term term) implements Expr {}

    /** {@code some x, y}: declares local variables. */
    public record SomeDecl(List<Var> vars) implements Expr {}

    /** {@code some v in xs}, {@code some k, v in xs}. key is null without a key. */
    public record SomeIn(Term key, Term value, Term domain) implements Expr {}

    /** {@code every k, v in xs { body }}. key is null without a key. */
    public record Every(Var key, Var value, Term domain, List<Literal> body) implements Expr {}

    /** Experimental {@code a and b}, {@code a or b}: each operand is an existence check in its own scope. */
    public record Logic(boolean and, Literal left, Literal right) implements Expr {}

    /** {@code { lit; lit }} as an operand of {@code and}/{@code or}/{@code not}. */
    public record Group(List<Literal> body) implements Expr {}

    /** {@code with target as value}. */
    public record With(Term target, Term value, RegoError.Location loc) {}

    // ------------------------------------------------------------------ modules

    /**
     * A rule definition. head is the rule's ref relative to its package ({@code p}, {@code a.b[x]}).
     * Exactly one shape: function (args non-null), multi-value (key non-null), or single-value (value).
     * {@code elseRule} chains {@code else} branches; each has this rule's head and its own value and body.
     */
    public record Rule(boolean isDefault, Ref head, List<Term> args, Term key, Term value, boolean assign,
                       List<Literal> body, Rule elseRule, RegoError.Location loc, List<Annotation> annotations) {
        boolean isFunction() { return args != null; }
        boolean isMultiValue() { return key != null; }
    }

    public record Import(Ref path, String alias, RegoError.Location loc) {}

    /** {@code package a.b}: path holds the string keys after data. */
    public record Package(List<Value> path, RegoError.Location loc, List<Annotation> annotations) {}

    public record Module(String file, Package pkg, List<Import> imports, List<Rule> rules, String source) {}

    /** A {@code # METADATA} block; fields holds the YAML content as a Rego object (scope included). */
    public record Annotation(String scope, Value.Obj fields, RegoError.Location loc) {}

    // ------------------------------------------------------------------ helpers

    /** Dotted text of a ref whose parts are names: {@code data.a.b}, {@code count}. */
    static String refName(Ref r) {
        StringBuilder sb = new StringBuilder(r.head() instanceof Var v ? v.name() : "?");
        for (Term t : r.path()) {
            if (t instanceof Scalar s && s.value() instanceof Value.Str str) sb.append('.').append(str.value());
            else sb.append("[...]");
        }
        return sb.toString();
    }

    static Ref ref(String name, RegoError.Location loc) {
        String[] parts = name.split("\\.");
        List<Term> path = new java.util.ArrayList<>();
        for (int i = 1; i < parts.length; i++) path.add(new Scalar(Value.str(parts[i]), loc));
        return new Ref(new Var(parts[0], loc), List.copyOf(path), loc);
    }
}
