package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.Value;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * count, sum, product, max, min, sort, all, any. Sums and products of integers are exact; as soon as one element
 * has a fraction OPA switches to {@code big.Float} arithmetic, which {@link GoBigFloat} reproduces bit for bit.
 */
public final class Aggregates implements BuiltinRegistry.Family {
    @Override
    public void register(BuiltinRegistry r) {
        r.register("count", 1, (ctx, a) -> count(a));
        r.register("sum", 1, (ctx, a) -> sum(a));
        r.register("product", 1, (ctx, a) -> product(a));
        r.register("max", 1, (ctx, a) -> extreme("max", a, true));
        r.register("min", 1, (ctx, a) -> extreme("min", a, false));
        r.register("sort", 1, (ctx, a) -> sort(a));
        r.register("all", 1, (ctx, a) -> all(a));
        r.register("any", 1, (ctx, a) -> any(a));
    }

    private static Value count(Value[] a) {
        if (a[0] instanceof Value.Arr arr) return Value.num(arr.size());
        if (a[0] instanceof Value.Obj o) return Value.num(o.size());
        if (a[0] instanceof Value.SetV s) return Value.num(s.size());
        if (a[0] instanceof Value.Str s) return Value.num(s.value().codePointCount(0, s.value().length()));
        throw Operands.oneOf("count", a, 0, "array", "object", "set", "string");
    }

    private static Value sum(Value[] a) {
        List<Value> xs = numbersOf("sum", a);
        BigInteger exact = BigInteger.ZERO;
        boolean integral = true;
        for (Value x : xs) {
            if (!(x instanceof Value.Num n) || !n.isInteger()) { integral = false; break; }
            exact = exact.add(n.bigInteger());
        }
        if (integral) return Value.num(exact);
        GoBigFloat acc = GoBigFloat.ZERO;
        for (Value x : xs) acc = acc.add(GoBigFloat.of(element("sum", a[0], x).value(), GoBigFloat.DEFAULT_PRECISION));
        return Value.num(acc.shortestDecimal());
    }

    private static Value product(Value[] a) {
        List<Value> xs = numbersOf("product", a);
        BigInteger exact = BigInteger.ONE;
        boolean integral = true;
        for (Value x : xs) {
            if (!(x instanceof Value.Num n) || !n.isInteger()) { integral = false; break; }
            exact = exact.multiply(n.bigInteger());
        }
        if (integral) return Value.num(exact);
        // OPA starts from big.NewFloat(1), a float64: the product keeps 53 bits.
        GoBigFloat acc = GoBigFloat.of(BigInteger.ONE, GoBigFloat.FLOAT64_PRECISION);
        for (Value x : xs) acc = acc.multiply(GoBigFloat.of(element("product", a[0], x).value(), GoBigFloat.DEFAULT_PRECISION));
        return Value.num(acc.shortestDecimal());
    }

    private static List<Value> numbersOf(String fn, Value[] a) {
        if (a[0] instanceof Value.Arr arr) return arr.elements();
        if (a[0] instanceof Value.SetV s) return s.elements();
        throw Operands.oneOf(fn, a, 0, "set", "array");
    }

    private static Value.Num element(String fn, Value collection, Value x) {
        if (x instanceof Value.Num n) return n;
        throw Operands.element(fn, 1, collection, x, "number");
    }

    /** Undefined for an empty collection, as in OPA; among equal values (1 and 1.0) the last one wins, as there. */
    private static Value extreme(String fn, Value[] a, boolean max) {
        List<Value> xs = numbersOf(fn, a);
        if (xs.isEmpty()) return null;
        Value best = xs.get(0);
        for (Value x : xs) {
            int c = x.compareTo(best);
            if (max ? c >= 0 : c <= 0) best = x;
        }
        return best;
    }

    private static Value sort(Value[] a) {
        List<Value> xs = new ArrayList<>(numbersOf("sort", a));
        Collections.sort(xs);
        return Value.Arr.wrap(xs);
    }

    private static Value all(Value[] a) {
        for (Value x : trueCandidates("all", a)) if (!Value.TRUE.equals(x)) return Value.FALSE;
        return Value.TRUE;
    }

    private static Value any(Value[] a) {
        for (Value x : trueCandidates("any", a)) if (Value.TRUE.equals(x)) return Value.TRUE;
        return Value.FALSE;
    }

    private static List<Value> trueCandidates(String fn, Value[] a) {
        if (a[0] instanceof Value.Arr arr) return arr.elements();
        if (a[0] instanceof Value.SetV s) return s.elements();
        throw Operands.oneOf(fn, a, 0, "array", "set");
    }
}
