package dev.tollgate.rego;

/**
 * A built-in function. Arguments arrive evaluated; return {@code null} for "undefined".
 * Throw {@link RegoError} (usually via {@link RegoError#operand} or {@link RegoError#builtin}) for errors:
 * the interpreter adds the call site, and in non-strict mode turns builtin errors into undefined as OPA does.
 */
@FunctionalInterface
public interface Builtin {
    Value call(BuiltinContext ctx, Value[] args);
}
