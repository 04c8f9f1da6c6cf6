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
}
