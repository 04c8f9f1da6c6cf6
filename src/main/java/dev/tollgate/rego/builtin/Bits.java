package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.math.BigInteger;
import java.util.function.BinaryOperator;

/** bits.and, bits.or, bits.xor, bits.negate, bits.lsh, bits.rsh on integers of any size (two's complement, like Go's big.Int). */
public final class Bits implements BuiltinRegistry.Family {
    /** The widest result a left shift may produce; Go would try to allocate it and run out of memory instead. */
    private static final int MAX_SHIFT = 1 << 26;

    @Override
    public void register(BuiltinRegistry r) {
        binary(r, "bits.and", BigInteger::and);
        binary(r, "bits.or", BigInteger::or);
        binary(r, "bits.xor", BigInteger::xor);
        r.register("bits.negate", 1, (ctx, a) -> Value.num(bigInt("bits.negate", a, 0).not()));
        r.register("bits.lsh", 2, (ctx, a) -> {
            BigInteger x = bigInt("bits.lsh", a, 0);
            int n = shiftCount("bits.lsh", a);
            if (x.signum() == 0) return Value.num(0);
            if (n > MAX_SHIFT) throw RegoError.builtin("bits.lsh", "shift count too large");
            return Value.num(x.shiftLeft(n));
        });
        r.register("bits.rsh", 2, (ctx, a) -> {
            BigInteger x = bigInt("bits.rsh", a, 0);
            int n = shiftCount("bits.rsh", a);
            // Shifting out every bit leaves the sign: 0, or -1 for negatives (Go rounds toward negative infinity).
            return Value.num(n > x.bitLength() ? BigInteger.valueOf(x.signum() < 0 ? -1 : 0) : x.shiftRight(n));
        });
    }

    private static void binary(BuiltinRegistry r, String name, BinaryOperator<BigInteger> op) {
        r.register(name, 2, (ctx, a) -> Value.num(op.apply(bigInt(name, a, 0), bigInt(name, a, 1))));
    }

    /** OPA's {@code BigIntOperand}: a non-number is reported as "must be integer". */
    private static BigInteger bigInt(String fn, Value[] a, int i) {
        if (!(a[i] instanceof Value.Num)) throw RegoError.operand(fn, i + 1, "integer", a[i]);
        return Operands.integer(fn, a, i);
    }

    /** Shift counts are unsigned; counts past int range saturate (any such shift empties or overflows anyway). */
    private static int shiftCount(String fn, Value[] a) {
        BigInteger n = bigInt(fn, a, 1);
        if (n.signum() < 0) throw Operands.invalid(fn, 2, "must be an unsigned integer number but got a negative integer");
        return n.bitLength() > 31 ? Integer.MAX_VALUE : n.intValue();
    }
}
