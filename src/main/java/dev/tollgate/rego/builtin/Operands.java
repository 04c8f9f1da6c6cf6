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
     * A type error naming several acceptable types for an operand numbered as given (OPA itself numbers a few
     * operands from 0): {@code operand 0 must be one of {string, object} but got number}.
     */
    public static RegoError oneOf(String fn, int operand, Value got, String... expected) {
        String want = expected.length == 1 ? expected[0] : "one of {" + String.join(", ", expected) + "}";
        return new RegoError(RegoError.EVAL_TYPE, fn + ": operand " + operand + " must be " + want + " but got " + got.typeName());
    }

    /**
     * A machine-sized integer, as Go's {@code builtins.IntOperand} reads it: a non-number is a type error, and a
     * fraction or a value beyond 64 bits is "must be integer number but got floating-point number" (Go's int64 parse fails).
     */
    public static long int64(String fn, Value[] args, int i) {
        BigInteger n = integer(fn, args, i);
        if (n.bitLength() > 63) {
            throw new RegoError(RegoError.EVAL_TYPE, fn + ": operand " + (i + 1) + " must be integer number but got floating-point number");
        }
        return n.longValue();
    }

    /** {@code fn: operand N must be one of {a, b, c} but got T}, OPA's text when several types are accepted. */
    public static RegoError oneOf(String fn, Value[] args, int i, String... expected) {
        return new RegoError(RegoError.EVAL_TYPE, fn + ": operand " + (i + 1) + " must be one of {"
                + String.join(", ", expected) + "} but got " + args[i].typeName());
    }

    /** {@code fn: operand N must be array of strings but got array containing number}. */
    public static RegoError element(String fn, int operand, Value collection, Value element, String expected) {
        String t = collection.typeName();
        return new RegoError(RegoError.EVAL_TYPE, fn + ": operand " + operand + " must be " + t + " of " + expected
                + "s but got " + t + " containing " + element.typeName());
    }

    /** A free-form operand complaint: {@code fn: operand N <text>}, an eval_type_error as in OPA. */
    public static RegoError invalid(String fn, int operand, String text) {
        return new RegoError(RegoError.EVAL_TYPE, fn + ": operand " + operand + " " + text);
    }

    /** The strings of an array or set operand, in iteration order; other elements are element errors. */
    public static java.util.List<String> strings(String fn, Value[] args, int i) {
        java.util.List<Value> elements;
        if (args[i] instanceof Value.Arr a) elements = a.elements();
        else if (args[i] instanceof Value.SetV s) elements = s.elements();
        else throw oneOf(fn, args, i, "array", "set");
        java.util.List<String> out = new java.util.ArrayList<>(elements.size());
        for (Value e : elements) {
            if (!(e instanceof Value.Str s)) throw element(fn, i + 1, args[i], e, "string");
            out.add(s.value());
        }
        return out;
    }

    /** An operand error with OPA's free-form detail: {@code json.filter: operand 2 must be one of {set, array} ...}. */
    public static RegoError typeError(String fn, int operand, String detail) {
        return new RegoError(RegoError.EVAL_TYPE, fn + ": operand " + operand + " " + detail);
    }
}
