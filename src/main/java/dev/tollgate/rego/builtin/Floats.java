package dev.tollgate.rego.builtin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * OPA computes non-integer arithmetic with Go's big.Float at 64 bits of mantissa and prints the shortest
 * decimal that reads back as the same float. These helpers reproduce that on BigDecimal, so that
 * {@code 1 / 3} is {@code 0.3333333333333333333} here as it is in OPA.
 */
public final class Floats {
    private Floats() {}

    private static final int MANTISSA = 64;
    private static final BigInteger LOW = BigInteger.ONE.shiftLeft(MANTISSA - 1);
    private static final BigInteger HIGH = BigInteger.ONE.shiftLeft(MANTISSA);

    /** The exact value of the 64-bit-mantissa float nearest to d. */
    public static BigDecimal binary(BigDecimal d) {
        if (d.signum() == 0) return BigDecimal.ZERO;
        BigInteger num = d.unscaledValue().abs();
        BigInteger den = BigInteger.ONE;
        if (d.scale() > 0) den = BigInteger.TEN.pow(d.scale());
        else num = num.multiply(BigInteger.TEN.pow(-d.scale()));
        BigDecimal r = nearest(num, den);
        return d.signum() < 0 ? r.negate() : r;
    }

    /** x / y rounded as big.Float.Quo does, then shortened. */
    public static BigDecimal divide(BigDecimal x, BigDecimal y) {
        BigDecimal bx = binary(x), by = binary(y);
        if (bx.signum() == 0) return BigDecimal.ZERO;
        BigInteger[] fx = fraction(bx), fy = fraction(by);
        BigInteger num = fx[0].abs().multiply(fy[1]);
        BigInteger den = fx[1].multiply(fy[0].abs());
        BigDecimal q = nearest(num, den);
        if (bx.signum() * by.signum() < 0) q = q.negate();
        return shortest(q);
    }

    /** A result of exact arithmetic on binary values, rounded to 64 bits and shortened. */
    public static BigDecimal round(BigDecimal exact) {
        return shortest(binary(exact));
    }

    /** The shortest decimal that rounds to the same 64-bit float as b. */
    public static BigDecimal shortest(BigDecimal b) {
        if (b.signum() == 0) return BigDecimal.ZERO;
        BigDecimal target = binary(b);
        for (int p = 1; p <= 40; p++) {
            BigDecimal c = b.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (binary(c).compareTo(target) == 0) return c.stripTrailingZeros();
        }
        return b.stripTrailingZeros();
    }

    private static BigInteger[] fraction(BigDecimal d) {
        BigInteger num = d.unscaledValue();
        BigInteger den = BigInteger.ONE;
        if (d.scale() > 0) den = BigInteger.TEN.pow(d.scale());
        else num = num.multiply(BigInteger.TEN.pow(-d.scale()));
        return new BigInteger[]{num, den};
    }

    /** num/den (positive) rounded half-to-even to a 64-bit mantissa, as an exact decimal. */
    private static BigDecimal nearest(BigInteger num, BigInteger den) {
        int e = num.bitLength() - den.bitLength() - MANTISSA;
        while (true) {
            BigInteger n = e < 0 ? num.shiftLeft(-e) : num;
            BigInteger dd = e > 0 ? den.shiftLeft(e) : den;
            BigInteger[] qr = n.divideAndRemainder(dd);
            BigInteger m = qr[0];
            if (m.compareTo(LOW) < 0) {
                e--;
                continue;
            }
            if (m.compareTo(HIGH) >= 0) {
                e++;
                continue;
            }
            int c = qr[1].shiftLeft(1).compareTo(dd);
            if (c > 0 || (c == 0 && m.testBit(0))) m = m.add(BigInteger.ONE);
            if (m.equals(HIGH)) {
                m = m.shiftRight(1);
                e++;
            }
            BigDecimal r = new BigDecimal(m);
            return e >= 0 ? r.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(e)))
                    : r.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
        }
    }
}
