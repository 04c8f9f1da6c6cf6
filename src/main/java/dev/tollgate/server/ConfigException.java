package dev.tollgate.server;

/** The service cannot start as configured: the message names the file and field, or the resource, at fault. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
