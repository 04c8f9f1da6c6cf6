package dev.tollgate.rego;

import dev.tollgate.rego.Ast.*;
import dev.tollgate.rego.Ast.Module;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed module in the JSON shape OPA gives its AST ({@code rego.parse_module}): terms are
 * {@code {"type": ..., "value": ...}}, expressions {@code {"index": i, "terms": ...}}, rules {@code {"head", "body"}}.
 */
final class AstJson {
    private AstJson() {}

    static Value module(Module m) {
        Value.Obj.Builder out = Value.Obj.builder();
        List<Value> pkg = new ArrayList<>();
        pkg.add(term("var", Value.str("data")));
        for (Value k : m.pkg().path()) pkg.add(term("string", k));
        out.put("package", Value.Obj.builder().put("path", Value.Arr.wrap(pkg)).build());
        if (!m.imports().isEmpty()) {
            List<Value> imps = new ArrayList<>();
            for (Import i : m.imports()) {
                Value.Obj.Builder b = Value.Obj.builder().put("path", term(i.path()));
                if (i.alias() != null) b.put("alias", Value.str(i.alias()));
                imps.add(b.build());
            }
            out.put("imports", Value.Arr.wrap(imps));
        }
        if (!m.rules().isEmpty()) {
            List<Value> rules = new ArrayList<>();
            for (Rule r : m.rules()) rules.add(rule(r));
            out.put("rules", Value.Arr.wrap(rules));
        }
        return out.build();
    }

    private static Value rule(Rule r) {
        Value.Obj.Builder head = Value.Obj.builder();
        if (r.head().path().isEmpty()) head.put("name", Value.str(((Var) r.head().head()).name()));
        List<Value> ref = new ArrayList<>();
        ref.add(term(r.head().head()));
        for (Term t : r.head().path()) ref.add(term(t));
        head.put("ref", Value.Arr.wrap(ref));
        if (r.args() != null) head.put("args", terms(r.args()));
        if (r.key() != null) head.put("key", term(r.key()));
        if (r.value() != null) head.put("value", term(r.value()));
        if (r.assign()) head.put("assign", Value.TRUE);
        Value.Obj.Builder out = Value.Obj.builder().put("head", head.build()).put("body", body(r.body()));
        if (r.isDefault()) out.put("default", Value.TRUE);
        if (r.elseRule() != null) out.put("else", rule(r.elseRule()));
        return out.build();
    }

