package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client for a remote OPA's REST API: the Data API to evaluate, the Policy and Data APIs to push. Each call has
 * a time limit; connection errors, timeouts and 5xx answers are retried with exponential backoff and jitter; what
 * still fails is {@link Unavailable}, which the service turns into a fail-closed decision.
 */
final class OpaClient {

    /** OPA could not be asked, or answered with an error: no decision can come from it. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final URI base;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final String token;
    private final HttpClient http;

    OpaClient(URI base, Duration timeout, int retries, Duration backoff, String token) {
        this.base = base;
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    URI base() {
        return base;
    }

    /**
     * {@code POST /v1/data/{path}} with {@code {"input": …}}: the document at that path, or null when OPA says it is
     * undefined (no {@code result} key).
     */
    JsonNode data(String path, JsonNode input) {
        ObjectNode body = RequestJson.MAPPER.createObjectNode();
        body.set("input", input);
        JsonNode answer = call("POST", "/v1/data/" + path, "application/json", write(body));
        JsonNode result = answer.get("result");
        return result == null || result.isMissingNode() ? null : result;
    }

    /** {@code PUT /v1/policies/{id}} with the module's Rego source. */
    void putPolicy(String id, String rego) {
        call("PUT", "/v1/policies/" + encodePath(id), "text/plain", rego.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code PUT /v1/data/{path}}: creates or replaces the document at that path. */
    void putData(String path, JsonNode value) {
        call("PUT", "/v1/data/" + path, "application/json", write(value));
    }

    /** OPA's {@code GET /health}, once, without retries: null when healthy, else what is wrong. */
    String health() {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/health")).timeout(timeout).GET();
            if (token != null) b.header("Authorization", "Bearer " + token);
            int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? null : "OPA at " + base + " answered /health with " + status;
        } catch (IOException e) {
            return "cannot reach OPA at " + base + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private JsonNode call(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpRequest request = b.build();
        String last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) sleep(attempt);
            try {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() >= 500) {
                    last = "OPA answered " + method + " " + path + " with " + r.statusCode() + brief(r.body());
                    continue;
                }
                if (r.statusCode() >= 300) {
                    throw new Unavailable("OPA refused " + method + " " + path + " with " + r.statusCode() + brief(r.body()));
                }
                if (r.body().length == 0) return RequestJson.MAPPER.createObjectNode();
                try {
                    return RequestJson.MAPPER.readTree(r.body());
                } catch (IOException e) {
                    throw new Unavailable("OPA answered " + method + " " + path + " with something other than JSON");
                }
            } catch (java.net.http.HttpTimeoutException e) {
                last = "OPA at " + base + " did not answer " + method + " " + path + " within " + timeout.toMillis() + " ms";
            } catch (IOException e) {
                last = "cannot reach OPA at " + base + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unavailable("interrupted while calling OPA");
            }
        }
        throw new Unavailable(last + (retries > 0 ? " (tried " + (retries + 1) + " times)" : ""));
    }

    /** backoff, 2×backoff, 4×backoff… each with up to 50% random jitter so retrying instances do not march in step. */
    private void sleep(int attempt) {
        long millis = backoff.toMillis() << Math.min(attempt - 1, 10);
        millis += ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting to retry OPA");
        }
    }

    private static String brief(byte[] body) {
        if (body.length == 0) return "";
        try {
            JsonNode n = RequestJson.MAPPER.readTree(body);
            if (n != null && n.hasNonNull("message")) return ": " + n.get("message").asText();
        } catch (IOException ignored) {
            // not JSON: say nothing more than the status
        }
        return "";
    }

    private static byte[] write(JsonNode node) {
        try {
            return RequestJson.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Policy ids are file paths (cost/cost.rego): each segment is encoded, the slashes kept. */
    private static String encodePath(String id) {
        StringBuilder sb = new StringBuilder();
        for (String seg : id.split("/")) {
            if (!sb.isEmpty()) sb.append('/');
            sb.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }
}
