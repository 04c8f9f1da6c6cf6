package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.Values;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The operators ({@code = == != < + - * / % & |}, {@code in}) and the builtins the evaluator itself leans on:
 * print, template strings, walk, rego.* and the network builtins, which Tollgate answers without a network.
 * Arithmetic is exact on integers of any size; non-integers follow OPA's 64-bit-mantissa floats
 * ({@link GoBigFloat}) so results print the same.
 */
public final class Operators implements BuiltinRegistry.Family {

    /** Builtins that are relations: they answer an array of results, each a separate solution. */
    public static final Set<String> RELATIONS = Set.of("walk");

    @Override
    public void register(BuiltinRegistry r) {
        r.register("eq", 2, (ctx, a) -> Value.bool(a[0].equals(a[1])));
        r.register("assign", 2, (ctx, a) -> Value.bool(a[0].equals(a[1])));
        r.register("equal", 2, (ctx, a) -> Value.bool(a[0].equals(a[1])));
        r.register("neq", 2, (ctx, a) -> Value.bool(!a[0].equals(a[1])));
        r.register("lt", 2, (ctx, a) -> Value.bool(a[0].compareTo(a[1]) < 0));
        r.register("lte", 2, (ctx, a) -> Value.bool(a[0].compareTo(a[1]) <= 0));
        r.register("gt", 2, (ctx, a) -> Value.bool(a[0].compareTo(a[1]) > 0));
        r.register("gte", 2, (ctx, a) -> Value.bool(a[0].compareTo(a[1]) >= 0));

        r.register("plus", 2, (ctx, a) -> arith("plus", a, BigDecimal::add, GoBigFloat::add));
        r.register("mul", 2, (ctx, a) -> arith("mul", a, BigDecimal::multiply, GoBigFloat::multiply));
        r.register("minus", 2, Operators::minus);
        r.register("div", 2, Operators::div);
        r.register("rem", 2, Operators::rem);
        r.register("and", 2, (ctx, a) -> {
            Set<Value> x = new HashSet<>(Operands.set("and", a, 0).asSet());
            x.retainAll(Operands.set("and", a, 1).asSet());
            return Value.SetV.wrap(x);
        });
        r.register("or", 2, (ctx, a) -> {
            Set<Value> x = new HashSet<>(Operands.set("or", a, 0).asSet());
            x.addAll(Operands.set("or", a, 1).asSet());
            return Value.SetV.wrap(x);
        });

        r.register("internal.member_2", 2, (ctx, a) -> Value.bool(member(a[0], a[1])));
        r.register("internal.member_3", 3, (ctx, a) -> {
            Value found = lookup(a[2], a[0]);
            return Value.bool(found != null && found.equals(a[1]));
        });

        r.register("print", -1, (ctx, a) -> {
            List<String> parts = new ArrayList<>();
            for (Value v : a) parts.add(text(v));
            ctx.print(String.join(" ", parts));
            return Value.TRUE;
        });
        r.register("internal.print", 1, (ctx, a) -> {
            Value.Arr ops = Operands.array("internal.print", a, 0);
            crossProduct("internal.print", ops, 0, new String[ops.size()], line -> ctx.print(String.join(" ", line)));
            return Value.TRUE;
        });
        r.register("internal.template_string", 1, Operators::templateString);
        r.register("internal.test_case", 1, (ctx, a) -> {
            testCases(ctx).add(Operands.array("internal.test_case", a, 0));
            return Value.TRUE;
        });
        r.register("trace", 1, (ctx, a) -> {
            traceNotes(ctx).add(Operands.string("trace", a, 0));
            return Value.TRUE;
        });
        r.register("walk", 1, (ctx, a) -> {
            List<Value> out = new ArrayList<>();
            walk(a[0], new ArrayList<>(), out);
            return Value.Arr.wrap(out);
        });
        r.registerNondeterministic("opa.runtime", 0, (ctx, a) -> Value.Obj.EMPTY);
        // Inside rules the compiler substitutes each rule's own metadata; a query has none.
        r.register("rego.metadata.chain", 0, (ctx, a) -> Value.Arr.EMPTY);
        r.register("rego.metadata.rule", 0, (ctx, a) -> Value.Obj.EMPTY);
        r.register("rego.parse_module", 2, (ctx, a) ->
                ctx.interop().parseModule(Operands.string("rego.parse_module", a, 0), Operands.string("rego.parse_module", a, 1)));
        r.registerNondeterministic("http.send", 1, (ctx, a) -> {
            checkRequest(Operands.object("http.send", a, 0));
            throw RegoError.builtin("http.send", "network access is disabled in Tollgate's evaluator; mock it with `with http.send as ...`");
        });
        r.registerNondeterministic("net.lookup_ip_addr", 1, (ctx, a) -> {
            Operands.string("net.lookup_ip_addr", a, 0);
            throw RegoError.builtin("net.lookup_ip_addr", "network access is disabled in Tollgate's evaluator; mock it with `with net.lookup_ip_addr as ...`");
        });
    }

