package dev.tollgate.rego.builtin;

import dev.tollgate.rego.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * sprintf(format, values): each value becomes the Go operand OPA would pass to {@code fmt.Sprintf}. Numbers written
 * without a fraction become int64 (or {@code *big.Int} when larger), numbers with one float64 (or their text
 * when out of float64 range, as "2e308"), strings stay strings, and everything else is passed as its Rego text,
 * so {@code %v} of {@code [1, "a"]} prints {@code [1, "a"]} and {@code %d} of {@code true} prints {@code %!d(string=true)}.
 */
public final class Sprintf {
    private Sprintf() {}

    static Value call(Value[] a) {
        String format = Operands.string("sprintf", a, 0);
        Value.Arr values = Operands.array("sprintf", a, 1);
        List<Object> args = new ArrayList<>(values.size());
        for (Value v : values.elements()) args.add(goOperand(v));
        return Value.str(GoFormat.sprintf(format, args));
    }

    static Object goOperand(Value v) {
        if (v instanceof Value.Str s) return s.value();
        if (v instanceof Value.Num n) {
            BigDecimal d = n.value();
            if (d.scale() == 0) {
                return d.unscaledValue().bitLength() < 64 ? (Object) d.longValueExact() : d.unscaledValue();
            }
            if (d.scale() < 0 && d.toBigInteger().bitLength() < 64) {
                // 1E+2 may be a literal 1e2 (a float in OPA) or a computed 100 with trailing zeros stripped
                // (an int there); the latter is far more common, so it prints as an integer.
                return d.longValueExact();
            }
            double f = d.doubleValue();
            return Double.isInfinite(f) ? numberText(d) : (Object) f;
        }
        return regoText(v);
    }

    /** A number as Rego source text: plain decimals as written, exponent forms as digits and exponent ("2e308"). */
    public static String numberText(BigDecimal d) {
        return d.scale() >= 0 ? d.toPlainString() : d.unscaledValue() + "e" + (-(long) d.scale());
    }

    /** Rego's text form of a value, strings quoted the way Go quotes them. */
    public static String regoText(Value v) {
        StringBuilder sb = new StringBuilder();
        regoText(v, sb);
        return sb.toString();
    }

    private static void regoText(Value v, StringBuilder sb) {
        if (v instanceof Value.Str s) {
            sb.append(GoQuote.quote(s.value()));
        } else if (v instanceof Value.Num n) {
            sb.append(numberText(n.value()));
        } else if (v instanceof Value.Arr arr) {
            sb.append('[');
            join(arr.elements(), sb);
            sb.append(']');
        } else if (v instanceof Value.SetV set) {
            if (set.isEmpty()) {
                sb.append("set()");
                return;
            }
            sb.append('{');
            join(set.elements(), sb);
            sb.append('}');
        } else if (v instanceof Value.Obj o) {
            sb.append('{');
            boolean first = true;
            for (Value k : o.keys()) {
                if (!first) sb.append(", ");
                first = false;
                regoText(k, sb);
                sb.append(": ");
                regoText(o.get(k), sb);
            }
            sb.append('}');
        } else {
            sb.append(v); // null, true, false
        }
    }

    private static void join(List<Value> values, StringBuilder sb) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(", ");
            regoText(values.get(i), sb);
        }
    }
}