    private static Value body(List<Literal> body) {
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) out.add(expr(body.get(i), i));
        return Value.Arr.wrap(out);
    }

    private static Value expr(Literal l, int index) {
        Value.Obj.Builder b = Value.Obj.builder().put("index", Value.num(index));
        Expr e = l.expr();
        Value terms;
        if (e instanceof TermExpr te) {
            terms = te.term() instanceof Call c ? callTerms(c) : term(te.term());
        } else if (e instanceof SomeDecl d) {
            terms = Value.Obj.builder().put("symbols", terms(new ArrayList<>(d.vars()))).build();
        } else if (e instanceof SomeIn s) {
            List<Term> args = new ArrayList<>();
            if (s.key() != null) args.add(s.key());
            args.add(s.value());
            args.add(s.domain());
            String op = s.key() == null ? "internal.member_2" : "internal.member_3";
            Value call = Value.Obj.builder().put("type", Value.str("call"))
                    .put("value", Value.Arr.wrap(prepend(term(Ast.ref(op, null)), args))).build();
            terms = Value.Obj.builder().put("symbols", Value.Arr.of(call)).build();
        } else if (e instanceof Every ev) {
            Value.Obj.Builder eb = Value.Obj.builder();
            if (ev.key() != null) eb.put("key", term(ev.key()));
            eb.put("value", term(ev.value())).put("domain", term(ev.domain())).put("body", body(ev.body()));
            terms = eb.build();
        } else if (e instanceof Logic lg) {
            terms = Value.Obj.builder().put("operator", Value.str(lg.and() ? "and" : "or"))
                    .put("operands", Value.Arr.of(expr(lg.left(), 0), expr(lg.right(), 1))).build();
        } else {
            terms = Value.Obj.builder().put("body", body(((Group) e).body())).build();
        }
        b.put("terms", terms);
        if (l.negated()) b.put("negated", Value.TRUE);
        if (!l.withs().isEmpty()) {
            List<Value> ws = new ArrayList<>();
            for (With w : l.withs()) ws.add(Value.Obj.builder().put("target", term(w.target())).put("value", term(w.value())).build());
            b.put("with", Value.Arr.wrap(ws));
        }
        return b.build();
    }

    private static List<Value> prepend(Value first, List<Term> rest) {
        List<Value> out = new ArrayList<>();
        out.add(first);
        for (Term t : rest) out.add(term(t));
        return out;
    }

    private static Value callTerms(Call c) {
        return Value.Arr.wrap(prepend(term(c.fn()), c.args()));
    }

    private static Value terms(List<? extends Term> ts) {
        List<Value> out = new ArrayList<>();
        for (Term t : ts) out.add(term(t));
        return Value.Arr.wrap(out);
    }

    private static Value term(String type, Value v) {
        return Value.Obj.builder().put("type", Value.str(type)).put("value", v).build();
    }

    static Value term(Term t) {
        if (t instanceof Scalar s) return scalar(s.value());
        if (t instanceof Var v) return term("var", Value.str(v.name().startsWith("$") ? "$" + v.name().substring(1) : v.name()));
        if (t instanceof Ref r) {
            List<Value> parts = new ArrayList<>();
            parts.add(term(r.head()));
            for (Term p : r.path()) parts.add(term(p));
            return term("ref", Value.Arr.wrap(parts));
        }
        if (t instanceof ArrayTerm a) return term("array", terms(a.items()));
        if (t instanceof SetTerm s) return term("set", terms(s.items()));
        if (t instanceof ObjectTerm o) {
            List<Value> pairs = new ArrayList<>();
            for (Pair p : o.items()) pairs.add(Value.Arr.of(term(p.key()), term(p.value())));
            return term("object", Value.Arr.wrap(pairs));
        }
        if (t instanceof Call c) return term("call", callTerms(c));
        if (t instanceof ArrayCompr c) {
            return term("arraycomprehension", Value.Obj.builder().put("term", term(c.head())).put("body", body(c.body())).build());
        }
        if (t instanceof SetCompr c) {
            return term("setcomprehension", Value.Obj.builder().put("term", term(c.head())).put("body", body(c.body())).build());
        }
        if (t instanceof ObjectCompr c) {
            return term("objectcomprehension", Value.Obj.builder().put("key", term(c.key())).put("value", term(c.value()))
                    .put("body", body(c.body())).build());
        }
        Template tp = (Template) t;
        List<Value> parts = new ArrayList<>();
        for (Literal l : tp.parts()) parts.add(expr(l, parts.size()));
        return term("templatestring", Value.Arr.wrap(parts));
    }

    private static Value scalar(Value v) {
        if (v instanceof Value.Null) return Value.Obj.builder().put("type", Value.str("null")).put("value", Value.NULL).build();
        if (v instanceof Value.Bool) return term("boolean", v);
        if (v instanceof Value.Num) return term("number", v);
        if (v instanceof Value.Str) return term("string", v);
        if (v instanceof Value.Arr a) {
            List<Value> out = new ArrayList<>();
            for (Value e : a.elements()) out.add(scalar(e));
            return term("array", Value.Arr.wrap(out));
        }
        if (v instanceof Value.SetV s) {
            List<Value> out = new ArrayList<>();
            for (Value e : s.elements()) out.add(scalar(e));
            return term("set", Value.Arr.wrap(out));
        }
        Value.Obj o = (Value.Obj) v;
        List<Value> pairs = new ArrayList<>();
        for (Value k : o.keys()) pairs.add(Value.Arr.of(scalar(k), scalar(o.get(k))));
        return term("object", Value.Arr.wrap(pairs));
    }
}
