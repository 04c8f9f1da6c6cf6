package dev.tollgate.pulumi;

/** A Pulumi project, stack or program Tollgate cannot read or run; the message names the file or key. */
public class PulumiException extends RuntimeException {
    public PulumiException(String message) {
        super(message);
    }

    public PulumiException(String message, Throwable cause) {
        super(message, cause);
    }
}
