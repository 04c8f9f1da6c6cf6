package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.policy.PolicyConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * A real service on a random loopback port, configured by a tollgate.yaml written into a temporary directory,
 * and a client that speaks to it over HTTP.
 */
final class TestServer implements AutoCloseable {

    static final Path POLICIES = Path.of("policies").toAbsolutePath();
    static final Path DENY_PLAN = Path.of("examples/terraform/inference-us-leak/plan.json");
    static final Path WARN_PLAN = Path.of("examples/terraform/gpu-training-eu/plan.json");
    static final Path ALLOW_PLAN = Path.of("src/test/resources/server/vpc-eu.tfplan.json");

    /** A token and its tokens-file entry: ci may use every stack, gpu only gpu-*. */
    static final String CI_TOKEN = "tg_ci_token_for_tests";
    static final String GPU_TOKEN = "tg_gpu_token_for_tests";
    static final String WEBHOOK_SECRET = "webhook-secret-for-tests-0123456789";

    final TollgateServer server;
    final Path dir;
    final String startOutput;
    private final HttpClient http;

    private TestServer(TollgateServer server, Path dir, String startOutput, HttpClient http) {
        this.server = server;
        this.dir = dir;
        this.startOutput = startOutput;
        this.http = http;
    }

    /** Starts a server; {@code yaml} is the rest of tollgate.yaml, {@code serverYaml} extra lines under server:. */
    static TestServer start(Path dir, String serverYaml, String yaml) {
        return start(dir, serverYaml, yaml, Map.of(), HttpClient.newHttpClient());
    }

    static TestServer start(Path dir, String serverYaml, String yaml, Map<String, String> env, HttpClient http) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("tollgate.yaml");
            String text = "server:\n"
                    + "  listen: 127.0.0.1:0\n"
                    + "  policies: " + POLICIES + "\n"
                    + "  data_dir: " + dir.resolve("data") + "\n"
                    + indent(serverYaml)
                    + (yaml == null ? "" : yaml);
            Files.writeString(config, text);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TollgateServer s = TollgateServer.start(ServerConfig.load(config, env), PolicyConfig.load(config), env,
                    Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8));
            return new TestServer(s, dir, out.toString(StandardCharsets.UTF_8), http);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines for server: that configure the two test tokens and the webhook secret. */
    static String credentials(Path dir) throws IOException {
        Path tokens = dir.resolve("tokens.yaml");
        Files.writeString(tokens, "tokens:\n"
                + "  - {name: ci, sha256: " + sha(CI_TOKEN) + ", stacks: [\"*\"]}\n"
                + "  - {name: gpu-team, sha256: " + sha(GPU_TOKEN) + ", stacks: [\"gpu-*\"]}\n");
        Path secret = dir.resolve("webhook.secret");
        Files.writeString(secret, WEBHOOK_SECRET + "\n");
        return "tokens_file: " + tokens + "\n"
                + "webhooks:\n"
                + "  - {name: github-ci, secret_file: " + secret + ", stacks: [\"*\"]}\n";
    }

    static String sha(String token) {
        return HexFormat.of().formatHex(Tokens.sha256(token));
    }

    URI uri(String path) {
        return URI.create(server.uri() + path);
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    HttpResponse<String> post(String path, byte[] body, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    HttpResponse<byte[]> getBytes(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(60));
        if (headers.length > 0) b.headers(headers);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
        b.timeout(Duration.ofSeconds(120));
        if (headers.length > 0) b.headers(headers);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return RequestJson.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PlanReview envelope around a plan file. */
    static String review(String uid, String stack, Path plan) {
        try {
            return "{\"apiVersion\":\"tollgate.dev/v1\",\"kind\":\"PlanReview\",\"request\":{\"uid\":\"" + uid + "\",\"stack\":\""
                    + stack + "\",\"plan\":" + Files.readString(plan) + "}}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String indent(String lines) {
        if (lines == null || lines.isBlank()) return "";
        StringBuilder sb = new StringBuilder();
        for (String line : lines.split("\n")) sb.append("  ").append(line).append('\n');
        return sb.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
