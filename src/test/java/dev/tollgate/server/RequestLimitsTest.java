package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.tollgate.server.TestServer.*;
import static org.junit.jupiter.api.Assertions.*;

/** Bad input gets a clear 4xx naming what is wrong; limits hold; nothing leaks a stack trace. */
class RequestLimitsTest {

    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() {
        // No credentials: an open service on loopback, so these tests exercise only the limits.
        s = TestServer.start(dir, "body_limit: 64KB", null);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String messagePart) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode e = json(r);
        assertEquals(code, e.get("code").asText(), r.body());
        assertTrue(e.get("message").asText().contains(messagePart), "'" + messagePart + "' in " + e.get("message"));
        assertFalse(r.body().contains("\tat ") || r.body().contains("Exception"), "no stack trace: " + r.body());
    }

    @Test
    void openServiceSaysItServesLoopbackOnly() {
        assertTrue(s.startOutput.contains("no bearer token configured"), s.startOutput);
        assertTrue(s.startOutput.contains("serving loopback only (127.0.0.1)"), s.startOutput);
        assertEquals("127.0.0.1", s.server.uri().getHost());
    }

    @Test
    void nonLoopbackAddressWithoutTokensIsServedOnLoopback(@TempDir Path other) {
        try (TestServer wide = TestServer.start(other, "listen: 0.0.0.0:0", null)) {
            assertEquals("127.0.0.1", wide.server.uri().getHost());
            assertTrue(wide.startOutput.contains("serving loopback only"), wide.startOutput);
            assertEquals(200, wide.get("/health/live").statusCode());
        }
    }

    @Test
    void bodyOverTheLimitIs413() {
        byte[] big = new byte[70_000];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        assertError(s.post("/v1/evaluate?stack=x", big), 413, "request_too_large", "over the limit of 64000 bytes");
        assertError(s.post("/v1/admission", big), 413, "request_too_large", "server.body_limit");
    }

    @Test
    void malformedJsonIs400NamingThePath() {
        HttpResponse<String> r = s.post("/v1/evaluate", "{\"stack\": \"x\", \"plan\": {\"resource_changes\": [{\"address\": \"a\"},, ]}}");
        assertError(r, 400, "invalid_parameter", "malformed JSON at $.plan.resource_changes[1]");
        HttpResponse<String> bare = s.post("/v1/evaluate?stack=x", "{\"format_version\": \"1.2\", \"resource_changes\": [ {\"address\": tru } ]}");
        assertError(bare, 400, "invalid_parameter", "malformed JSON at $.resource_changes[0].address");
        assertTrue(json(bare).get("message").asText().contains("line 1, column"), bare.body());
        HttpResponse<String> review = s.post("/v1/admission", "{\"apiVersion\": \"tollgate.dev/v1\", \"request\": {\"uid\": }");
        assertError(review, 400, "invalid_parameter", "malformed JSON at $.request.uid");
    }

    @Test
    void unknownPlanFormatIs415ListingTheKnownOnes() {
        HttpResponse<String> r = s.post("/v1/evaluate?stack=x", "{\"lineage\": \"x\", \"serial\": 3, \"resources\": []}");
        assertError(r, 415, "unsupported_plan_format", "unknown plan format");
        JsonNode formats = json(r).get("known_formats");
        assertTrue(formats.size() >= 6, r.body());
        assertTrue(formats.toString().contains("Terraform plan JSON") && formats.toString().contains("Pulumi preview"), r.body());
        assertError(s.post("/v1/evaluate?stack=x", "[1, 2]"), 415, "unsupported_plan_format", "JSON array");
        HttpResponse<String> yaml = s.post("/v1/evaluate?stack=x", "format_version: 1.2", "Content-Type", "application/yaml");
        assertError(yaml, 415, "unsupported_plan_format", "Content-Type application/yaml is not JSON");
    }

    @Test
    void recognisedPlanWithBadContentIs422NamingThePath() {
        String plan = "{\"format_version\": \"1.2\", \"resource_changes\": [{\"address\": \"aws_vpc.a\", \"mode\": \"managed\", "
                + "\"type\": \"aws_vpc\", \"name\": \"a\", \"provider_name\": \"aws\", \"change\": {\"actions\": \"create\"}}]}";
        HttpResponse<String> r = s.post("/v1/evaluate?stack=x", plan);
        assertError(r, 422, "invalid_plan", "request: $.resource_changes[0].change.actions");
    }

    @Test
    void planWithoutAStackNameIs422() {
        assertError(s.post("/v1/evaluate", read(ALLOW_PLAN)), 422, "invalid_plan", "does not name its stack");
    }

    @Test
    void badEnvelopeFieldsAre400() {
        assertError(s.post("/v1/evaluate", "{\"plan\": {}, \"stak\": \"x\"}"), 400, "invalid_parameter", "$.stak: unknown field");
        assertError(s.post("/v1/evaluate", "{\"plan\": 3}"), 400, "invalid_parameter", "$.plan: required");
        assertError(s.post("/v1/admission", "{\"apiVersion\": \"v1\", \"kind\": \"PlanReview\", \"request\": {}}"), 400,
                "invalid_parameter", "$.apiVersion: must be \"tollgate.dev/v1\"");
        assertError(s.post("/v1/admission", "{\"apiVersion\": \"tollgate.dev/v1\", \"kind\": \"PlanReview\", \"request\": {\"stack\": \"x\", \"plan\": {}}}"),
                400, "invalid_parameter", "$.request.uid: required");
        assertError(s.post("/v1/evaluate", "{\"stack\": \"x\", \"plan\": " + new String(read(ALLOW_PLAN)) + ", \"usage\": {\"resource_usage\": {\"aws_vpc.main\": {\"nodez\": 3}}}}"),
                422, "invalid_plan", "$.usage");
    }

    @Test
    void evaluationOverTheTimeLimitIs503(@TempDir Path other) throws IOException {
        Path policies = other.resolve("policies");
        Files.createDirectories(policies);
        // Nine million iterations that never produce anything: far longer than the 300 ms limit.
        Files.writeString(policies.resolve("slow.rego"), """
                package tollgate.slow

                deny contains msg if {
                	some i in numbers.range(1, 3000)
                	some j in numbers.range(1, 3000)
                	i * j == -1
                	msg := "never"
                }
                """);
        try (TestServer slow = TestServer.start(other, "policies: " + policies + "\neval_timeout: 300ms", null)) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = slow.post("/v1/evaluate?stack=x", read(ALLOW_PLAN));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertError(r, 503, "evaluation_timeout", "took longer than 300 ms");
            assertTrue(ms < 20_000, "answered after " + ms + " ms");
            HttpResponse<String> list = slow.get("/v1/decisions");
            assertEquals(0, json(list).get("decisions").size(), "a timed-out evaluation is not logged");
        }
    }
}
