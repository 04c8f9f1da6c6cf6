package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;

import java.math.BigInteger;

/**
 * Operand checks shared by the builtin families. Each throws OPA's eval_type_error text,
 * e.g. {@code upper: operand 1 must be string but got number}. Operands are numbered from 1.
 */
public final class Operands {
    private Operands() {}

    public static String string(String fn, Value[] args, int i) {
        if (args[i] instanceof Value.Str s) return s.value();
        throw RegoError.operand(fn, i + 1, "string", args[i]);
    }

    public static Value.Num number(String fn, Value[] args, int i) {
        if (args[i] instanceof Value.Num n) return n;
        throw RegoError.operand(fn, i + 1, "number", args[i]);
    }

    /** An integral number: OPA says "operand N must be integer number but got floating-point number". */
    public static BigInteger integer(String fn, Value[] args, int i) {
        Value.Num n = number(fn, args, i);
        if (!n.isInteger()) {
            throw new RegoError(RegoError.EVAL_TYPE, fn + ": operand " + (i + 1) + " must be integer number but got floating-point number");
        }
        return n.value().toBigIntegerExact();
    }

    public static boolean bool(String fn, Value[] args, int i) {
        if (args[i] instanceof Value.Bool b) return b.value();
        throw RegoError.operand(fn, i + 1, "boolean", args[i]);
    }

    public static Value.Arr array(String fn, Value[] args, int i) {
        if (args[i] instanceof Value.Arr a) return a;
        throw RegoError.operand(fn, i + 1, "array", args[i]);
    }

    public static Value.SetV set(String fn, Value[] args, int i) {
        if (args[i] instanceof Value.SetV s) return s;
        throw RegoError.operand(fn, i + 1, "set", args[i]);
    }

    public static Value.Obj object(String fn, Value[] args, int i) {
        if (args[i] instanceof Value.Obj o) return o;
        throw RegoError.operand(fn, i + 1, "object", args[i]);
    }

    /**
     * A type error naming several acceptable types: {@code operand 1 must be one of {string, object} but got number}.
     * The operand number is printed as given, so callers can reproduce OPA's own numbering where it differs.
     */
    public static RegoError oneOf(String fn, int operand, Value got, String... expected) {
        String want = expected.length == 1 ? expected[0] : "one of {" + String.join(", ", expected) + "}";
        return new RegoError(RegoError.EVAL_TYPE, fn + ": operand " + operand + " must be " + want + " but got " + got.typeName());
    }

    /** An operand of the right type whose content is unusable: {@code operand 2 invalid value for 'x'}. */
    public static RegoError invalid(String fn, int operand, String message) {
        return new RegoError(RegoError.EVAL_TYPE, fn + ": operand " + operand + " " + message);
    }
}