    private static final Set<String> REQUEST_KEYS = Set.of("method", "url", "body", "enable_redirect",
            "force_json_decode", "force_yaml_decode", "headers", "raw_body", "tls_use_system_certs", "tls_ca_cert",
            "tls_ca_cert_file", "tls_ca_cert_env_variable", "tls_client_cert", "tls_client_cert_file",
            "tls_client_cert_env_variable", "tls_client_key", "tls_client_key_file", "tls_client_key_env_variable",
            "tls_insecure_skip_verify", "tls_server_name", "timeout", "cache", "force_cache",
            "force_cache_duration_seconds", "raise_error", "caching_mode", "max_retry_attempts", "cache_ignored_headers");

    /** http.send's request checks, which OPA makes before any network use. */
    private static void checkRequest(Value.Obj req) {
        Set<Value> invalid = new HashSet<>();
        for (Value k : req.keys()) {
            if (!(k instanceof Value.Str s) || !REQUEST_KEYS.contains(s.value())) invalid.add(k);
        }
        if (!invalid.isEmpty()) {
            throw new RegoError(RegoError.EVAL_TYPE, "http.send: invalid request parameters(s): " + Value.SetV.wrap(invalid));
        }
        Set<Value> missing = new HashSet<>();
        for (String k : List.of("method", "url")) if (req.get(k) == null) missing.add(Value.str(k));
        if (!missing.isEmpty()) {
            throw new RegoError(RegoError.EVAL_TYPE, "http.send: missing required request parameters(s): " + Value.SetV.wrap(missing));
        }
    }

    // ------------------------------------------------------------------ arithmetic

    /** Integers stay exact at any size; anything else is computed as OPA's big.Float would. */
    private static Value arith(String name, Value[] a, java.util.function.BinaryOperator<BigDecimal> exact,
                               java.util.function.BinaryOperator<GoBigFloat> floating) {
        Value.Num x = Operands.number(name, a, 0), y = Operands.number(name, a, 1);
        BigDecimal p = exact.apply(x.value(), y.value());
        if (x.isInteger() && y.isInteger()) return Value.num(p);
        return Value.num(shortest(p, floating.apply(big(x), big(y))));
    }

    /**
     * The shortest decimal reading back as f. When the exact decimal result p reads back as f and has at most 17
     * digits it is that decimal: f's rounding interval is narrower (relatively, under 1e-18) than the gap between
     * any two numbers of 17 digits, so no shorter one fits. This settles typical prices at once.
     */
    private static BigDecimal shortest(BigDecimal p, GoBigFloat f) {
        if (p.precision() <= 17 && big(p).equals(f)) {
            BigDecimal s = p.stripTrailingZeros();
            return s.scale() < 0 ? s.setScale(0) : s;
        }
        return f.shortestDecimal();
    }

    private static GoBigFloat big(BigDecimal d) {
        return GoBigFloat.of(d, GoBigFloat.DEFAULT_PRECISION);
    }

    private static GoBigFloat big(Value.Num n) {
        return big(n.value());
    }

    private static Value minus(BuiltinContext ctx, Value[] a) {
        if (a[0] instanceof Value.Num && a[1] instanceof Value.Num) {
            return arith("minus", a, BigDecimal::subtract, (x, y) -> x.add(y.negate()));
        }
        if (a[0] instanceof Value.SetV x && a[1] instanceof Value.SetV y) {
            Set<Value> out = new HashSet<>(x.asSet());
            out.removeAll(y.asSet());
            return Value.SetV.wrap(out);
        }
        if (!(a[0] instanceof Value.Num) && !(a[0] instanceof Value.SetV)) {
            throw new RegoError(RegoError.EVAL_TYPE, "minus: operand 1 must be one of {number, set} but got " + a[0].typeName());
        }
        if (a[1] instanceof Value.Num) throw RegoError.operand("minus", 2, "set", a[1]);
        throw RegoError.operand("minus", 2, a[0] instanceof Value.SetV ? "set" : "number", a[1]);
    }

    private static Value div(BuiltinContext ctx, Value[] a) {
        Value.Num x = Operands.number("div", a, 0), y = Operands.number("div", a, 1);
        if (y.value().signum() == 0) throw RegoError.builtin("div", "divide by zero");
        if (x.isInteger() && y.isInteger() && x.value().signum() != 0) {
            BigInteger[] qr = x.bigInteger().divideAndRemainder(y.bigInteger());
            if (qr[1].signum() == 0) return Value.num(qr[0]);
        }
        return Value.num(big(x).quo(big(y)).shortestDecimal());
    }

