package dev.tollgate.rego.builtin.template;

import dev.tollgate.rego.builtin.template.GoValues.Missing;
import dev.tollgate.rego.builtin.template.Node.Action;
import dev.tollgate.rego.builtin.template.Node.Arg;
import dev.tollgate.rego.builtin.template.Node.Arg.Dot;
import dev.tollgate.rego.builtin.template.Node.Arg.Field;
import dev.tollgate.rego.builtin.template.Node.Arg.Ident;
import dev.tollgate.rego.builtin.template.Node.Arg.Literal;
import dev.tollgate.rego.builtin.template.Node.Arg.Sub;
import dev.tollgate.rego.builtin.template.Node.Arg.Var;
import dev.tollgate.rego.builtin.template.Node.Break;
import dev.tollgate.rego.builtin.template.Node.If;
import dev.tollgate.rego.builtin.template.Node.Pipeline;
import dev.tollgate.rego.builtin.template.Node.Range;
import dev.tollgate.rego.builtin.template.Node.Text;
import dev.tollgate.rego.builtin.template.Node.With;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tollgate.rego.builtin.template.GoValues.kind;
import static dev.tollgate.rego.builtin.template.GoValues.print;
import static dev.tollgate.rego.builtin.template.GoValues.truth;

/** Runs a parsed template over the data, writing to a buffer; variables live in a stack popped at each {{end}}. */
final class Exec {
    private static final class BreakSignal extends RuntimeException {
        BreakSignal() { super(null, null, false, false); }
    }

    private static final class ContinueSignal extends RuntimeException {
        ContinueSignal() { super(null, null, false, false); }
    }

    private final StringBuilder out;
    final Object root;
    private final List<Map.Entry<String, Object>> vars = new ArrayList<>();

    Exec(StringBuilder out, Object root) {
        this.out = out;
        this.root = root;
        vars.add(Map.entry("$", root == null ? Missing.VALUE : root));
    }

    void run(List<Node> nodes, Object dot) {
        for (Node n : nodes) node(n, dot);
    }

    private void node(Node n, Object dot) {
        if (n instanceof Text t) {
            out.append(t.text());
        } else if (n instanceof Action a) {
            Object v = pipeline(a.pipe(), dot);
            if (a.pipe().vars().isEmpty()) out.append(print(v));
        } else if (n instanceof If i) {
            scoped(() -> run(truth(pipeline(i.cond(), dot)) ? i.then() : i.otherwise(), dot));
        } else if (n instanceof With w) {
            scoped(() -> {
                Object v = pipeline(w.value(), dot);
                if (truth(v)) run(w.body(), v);
                else run(w.otherwise(), dot);
            });
        } else if (n instanceof Range r) {
            scoped(() -> range(r, dot));
        } else if (n instanceof Break) {
            throw new BreakSignal();
        } else {
            throw new ContinueSignal();
        }
    }

    private void scoped(Runnable body) {
        int mark = vars.size();
        try {
            body.run();
        } finally {
            while (vars.size() > mark) vars.remove(vars.size() - 1);
        }
    }

    private void range(Range r, Object dot) {
        Object over = evalCommands(r.over(), dot);
        Map<Object, Object> items = new LinkedHashMap<>();
        if (over instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) items.put((long) i, l.get(i));
        } else if (over instanceof Map<?, ?> m) {
            items.putAll(m);
        } else if (over instanceof Long n) {
            for (long i = 0; i < n; i++) items.put(i, i);
        } else if (over != null && over != Missing.VALUE) {
            throw GoTemplate.error(r.over().line() + ": range can't iterate over " + print(over));
        }
        if (items.isEmpty()) {
            run(r.otherwise(), dot);
            return;
        }
        int mark = vars.size();
        for (Map.Entry<Object, Object> e : items.entrySet()) {
            List<String> names = r.over().vars();
            if (names.size() == 1) setVar(names.get(0), e.getValue(), r.over().assign());
            if (names.size() == 2) {
                setVar(names.get(0), e.getKey(), r.over().assign());
                setVar(names.get(1), e.getValue(), r.over().assign());
            }
            try {
                run(r.body(), e.getValue());
            } catch (BreakSignal b) {
                break;
            } catch (ContinueSignal c) {
                // next element
            } finally {
                while (vars.size() > mark) vars.remove(vars.size() - 1);
            }
        }
    }

    private Object pipeline(Pipeline p, Object dot) {
        Object v = evalCommands(p, dot);
        for (String name : p.vars()) setVar(name, v, p.assign());
        return v;
    }

    private void setVar(String name, Object v, boolean assign) {
        if (assign) {
            for (int i = vars.size() - 1; i >= 0; i--) {
                if (vars.get(i).getKey().equals(name)) {
                    vars.set(i, new java.util.AbstractMap.SimpleEntry<>(name, v));
                    return;
                }
            }
            throw GoTemplate.error("undefined variable: " + name);
        }
        vars.add(new java.util.AbstractMap.SimpleEntry<>(name, v));
    }

    private Object lookupVar(String name) {
        for (int i = vars.size() - 1; i >= 0; i--) if (vars.get(i).getKey().equals(name)) return vars.get(i).getValue();
        throw GoTemplate.error("undefined variable: " + name);
    }

    private Object evalCommands(Pipeline p, Object dot) {
        Object piped = null;
        boolean hasPiped = false;
        for (List<Arg> cmd : p.commands()) {
            piped = command(cmd, dot, hasPiped, piped, p.line());
            hasPiped = true;
        }
        return piped;
    }

    private Object command(List<Arg> cmd, Object dot, boolean hasPiped, Object piped, int line) {
        Arg first = cmd.get(0);
        if (first instanceof Ident id) {
            List<Object> args = new ArrayList<>();
            for (Arg a : cmd.subList(1, cmd.size())) args.add(operand(a, dot));
            if (hasPiped) args.add(piped);
            return Funcs.call(id.name(), args, line);
        }
        if (cmd.size() > 1 || hasPiped) throw GoTemplate.error(line + ": can't give argument to non-function " + describe(first));
        return operand(first, dot);
    }

    private static String describe(Arg a) {
        if (a instanceof Field f) return "." + String.join(".", f.names());
        if (a instanceof Var v) return v.name();
        if (a instanceof Literal l) return String.valueOf(l.value());
        return ".";
    }

    private Object operand(Arg a, Object dot) {
        if (a instanceof Dot) return dot;
        if (a instanceof Literal l) return l.value() instanceof Integer i ? (Object) i.longValue() : l.value();
        if (a instanceof Field f) return fields(dot, f.names());
        if (a instanceof Var v) return fields(lookupVar(v.name()), v.fields());
        if (a instanceof Sub s) return fields(evalCommands(s.pipe(), dot), s.fields());
        Ident id = (Ident) a;
        return Funcs.call(id.name(), List.of(), 0);
    }

    private Object fields(Object receiver, List<String> names) {
        Object v = receiver;
        for (String name : names) {
            if (v instanceof Map<?, ?> m) {
                v = m.containsKey(name) ? m.get(name) : Missing.VALUE;
            } else if (v == null || v == Missing.VALUE) {
                throw GoTemplate.error("nil pointer evaluating interface {}." + name);
            } else {
                throw GoTemplate.error("can't evaluate field " + name + " in type " + kind(v));
            }
        }
        return v;
    }
}
