package dev.tollgate.rego.builtin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A binary floating-point number with a fixed mantissa width, rounded half-to-even after every step:
 * the arithmetic of Go's {@code big.Float}. OPA's builtins fall back to it for non-integers
 * ({@code sum} and {@code units.parse_bytes} at 64 bits, {@code product} at 53 because it starts from
 * {@code big.NewFloat(1)}), so results only match OPA's if they are rounded the same way.
 * The value is {@code mantissa * 2^exponent}; immutable.
 */
final class GoBigFloat {
    /** The precision {@code big.Float.SetString} gives a fresh float. */
    static final int DEFAULT_PRECISION = 64;
    /** The precision of a float made from a float64 ({@code big.NewFloat}). */
    static final int FLOAT64_PRECISION = 53;

    static final GoBigFloat ZERO = new GoBigFloat(BigInteger.ZERO, 0, DEFAULT_PRECISION);

    private final BigInteger mantissa;
    private final int exponent;
    private final int precision;

    private GoBigFloat(BigInteger mantissa, int exponent, int precision) {
        this.mantissa = mantissa;
        this.exponent = exponent;
        this.precision = precision;
    }

    /** The decimal rounded to {@code precision} bits, as {@code SetString} does. */
    static GoBigFloat of(BigDecimal d, int precision) {
        if (d.signum() == 0) return new GoBigFloat(BigInteger.ZERO, 0, precision);
        BigInteger unscaled = d.unscaledValue();
        int scale = d.scale();
        if (scale <= 0) {
            return rounded(unscaled.multiply(BigInteger.TEN.pow(-scale)), 0, false, precision);
        }
        // A true fraction: divide with enough quotient bits to round once, keeping the remainder as sticky bit.
        BigInteger num = unscaled.abs();
        BigInteger den = BigInteger.TEN.pow(scale);
        int shift = precision + 2 - (num.bitLength() - den.bitLength());
        BigInteger[] qr = shift >= 0 ? num.shiftLeft(shift).divideAndRemainder(den)
                : num.divideAndRemainder(den.shiftLeft(-shift));
        BigInteger q = unscaled.signum() < 0 ? qr[0].negate() : qr[0];
        return rounded(q, -shift, qr[1].signum() != 0, precision);
    }

    static GoBigFloat of(BigInteger i, int precision) {
        return rounded(i, 0, false, precision);
    }

    int precision() { return precision; }

    GoBigFloat add(GoBigFloat o) {
        int e = Math.min(exponent, o.exponent);
        BigInteger a = mantissa.shiftLeft(exponent - e);
        BigInteger b = o.mantissa.shiftLeft(o.exponent - e);
        return rounded(a.add(b), e, false, precision);
    }

    GoBigFloat multiply(GoBigFloat o) {
        return rounded(mantissa.multiply(o.mantissa), exponent + o.exponent, false, precision);
    }

    /** {@code x / y} as {@code big.Float.Quo}: rounded once from a quotient kept with a sticky remainder bit. */
    GoBigFloat quo(GoBigFloat o) {
        if (o.signum() == 0) throw new ArithmeticException("division by zero");
        int prec = Math.max(precision, o.precision);
        if (signum() == 0) return new GoBigFloat(BigInteger.ZERO, 0, prec);
        BigInteger num = mantissa.abs(), den = o.mantissa.abs();
        int shift = Math.max(0, prec + 2 - (num.bitLength() - den.bitLength()));
        BigInteger[] qr = num.shiftLeft(shift).divideAndRemainder(den);
        BigInteger q = signum() * o.signum() < 0 ? qr[0].negate() : qr[0];
        return rounded(q, exponent - o.exponent - shift, qr[1].signum() != 0, prec);
    }

    int signum() { return mantissa.signum(); }

    GoBigFloat negate() { return new GoBigFloat(mantissa.negate(), exponent, precision); }

    GoBigFloat abs() { return signum() < 0 ? negate() : this; }

    boolean isInteger() { return exponent >= 0 || mantissa.getLowestSetBit() >= -exponent || mantissa.signum() == 0; }

    /** Truncated toward zero, as {@code big.Float.Int}. */
    BigInteger truncate() {
        if (exponent >= 0) return mantissa.shiftLeft(exponent);
        BigInteger abs = mantissa.abs().shiftRight(-exponent);
        return mantissa.signum() < 0 ? abs.negate() : abs;
    }

    /** The exact value. */
    BigDecimal exact() {
        if (exponent >= 0) return new BigDecimal(mantissa.shiftLeft(exponent));
        return new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
    }

    /**
     * The shortest decimal that reads back as this float, which is what OPA keeps of a result
     * ({@code FloatToNumber} prints with precision -1).
     */
    BigDecimal shortestDecimal() {
        if (mantissa.signum() == 0) return BigDecimal.ZERO;
        BigDecimal exact = exact();
        // Reading back is monotonic in the digit count (more digits round closer), so search for the fewest.
        int lo = 1, hi = (int) Math.ceil(precision * Math.log10(2)) + 2;
        BigDecimal best = exact;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            BigDecimal candidate = exact.round(new MathContext(mid, RoundingMode.HALF_EVEN));
            if (of(candidate, precision).equals(this)) {
                best = candidate;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return strip(best);
    }

    private static BigDecimal strip(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** Equal values, whatever their precision: compared with trailing zero bits removed. */
    @Override public boolean equals(Object o) {
        if (!(o instanceof GoBigFloat f)) return false;
        if (mantissa.signum() == 0 || f.mantissa.signum() == 0) return mantissa.signum() == f.mantissa.signum();
        int a = mantissa.getLowestSetBit(), b = f.mantissa.getLowestSetBit();
        return exponent + a == f.exponent + b && mantissa.shiftRight(a).equals(f.mantissa.shiftRight(b));
    }

    @Override public int hashCode() {
        if (mantissa.signum() == 0) return 0;
        int a = mantissa.getLowestSetBit();
        return mantissa.shiftRight(a).hashCode() * 31 + exponent + a;
    }

    @Override public String toString() { return exact().toPlainString(); }

    /** {@code m * 2^e}, plus a sticky "something below" bit, rounded half-to-even to {@code precision} bits. */
    private static GoBigFloat rounded(BigInteger m, int e, boolean sticky, int precision) {
        if (m.signum() == 0) return new GoBigFloat(BigInteger.ZERO, 0, precision);
        BigInteger abs = m.abs();
        int excess = abs.bitLength() - precision;
        if (excess <= 0) {
            // Exact in this precision; the sticky bit can only be set when the caller kept extra quotient bits.
            return new GoBigFloat(m, e, precision);
        }
        BigInteger kept = abs.shiftRight(excess);
        BigInteger dropped = abs.subtract(kept.shiftLeft(excess));
        BigInteger half = BigInteger.ONE.shiftLeft(excess - 1);
        int c = dropped.compareTo(half);
        boolean up = c > 0 || (c == 0 && (sticky || kept.testBit(0)));
        if (up) kept = kept.add(BigInteger.ONE);
        return new GoBigFloat(m.signum() < 0 ? kept.negate() : kept, e + excess, precision);
    }
}