    private static Value rem(BuiltinContext ctx, Value[] a) {
        Value.Num x = Operands.number("rem", a, 0), y = Operands.number("rem", a, 1);
        if (!x.isInteger() || !y.isInteger()) throw RegoError.builtin("rem", "modulo on floating-point number");
        if (y.value().signum() == 0) throw RegoError.builtin("rem", "modulo by zero");
        return Value.num(x.bigInteger().remainder(y.bigInteger()));
    }

    // ------------------------------------------------------------------ membership and walk

    private static boolean member(Value x, Value collection) {
        if (collection instanceof Value.SetV s) return s.contains(x);
        if (collection instanceof Value.Arr arr) return arr.elements().contains(x);
        if (collection instanceof Value.Obj o) return o.asMap().containsValue(x);
        return false;
    }

    private static Value lookup(Value collection, Value key) {
        if (collection instanceof Value.Obj o) return o.get(key);
        if (collection instanceof Value.SetV s) return s.contains(key) ? key : null;
        if (collection instanceof Value.Arr arr && key instanceof Value.Num n) {
            Integer i = n.intValue();
            return i == null || i < 0 || i >= arr.size() ? null : arr.get(i);
        }
        return null;
    }

    /** Every [path, value] under v, v itself first, children in OPA's order. */
    private static void walk(Value v, List<Value> path, List<Value> out) {
        out.add(Value.Arr.of(Value.Arr.copyOf(path), v));
        if (v instanceof Value.Arr arr) {
            for (int i = 0; i < arr.size(); i++) {
                path.add(Value.num(i));
                walk(arr.get(i), path, out);
                path.remove(path.size() - 1);
            }
        } else if (v instanceof Value.Obj o) {
            for (Value k : o.keys()) {
                path.add(k);
                walk(o.get(k), path, out);
                path.remove(path.size() - 1);
            }
        } else if (v instanceof Value.SetV s) {
            for (Value e : s.elements()) {
                path.add(e);
                walk(e, path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    // ------------------------------------------------------------------ print and template strings

    private static Value templateString(BuiltinContext ctx, Value[] a) {
        Value.Arr parts = Operands.array("internal.template_string", a, 0);
        List<String> lines = new ArrayList<>();
        crossProduct("internal.template_string", parts, 0, new String[parts.size()], line -> {
            lines.add(String.join("", line));
            if (lines.size() > 1) {
                throw new RegoError(RegoError.EVAL_CONFLICT, "template-strings must not produce multiple outputs");
            }
        });
        return Value.str(lines.isEmpty() ? "" : lines.get(0));
    }

    /**
     * Operands are primitives, printed as they are, or sets holding every value of an expression:
     * an empty set prints {@code <undefined>}, several values give one line per combination.
     */
    private static void crossProduct(String fn, Value.Arr ops, int i, String[] buf, java.util.function.Consumer<String[]> out) {
        if (i == ops.size()) {
            out.accept(buf.clone());
            return;
        }
        Value op = ops.get(i);
        if (op instanceof Value.Str || op instanceof Value.Num || op instanceof Value.Bool || op instanceof Value.Null) {
            buf[i] = text(op);
            crossProduct(fn, ops, i + 1, buf, out);
            return;
        }
        if (!(op instanceof Value.SetV s)) {
            throw new RegoError(RegoError.EVAL_TYPE, fn + ": illegal argument type: " + op.typeName());
        }
        if (s.isEmpty()) {
            buf[i] = "<undefined>";
            crossProduct(fn, ops, i + 1, buf, out);
            return;
        }
        for (Value v : s.elements()) {
            buf[i] = text(v);
            crossProduct(fn, ops, i + 1, buf, out);
        }
    }

    /** Strings as they are, everything else as Rego text. */
    private static String text(Value v) {
        return v instanceof Value.Str s ? s.value() : Values.render(v);
    }

    @SuppressWarnings("unchecked")
    private static List<Value> testCases(BuiltinContext ctx) {
        return (List<Value>) ctx.cache().computeIfAbsent("internal.test_case", k -> java.util.Collections.synchronizedList(new ArrayList<Value>()));
    }

    /** Notes recorded by trace() during a query, in order. */
    @SuppressWarnings("unchecked")
    public static List<String> traceNotes(BuiltinContext ctx) {
        return (List<String>) ctx.cache().computeIfAbsent("trace", k -> java.util.Collections.synchronizedList(new ArrayList<String>()));
    }
}
