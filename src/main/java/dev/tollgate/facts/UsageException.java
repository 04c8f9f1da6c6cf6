package dev.tollgate.facts;

/** A usage file that cannot be used; the message names the file and the offending key. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
