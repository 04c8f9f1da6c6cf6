package dev.tollgate.rego;

/**
 * An error with one of OPA's error codes ({@code rego_parse_error}, {@code rego_compile_error},
 * {@code rego_unsafe_var_error}, {@code rego_recursion_error}, {@code rego_type_error},
 * {@code eval_type_error}, {@code eval_builtin_error}, {@code eval_conflict_error}, {@code eval_cancel_error}, ...).
 * {@link #getMessage()} is OPA's text: {@code file:line: code: message} when a location is known.
 */
public class RegoError extends RuntimeException {
    public static final String PARSE = "rego_parse_error";
    public static final String COMPILE = "rego_compile_error";
    public static final String UNSAFE_VAR = "rego_unsafe_var_error";
    public static final String RECURSION = "rego_recursion_error";
    public static final String TYPE = "rego_type_error";
    public static final String EVAL_TYPE = "eval_type_error";
    public static final String EVAL_BUILTIN = "eval_builtin_error";
    public static final String EVAL_CONFLICT = "eval_conflict_error";
    public static final String EVAL_CANCEL = "eval_cancel_error";
    public static final String EVAL_LIMIT = "eval_limit_error";

    private final String code;
    private final String detail;
    private final Location location;

    public RegoError(String code, String detail, Location location) {
        super(format(code, detail, location));
        this.code = code;
        this.detail = detail;
        this.location = location;
    }

    public RegoError(String code, String detail) {
        this(code, detail, null);
    }

    public String code() { return code; }

    /** The message without file, line and code. */
    public String detail() { return detail; }

    public Location location() { return location; }

    /** The same error placed at a location (the interpreter adds the call site to builtin errors). */
    public RegoError at(Location where) {
        return location != null ? this : new RegoError(code, detail, where);
    }

    /** A builtin's operand of the wrong type: {@code operand 1 must be string but got number}. */
    public static RegoError operand(String builtin, int operand, String expected, Value got) {
        return new RegoError(EVAL_TYPE, builtin + ": operand " + operand + " must be " + expected + " but got " + got.typeName());
    }

    /** A builtin that could not do its work: {@code base64.decode: illegal base64 data at input byte 4}. */
    public static RegoError builtin(String builtin, String message) {
        return new RegoError(EVAL_BUILTIN, builtin + ": " + message);
    }

    private static String format(String code, String detail, Location loc) {
        return loc == null ? code + ": " + detail : loc.file() + ":" + loc.line() + ": " + code + ": " + detail;
    }

    /** A position in a source file, 1-based. */
    public record Location(String file, int line, int column) {
        @Override public String toString() { return file + ":" + line + ":" + column; }
    }
}
