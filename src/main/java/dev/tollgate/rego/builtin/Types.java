package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/** Type tests (is_*), type_name, to_number and the deprecated cast_* functions. */
public final class Types implements BuiltinRegistry.Family {
    @Override
    public void register(BuiltinRegistry r) {
        r.register("is_array", 1, (ctx, a) -> Value.bool(a[0] instanceof Value.Arr));
        r.register("is_boolean", 1, (ctx, a) -> Value.bool(a[0] instanceof Value.Bool));
        r.register("is_null", 1, (ctx, a) -> Value.bool(a[0] instanceof Value.Null));
        r.register("is_number", 1, (ctx, a) -> Value.bool(a[0] instanceof Value.Num));
        r.register("is_object", 1, (ctx, a) -> Value.bool(a[0] instanceof Value.Obj));
        r.register("is_set", 1, (ctx, a) -> Value.bool(a[0] instanceof Value.SetV));
        r.register("is_string", 1, (ctx, a) -> Value.bool(a[0] instanceof Value.Str));
        r.register("type_name", 1, (ctx, a) -> Value.str(a[0].typeName()));
        r.register("to_number", 1, (ctx, a) -> toNumber(a));

        r.register("cast_array", 1, (ctx, a) -> {
            if (a[0] instanceof Value.Arr) return a[0];
            if (a[0] instanceof Value.SetV s) return Value.Arr.copyOf(s.elements());
            throw Operands.oneOf("cast_array", a, 0, "array", "set");
        });
        r.register("cast_set", 1, (ctx, a) -> {
            if (a[0] instanceof Value.SetV) return a[0];
            if (a[0] instanceof Value.Arr arr) return Value.SetV.copyOf(arr.elements());
            throw Operands.oneOf("cast_set", a, 0, "array", "set");
        });
        r.register("cast_string", 1, (ctx, a) -> { Operands.string("cast_string", a, 0); return a[0]; });
        r.register("cast_boolean", 1, (ctx, a) -> { Operands.bool("cast_boolean", a, 0); return a[0]; });
        r.register("cast_object", 1, (ctx, a) -> Operands.object("cast_object", a, 0));
        r.register("cast_null", 1, (ctx, a) -> {
            if (a[0] instanceof Value.Null) return a[0];
            throw RegoError.operand("cast_null", 1, "null", a[0]);
        });
    }

    private static Value toNumber(Value[] a) {
        Value v = a[0];
        if (v instanceof Value.Null) return Value.num(0);
        if (v instanceof Value.Bool b) return Value.num(b.value() ? 1 : 0);
        if (v instanceof Value.Num) return v;
        if (!(v instanceof Value.Str s)) throw Operands.oneOf("to_number", a, 0, "null", "boolean", "number", "string");
        String text = s.value();
        String bare = text.replaceFirst("^[+-]+", "").toLowerCase(Locale.ROOT);
        if (bare.equals("inf") || bare.equals("infinity") || bare.equals("nan")) {
            throw RegoError.operand("to_number", 1, "valid number string", v);
        }
        return Value.num(GoFloatSyntax.parse("to_number", text));
    }

    /** Go's {@code strconv.ParseFloat(s, 64)} acceptance rules, keeping the exact value rather than a float64. */
    static final class GoFloatSyntax {
        private GoFloatSyntax() {}

        /** [+-] digits [. digits] [e [+-] digits], with at least one mantissa digit. */
        static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
        private static final Pattern HEX = Pattern.compile(
                "[+-]?0[xX](_?[0-9a-fA-F])*(\\.([0-9a-fA-F](_?[0-9a-fA-F])*)?)?[pP][+-]?[0-9]+"
                        + "|[+-]?0[xX]\\.[0-9a-fA-F](_?[0-9a-fA-F])*[pP][+-]?[0-9]+");

        static BigDecimal parse(String fn, String text) {
            BigDecimal d = text.length() > 2 && isHexPrefixed(text) ? hex(text) : decimal(text);
            if (d == null) throw RegoError.builtin(fn, "strconv.ParseFloat: parsing " + GoQuote.quote(text) + ": invalid syntax");
            if (Double.isInfinite(d.doubleValue())) {
                throw RegoError.builtin(fn, "strconv.ParseFloat: parsing " + GoQuote.quote(text) + ": value out of range");
            }
            return d;
        }

        private static boolean isHexPrefixed(String s) {
            int i = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
            return s.length() > i + 1 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X');
        }

        /** [+-] digits [. digits] [e [+-] digits], at least one mantissa digit; no underscores without a base prefix. */
        private static BigDecimal decimal(String s) {
            if (!DECIMAL.matcher(s).matches()) return null;
            String t = s.startsWith("+") ? s.substring(1) : s;
            int e = Math.max(t.indexOf('e'), t.indexOf('E'));
            if (e >= 0 && new BigInteger(t.substring(e + 1).replace("+", "")).abs().bitLength() > 30) {
                // An exponent BigDecimal cannot hold: Go overflows to infinity (out of range) or underflows to zero.
                boolean zero = new BigDecimal(t.substring(0, e)).signum() == 0 || t.charAt(e + 1) == '-';
                return zero ? BigDecimal.ZERO : new BigDecimal("1e400");
            }
            return new BigDecimal(t);
        }

        /** 0x mantissa with a mandatory p exponent; underscores only between digits or right after the prefix. */
        private static BigDecimal hex(String s) {
            if (!HEX.matcher(s).matches()) return null;
            boolean negative = s.startsWith("-");
            String body = s.replaceFirst("^[+-]?0[xX]", "").replace("_", "");
            int p = Math.max(body.indexOf('p'), body.indexOf('P'));
            String mant = body.substring(0, p);
            int exp = Integer.parseInt(body.substring(p + 1).replace("+", ""));
            int dot = mant.indexOf('.');
            String digits = dot < 0 ? mant : mant.substring(0, dot) + mant.substring(dot + 1);
            if (digits.isEmpty()) return null;
            int fracDigits = dot < 0 ? 0 : mant.length() - dot - 1;
            BigInteger m = new BigInteger(digits, 16);
            int shift = exp - 4 * fracDigits;
            BigDecimal value = shift >= 0 ? new BigDecimal(m.shiftLeft(shift))
                    : new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-shift)), -shift);
            return negative ? value.negate() : value;
        }
    }
}
