package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * units.parse ("10G", "1500m", "2.5e6Mi" → number) and units.parse_bytes ("10GB", "4mb" → integer bytes),
 * with OPA's splitting rules and messages. units.parse computes on exact rationals; parse_bytes on a 64-bit
 * binary float that is then truncated, as OPA does.
 */
public final class Units implements BuiltinRegistry.Family {
    private static final BigInteger KILO = BigInteger.valueOf(1000);
    private static final BigInteger KIBI = BigInteger.valueOf(1024);

    /** units.parse: SI decimal units (m, k/K, M, G, T, P, E) and binary ones (Ki, Mi, ...); case matters only for m vs M. */
    private static final Map<String, BigDecimal> UNITS = Map.ofEntries(
            // OPA multiplies by the float64 0.001, so a milli is that binary value, not exactly 1/1000.
            Map.entry("m", new BigDecimal(0.001)),
            Map.entry("", BigDecimal.ONE),
            Map.entry("k", dec(KILO, 1)), Map.entry("K", dec(KILO, 1)),
            Map.entry("ki", dec(KIBI, 1)), Map.entry("Ki", dec(KIBI, 1)),
            Map.entry("M", dec(KILO, 2)),
            Map.entry("mi", dec(KIBI, 2)), Map.entry("Mi", dec(KIBI, 2)),
            Map.entry("g", dec(KILO, 3)), Map.entry("G", dec(KILO, 3)),
            Map.entry("gi", dec(KIBI, 3)), Map.entry("Gi", dec(KIBI, 3)),
            Map.entry("t", dec(KILO, 4)), Map.entry("T", dec(KILO, 4)),
            Map.entry("ti", dec(KIBI, 4)), Map.entry("Ti", dec(KIBI, 4)),
            Map.entry("p", dec(KILO, 5)), Map.entry("P", dec(KILO, 5)),
            Map.entry("pi", dec(KIBI, 5)), Map.entry("Pi", dec(KIBI, 5)),
            Map.entry("e", dec(KILO, 6)), Map.entry("E", dec(KILO, 6)),
            Map.entry("ei", dec(KIBI, 6)), Map.entry("Ei", dec(KIBI, 6)));

    /** units.parse_bytes: lower-cased units, the trailing "b" optional. */
    private static final Map<String, BigInteger> BYTE_UNITS = Map.ofEntries(
            Map.entry("", BigInteger.ONE),
            Map.entry("kb", KILO), Map.entry("k", KILO), Map.entry("kib", KIBI), Map.entry("ki", KIBI),
            Map.entry("mb", KILO.pow(2)), Map.entry("m", KILO.pow(2)), Map.entry("mib", KIBI.pow(2)), Map.entry("mi", KIBI.pow(2)),
            Map.entry("gb", KILO.pow(3)), Map.entry("g", KILO.pow(3)), Map.entry("gib", KIBI.pow(3)), Map.entry("gi", KIBI.pow(3)),
            Map.entry("tb", KILO.pow(4)), Map.entry("t", KILO.pow(4)), Map.entry("tib", KIBI.pow(4)), Map.entry("ti", KIBI.pow(4)),
            Map.entry("pb", KILO.pow(5)), Map.entry("p", KILO.pow(5)), Map.entry("pib", KIBI.pow(5)), Map.entry("pi", KIBI.pow(5)),
            Map.entry("eb", KILO.pow(6)), Map.entry("e", KILO.pow(6)), Map.entry("eib", KIBI.pow(6)), Map.entry("ei", KIBI.pow(6)));

    /** More exponent digits than this are refused before any arithmetic. */
    private static final int MAX_EXPONENT_DIGITS = 6;

    @Override
    public void register(BuiltinRegistry r) {
        r.register("units.parse", 1, (ctx, a) -> parse(Operands.string("units.parse", a, 0)));
        r.register("units.parse_bytes", 1, (ctx, a) -> parseBytes(Operands.string("units.parse_bytes", a, 0)));
    }

    private static BigDecimal dec(BigInteger base, int power) {
        return new BigDecimal(base.pow(power));
    }

    static Value parse(String raw) {
        String fn = "units.parse";
        String s = raw.replace("\"", "");
        if (s.contains(" ")) throw RegoError.builtin(fn, "spaces not allowed in resource strings");
        String[] numUnit = split(fn, s);
        if (numUnit[0].isEmpty()) throw RegoError.builtin(fn, "no amount provided");
        String unit = numUnit[1];
        // Only what follows the first letter is lower-cased, so that m (milli) and M (mega) stay apart.
        if (unit.length() > 1) unit = unit.charAt(0) + unit.substring(1).toLowerCase(Locale.ROOT);
        BigDecimal multiplier = UNITS.get(unit);
        if (multiplier == null) throw RegoError.builtin(fn, "unit " + unit + " not recognized");
        BigDecimal amount = decimal(numUnit[0]);
        if (amount == null) throw RegoError.builtin(fn, "could not parse amount to a number");
        BigDecimal value = amount.multiply(multiplier);
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (stripped.scale() <= 0) return Value.num(stripped.toBigIntegerExact());
        // Non-integers print with ten decimals, halves rounded away from zero (big.Rat.FloatString(10)).
        return Value.num(value.setScale(10, RoundingMode.HALF_UP));
    }

    static Value parseBytes(String raw) {
        String fn = "units.parse_bytes";
        String s = raw.toLowerCase(Locale.ROOT).replace("\"", "");
        if (s.contains(" ")) throw RegoError.builtin(fn, "spaces not allowed in resource strings");
        String[] numUnit = split(fn, s);
        if (numUnit[0].isEmpty()) throw RegoError.builtin(fn, "no byte amount provided");
        BigInteger multiplier = BYTE_UNITS.get(numUnit[1]);
        if (multiplier == null) throw RegoError.builtin(fn, "byte unit " + numUnit[1] + " not recognized");
        BigDecimal amount = decimal(numUnit[0]);
        if (amount == null) throw RegoError.builtin(fn, "could not parse byte amount to a number");
        GoBigFloat product = GoBigFloat.of(amount, GoBigFloat.DEFAULT_PRECISION)
                .multiply(GoBigFloat.of(multiplier, GoBigFloat.DEFAULT_PRECISION));
        return Value.num(product.truncate());
    }

    /**
     * Splits "10.5e3Mi" into "10.5e3" and "Mi": the number runs over digits, '.', '+', '-' and an 'e' that is
     * followed by a digit or sign (otherwise the 'e' starts the unit, as in "1e" = one exa).
     */
    private static String[] split(String fn, String s) {
        int cut = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean numeric = isDigit(c) || c == '.' || c == '+' || c == '-';
            if (!numeric && c != 'e' && c != 'E') { cut = i; break; }
            if (c == 'e' || c == 'E') {
                if (i == s.length() - 1) { cut = i; break; }
                char next = s.charAt(i + 1);
                if (!isDigit(next) && next != '+' && next != '-') { cut = i; break; }
                if (next == '+' || next == '-') i++;
                int end = i + 1;
                while (end < s.length() && isDigit(s.charAt(end))) end++;
                if (end - (i + 1) > MAX_EXPONENT_DIGITS) throw RegoError.builtin(fn, "exponent too large");
            }
        }
        if (cut == -1) return new String[]{s, ""};
        return new String[]{s.substring(0, cut), s.substring(cut)};
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A signed decimal with optional fraction and exponent, as Go's big.Rat and big.Float read it; null if malformed. */
    private static BigDecimal decimal(String s) {
        if (!Types.GoFloatSyntax.DECIMAL.matcher(s).matches()) return null;
        return new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
    }
}
