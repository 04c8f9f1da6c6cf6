package dev.tollgate.server;

import java.util.List;

/**
 * A request the service answers with an error status: the code and message go to the client as
 * {@code {"code": ..., "message": ...}} (OPA's error shape), never a stack trace.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final List<String> knownFormats;

    private ApiError(int status, String code, String message, List<String> knownFormats) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.knownFormats = knownFormats;
    }

    public int status() { return status; }

    public String code() { return code; }

    /** For 415: the plan formats the service reads. */
    public List<String> knownFormats() { return knownFormats; }

    static ApiError badRequest(String message) { return new ApiError(400, "invalid_parameter", message, null); }

    static ApiError unauthorized(String message) { return new ApiError(401, "unauthorized", message, null); }

    static ApiError forbidden(String message) { return new ApiError(403, "forbidden", message, null); }

    static ApiError notFound(String message) { return new ApiError(404, "resource_not_found", message, null); }

    static ApiError conflict(String message) { return new ApiError(409, "resource_conflict", message, null); }

    static ApiError tooLarge(String message) { return new ApiError(413, "request_too_large", message, null); }

    static ApiError unsupported(String message, List<String> formats) { return new ApiError(415, "unsupported_plan_format", message, formats); }

    static ApiError unprocessable(String message) { return new ApiError(422, "invalid_plan", message, null); }

    static ApiError unavailable(String code, String message) { return new ApiError(503, code, message, null); }

    static ApiError internal(String message) { return new ApiError(500, "internal_error", message, null); }
}
