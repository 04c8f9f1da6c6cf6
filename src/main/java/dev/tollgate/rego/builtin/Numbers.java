package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/** abs, round, ceil, floor, numbers.range, numbers.range_step and rand.intn. */
public final class Numbers implements BuiltinRegistry.Family {
    private static final long INT32_MIN = Integer.MIN_VALUE;
    private static final long INT32_MAX = Integer.MAX_VALUE;
    private static final GoBigFloat HALF = GoBigFloat.of(new BigDecimal("0.5"), GoBigFloat.FLOAT64_PRECISION);

    @Override
    public void register(BuiltinRegistry r) {
        r.register("abs", 1, (ctx, a) -> unary("abs", a, GoBigFloat::abs));
        r.register("round", 1, (ctx, a) -> unary("round", a, Numbers::round));
        r.register("ceil", 1, (ctx, a) -> unary("ceil", a, Numbers::ceil));
        r.register("floor", 1, (ctx, a) -> unary("floor", a, Numbers::floor));
        r.register("numbers.range", 2, (ctx, a) ->
                range(ctx, "numbers.range", bigInt("numbers.range", a, 0), bigInt("numbers.range", a, 1), BigInteger.ONE));
        r.register("numbers.range_step", 3, (ctx, a) -> {
            BigInteger from = bigInt("numbers.range_step", a, 0), to = bigInt("numbers.range_step", a, 1);
            BigInteger step = bigInt("numbers.range_step", a, 2);
            if (step.signum() <= 0) throw RegoError.builtin("numbers.range_step", "step must be a positive integer");
            return range(ctx, "numbers.range_step", from, to, step);
        });
        r.registerNondeterministic("rand.intn", 2, Numbers::randIntn);
    }

    /**
     * Integers in the int32 window are returned as they are (abs negates them); anything else goes through
     * a 64-bit binary float as in OPA, so huge or long-fractioned inputs round the way they do there.
     */
    private static Value unary(String fn, Value[] a, UnaryOperator<GoBigFloat> op) {
        Value.Num n = Operands.number(fn, a, 0);
        if (n.isInteger()) {
            BigInteger i = n.bigInteger();
            if (i.bitLength() < 32 && i.longValue() >= INT32_MIN && i.longValue() <= INT32_MAX) {
                return Value.num(fn.equals("abs") ? i.abs() : i);
            }
        }
        GoBigFloat f = op.apply(GoBigFloat.of(n.value(), GoBigFloat.DEFAULT_PRECISION));
        return Value.num(f.isInteger() ? new BigDecimal(f.truncate()) : f.shortestDecimal());
    }

    /** Half away from zero: add or subtract one half, then truncate. */
    private static GoBigFloat round(GoBigFloat a) {
        GoBigFloat shifted = a.add(a.signum() < 0 ? HALF.negate() : HALF);
        return exactInt(shifted.truncate());
    }

    /**
     * OPA's ceil: truncate, and add one unless the truncated value is negative or already equal.
     * Truncating a value in (-1, 0) gives +0, so OPA answers 1 for ceil(-0.5); we keep that answer.
     */
    private static GoBigFloat ceil(GoBigFloat a) {
        BigInteger i = a.truncate();
        GoBigFloat f = exactInt(i);
        if (i.signum() < 0 || a.equals(f)) return f;
        return exactInt(i.add(BigInteger.ONE));
    }

    /** OPA's floor, the mirror of ceil: floor(-0.5) is 0 there, and here. */
    private static GoBigFloat floor(GoBigFloat a) {
        BigInteger i = a.truncate();
        GoBigFloat f = exactInt(i);
        if (i.signum() >= 0 || a.equals(f)) return f;
        return exactInt(i.subtract(BigInteger.ONE));
    }

    /** {@code SetInt} on a fresh float keeps every bit of the integer. */
    private static GoBigFloat exactInt(BigInteger i) {
        return GoBigFloat.of(i, Math.max(GoBigFloat.DEFAULT_PRECISION, i.bitLength()));
    }

    /** OPA's {@code BigIntOperand}: a non-number is reported as "must be integer", not "must be number". */
    private static BigInteger bigInt(String fn, Value[] a, int i) {
        if (!(a[i] instanceof Value.Num)) throw RegoError.operand(fn, i + 1, "integer", a[i]);
        return Operands.integer(fn, a, i);
    }

    private static Value range(BuiltinContext ctx, String fn, BigInteger from, BigInteger to, BigInteger step) {
        BigInteger span = to.subtract(from).abs().divide(step);
        if (span.compareTo(BigInteger.valueOf(Integer.MAX_VALUE - 8)) >= 0) {
            throw RegoError.builtin(fn, "range of " + span.add(BigInteger.ONE) + " numbers is too large");
        }
        int n = span.intValueExact() + 1;
        BigInteger delta = from.compareTo(to) <= 0 ? step : step.negate();
        List<Value> out = new ArrayList<>(n);
        BigInteger x = from;
        for (int i = 0; i < n; i++) {
            if ((i & 0x3ff) == 0x3ff) ctx.checkCancelled();
            out.add(Value.num(x));
            x = x.add(delta);
        }
        return Value.Arr.wrap(out);
    }

    private record RandKey(String seed, long n) {}

    /** The same seed and bound give the same number throughout one query; a negative bound counts as its absolute value. */
    private static Value randIntn(BuiltinContext ctx, Value[] a) {
        String seed = Operands.string("rand.intn", a, 0);
        long n = Operands.int64("rand.intn", a, 1);
        if (n == 0) return Value.num(0);
        long bound = n == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(n);
        return (Value) ctx.cache().computeIfAbsent(new RandKey(seed, bound),
                k -> Value.num(ThreadLocalRandom.current().nextLong(bound)));
    }
}
