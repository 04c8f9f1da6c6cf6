package dev.tollgate.rego.builtin.crypto;

/**
 * A failure whose message is the text Go's standard library (or OPA) would give for it, e.g.
 * {@code illegal base64 data at input byte 4}. Builtins prefix it with their name.
 */
public final class GoError extends RuntimeException {
    public GoError(String message) {
        super(message, null, false, false);
    }

    /** The same failure with context in front: {@code JWT payload had invalid encoding: ...}. */
    public GoError wrap(String context) {
        return new GoError(context + ": " + getMessage());
    }
}
