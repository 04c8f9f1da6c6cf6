package dev.tollgate.rego.builtin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's strconv.FormatFloat for 'e', 'E', 'f', 'F', 'g', 'G', 'x', 'X' and 'b': digits come from the exact binary
 * value, rounded half-to-even, and precision -1 asks for the fewest digits that read back as the same float64.
 */
final class FloatFormat {
    private FloatFormat() {}

    /** Decimal digits without leading or trailing zeros, and the position of the decimal point relative to them. */
    private record Digits(String d, int dp) {}

    static String format(double v, int verb, int prec) {
        boolean neg = v < 0 || (v == 0 && 1 / v < 0);
        double a = Math.abs(v);
        if (Double.isInfinite(a)) return neg ? "-Inf" : "+Inf";
        if (Double.isNaN(a)) return "NaN";
        String sign = neg ? "-" : "";
        if (verb == 'x' || verb == 'X') return sign + hex(a, prec, verb == 'X');
        if (verb == 'b') return sign + binary(a);
        boolean shortest = prec < 0;
        Digits d;
        if (shortest) {
            d = shortest(a);
            prec = switch (verb) {
                case 'e', 'E' -> Math.max(d.d.length() - 1, 0);
                case 'f', 'F' -> Math.max(d.d.length() - d.dp, 0);
                default -> d.d.length();
            };
        } else {
            d = switch (verb) {
                case 'e', 'E' -> rounded(a, prec + 1);
                case 'f', 'F' -> fixed(a, prec);
                default -> rounded(a, prec == 0 ? 1 : prec);
            };
            if ((verb == 'g' || verb == 'G') && prec == 0) prec = 1;
        }
        return sign + switch (verb) {
            case 'e', 'E' -> fmtE(d, prec, (char) verb);
            case 'f', 'F' -> fmtF(d, prec);
            default -> {
                int eprec = prec;
                if (eprec > d.d.length() && d.d.length() >= d.dp) eprec = d.d.length();
                if (shortest) eprec = 6;
                int exp = d.dp - 1;
                if (d.d.isEmpty()) exp = 0;
                if (exp < -4 || exp >= eprec) {
                    int p = Math.min(prec, d.d.length());
                    yield fmtE(d, p - 1, verb == 'g' ? 'e' : 'E');
                }
                int p = prec > d.dp ? d.d.length() : prec;
                yield fmtF(d, Math.max(p - d.dp, 0));
            }
        };
    }

    private static Digits digitsOf(BigDecimal x) {
        if (x.signum() == 0) return new Digits("", 0);
        BigDecimal s = x.stripTrailingZeros();
        String digits = s.unscaledValue().toString();
        return new Digits(digits, digits.length() - s.scale());
    }

    /** The fewest digits that read back as the same float64; the closest such when there is a choice. */
    private static Digits shortest(double a) {
        if (a == 0) return new Digits("", 0);
        BigDecimal exact = new BigDecimal(a);
        for (int n = 1; n <= 17; n++) {
            BigDecimal c = exact.round(new MathContext(n, RoundingMode.HALF_EVEN));
            if (c.doubleValue() == a) return digitsOf(c);
        }
        return digitsOf(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));
    }

    private static Digits rounded(double a, int significant) {
        if (a == 0) return new Digits("", 0);
        return digitsOf(new BigDecimal(a).round(new MathContext(significant, RoundingMode.HALF_EVEN)));
    }

    private static Digits fixed(double a, int decimals) {
        return digitsOf(new BigDecimal(a).setScale(decimals, RoundingMode.HALF_EVEN));
    }

    private static String fmtE(Digits d, int prec, char e) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.d.isEmpty() ? '0' : d.d.charAt(0));
        if (prec > 0) {
            sb.append('.');
            int i = 1, m = Math.min(d.d.length(), prec + 1);
            if (i < m) { sb.append(d.d, i, m); i = m; }
            for (; i <= prec; i++) sb.append('0');
        }
        sb.append(e);
        int exp = d.d.isEmpty() ? 0 : d.dp - 1;
        sb.append(exp < 0 ? '-' : '+');
        exp = Math.abs(exp);
        if (exp < 10) sb.append('0');
        return sb.append(exp).toString();
    }

    private static String fmtF(Digits d, int prec) {
        StringBuilder sb = new StringBuilder();
        if (d.dp > 0) {
            int m = Math.min(d.d.length(), d.dp);
            sb.append(d.d, 0, m);
            for (; m < d.dp; m++) sb.append('0');
        } else {
            sb.append('0');
        }
        if (prec > 0) {
            sb.append('.');
            for (int i = 0; i < prec; i++) {
                int j = d.dp + i;
                sb.append(j >= 0 && j < d.d.length() ? d.d.charAt(j) : '0');
            }
        }
        return sb.toString();
    }

    /** %x: 0x1.8p+01, the mantissa normalised to a leading 1, shortest unless a precision asks for hex digits. */
    private static String hex(double a, int prec, boolean upper) {
        long bits = Double.doubleToRawLongBits(a);
        long mant = bits & ((1L << 52) - 1);
        int exp = (int) ((bits >>> 52) & 0x7FF);
        if (a == 0) {
            mant = 0;
            exp = 0;
        } else if (exp == 0) {
            exp = -1022; // subnormal: shift the mantissa up to a leading 1
            while ((mant & (1L << 52)) == 0) { mant <<= 1; exp--; }
            mant &= (1L << 52) - 1;
        } else {
            exp -= 1023;
        }
        // 52 fraction bits are 13 hex digits; round half-even when a precision cuts them.
        BigInteger m = BigInteger.valueOf(mant | (a == 0 ? 0 : 1L << 52));
        int fracDigits = 13;
        if (prec >= 0 && prec < 13) {
            int drop = 4 * (13 - prec);
            BigInteger kept = m.shiftRight(drop);
            BigInteger rest = m.subtract(kept.shiftLeft(drop));
            BigInteger half = BigInteger.ONE.shiftLeft(drop - 1);
            int c = rest.compareTo(half);
            if (c > 0 || (c == 0 && kept.testBit(0))) kept = kept.add(BigInteger.ONE);
            if (kept.bitLength() > 1 + 4 * prec) { kept = kept.shiftRight(1); exp++; }
            m = kept;
            fracDigits = prec;
        }
        String all = m.toString(16);
        String lead = all.substring(0, all.length() - fracDigits);
        String frac = fracDigits == 0 ? "" : all.substring(all.length() - fracDigits);
        if (prec < 0) frac = frac.replaceFirst("0+$", "");
        while (prec > fracDigits && frac.length() < prec) frac += "0";
        String s = "0x" + (a == 0 ? "0" : lead) + (frac.isEmpty() ? "" : "." + frac) + "p" + (exp < 0 ? "-" : "+")
                + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        return upper ? s.toUpperCase(java.util.Locale.ROOT) : s;
    }

    /** %b: decimal mantissa and binary exponent, "4503599627370496p-52". */
    private static String binary(double a) {
        long bits = Double.doubleToRawLongBits(a);
        long mant = bits & ((1L << 52) - 1);
        int exp = (int) ((bits >>> 52) & 0x7FF);
        if (exp == 0) exp = 1; else mant |= 1L << 52;
        exp -= 1023 + 52;
        return mant + "p" + (exp < 0 ? "-" : "+") + Math.abs(exp);
    }
}
