package dev.tollgate.policy;

/** Bad policies, data, config or waivers: the message names the file and the field. The CLI exits with 2. */
public final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
