package dev.tollgate.facts;

import java.math.BigDecimal;

/** Keeps output numbers readable: no trailing zeros and never exponent form ({@code 1460}, not {@code 1.46E+3}). */
final class Decimals {

    private Decimals() {}

    static BigDecimal clean(BigDecimal d) {
        if (d == null) return null;
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
