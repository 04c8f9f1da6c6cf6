package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

import static dev.tollgate.server.TestServer.*;
import static org.junit.jupiter.api.Assertions.*;

/** The service over real HTTP: decisions, who may ask for what, reading the log back, metrics, the API document. */
class ServerApiTest {

    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() throws IOException {
        s = TestServer.start(dir, credentials(dir), null);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static HttpResponse<String> evaluate(String stack, Path plan, String token) {
        return s.post("/v1/evaluate?stack=" + stack, read(plan), "Authorization", bearer(token), "Content-Type", "application/json");
    }

    @Test
    void allowsACleanPlan() {
        HttpResponse<String> r = evaluate("network-eu", ALLOW_PLAN, CI_TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode d = json(r);
        assertEquals("allow", d.get("verdict").asText());
        assertTrue(d.get("allowed").asBoolean());
        assertEquals(0, d.get("violations").size());
        assertEquals("network-eu", d.at("/stack/name").asText());
        assertEquals(d.get("id").asText(), r.headers().firstValue("X-Tollgate-Decision-Id").orElseThrow());
    }

    @Test
    void deniesAPlanThatMovesRestrictedDataOutOfTheEu() {
        HttpResponse<String> r = evaluate("inference-us-leak", DENY_PLAN, CI_TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode d = json(r);
        assertEquals("deny", d.get("verdict").asText());
        assertFalse(d.get("allowed").asBoolean());
        Set<String> denied = new HashSet<>();
        d.get("violations").forEach(v -> {
            if (v.get("outcome").asText().equals("deny")) denied.add(v.get("policy").asText() + " " + v.get("resource").asText());
        });
        assertEquals(Set.of("residency.data_flow aws_s3_bucket.replica", "residency.store_jurisdiction aws_s3_bucket.replica"), denied);
    }

    @Test
    void allowsWithAdvisoryWarnings() {
        HttpResponse<String> r = evaluate("gpu-training-eu", WARN_PLAN, CI_TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode d = json(r);
        assertTrue(d.get("allowed").asBoolean());
        assertTrue(d.at("/summary/warned").asInt() > 0, r.body());
        for (JsonNode v : d.get("violations")) {
            assertEquals("warn", v.get("outcome").asText());
            assertEquals("advisory", v.get("enforcement").asText());
        }
    }

    @Test
    void envelopeCarriesStackAndUsage() {
        String body = "{\"stack\": \"gpu-training-eu\", \"usage\": {\"version\": 1, \"resource_usage\": {\"aws_eks_node_group.gpu\": {\"nodes\": 1}}},"
                + " \"plan\": " + new String(read(WARN_PLAN)) + "}";
        HttpResponse<String> r = s.post("/v1/evaluate", body, "Authorization", bearer(CI_TOKEN));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode d = json(r);
        assertEquals("gpu-training-eu", d.at("/stack/name").asText());
        assertEquals("$.usage", d.at("/inputs/usage/file").asText());
    }

    @Test
    void refusesRequestsWithoutValidCredentials() {
        HttpResponse<String> none = s.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN));
        assertEquals(401, none.statusCode());
        assertEquals("unauthorized", json(none).get("code").asText());
        HttpResponse<String> wrong = evaluate("network-eu", ALLOW_PLAN, "tg_not_a_token");
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid bearer token", json(wrong).get("message").asText());
        HttpResponse<String> basic = s.post("/v1/evaluate", read(ALLOW_PLAN), "Authorization", "Basic Y2k6Y2k=");
        assertEquals(401, basic.statusCode());
        assertEquals(401, s.get("/v1/decisions").statusCode());
        assertEquals(401, s.get("/bundles/tollgate.tar.gz").statusCode());
    }

    @Test
    void refusesAStackTheTokenMayNotUse() {
        HttpResponse<String> r = evaluate("inference-us-leak", DENY_PLAN, GPU_TOKEN);
        assertEquals(403, r.statusCode(), r.body());
        assertEquals("gpu-team may not use stack inference-us-leak", json(r).get("message").asText());
        assertEquals(200, evaluate("gpu-training-eu", WARN_PLAN, GPU_TOKEN).statusCode());
    }

    @Test
    void readsDecisionsBack() {
        JsonNode made = json(evaluate("inference-us-leak", DENY_PLAN, CI_TOKEN));
        String id = made.get("id").asText();

        HttpResponse<String> one = s.get("/v1/decisions/" + id, "Authorization", bearer(CI_TOKEN));
        assertEquals(200, one.statusCode(), one.body());
        JsonNode got = json(one);
        assertEquals(made, got.get("decision"));
        assertEquals("ci", got.at("/log/caller").asText());
        assertEquals(64, got.at("/log/hash").asText().length());
        assertEquals(403, s.get("/v1/decisions/" + id, "Authorization", bearer(GPU_TOKEN)).statusCode());
        assertEquals(404, s.get("/v1/decisions/dec-0000000000000000", "Authorization", bearer(CI_TOKEN)).statusCode());

        JsonNode denied = json(s.get("/v1/decisions?stack=inference-us-leak&allowed=false", "Authorization", bearer(CI_TOKEN)));
        assertTrue(denied.get("decisions").size() >= 1);
        for (JsonNode d : denied.get("decisions")) {
            assertEquals("inference-us-leak", d.get("stack").asText());
            assertFalse(d.get("allowed").asBoolean());
        }
        JsonNode none = json(s.get("/v1/decisions?stack=inference-us-leak&since=2999-01-01", "Authorization", bearer(CI_TOKEN)));
        assertEquals(0, none.get("decisions").size());
        assertEquals(403, s.get("/v1/decisions", "Authorization", bearer(GPU_TOKEN)).statusCode());
        assertEquals(400, s.get("/v1/decisions?allowed=maybe", "Authorization", bearer(CI_TOKEN)).statusCode());
        assertEquals(400, s.get("/v1/decisions?since=yesterday", "Authorization", bearer(CI_TOKEN)).statusCode());
    }

    @Test
    void pagesThroughTheLogNewestFirst() {
        for (int i = 0; i < 3; i++) assertEquals(200, evaluate("paging-" + i, ALLOW_PLAN, CI_TOKEN).statusCode());
        String stacks = "paging-0,paging-1,paging-2";
        JsonNode first = json(s.get("/v1/decisions?limit=2&stack=" + stacks, "Authorization", bearer(CI_TOKEN)));
        assertEquals(2, first.get("decisions").size());
        assertEquals("paging-2", first.at("/decisions/0/stack").asText());
        long cursor = first.get("next_cursor").asLong();
        JsonNode second = json(s.get("/v1/decisions?limit=2&stack=" + stacks + "&cursor=" + cursor, "Authorization", bearer(CI_TOKEN)));
        assertEquals(1, second.get("decisions").size());
        assertEquals("paging-0", second.at("/decisions/0/stack").asText());
        assertTrue(second.get("next_cursor").isNull());
    }

    @Test
    void metricsCountDecisionsByOutcome() {
        evaluate("inference-us-leak", DENY_PLAN, CI_TOKEN);
        evaluate("network-eu", ALLOW_PLAN, CI_TOKEN);
        evaluate("gpu-training-eu", WARN_PLAN, CI_TOKEN);
        HttpResponse<String> r = s.get("/metrics");
        assertEquals(200, r.statusCode());
        String text = r.body();
        for (String outcome : new String[]{"allow", "warn", "deny"}) {
            assertTrue(counter(text, "tollgate_decisions_total{outcome=\"" + outcome + "\"}") >= 1, outcome + " in\n" + text);
        }
        assertTrue(counter(text, "tollgate_decision_latency_seconds_count") >= 3, text);
        assertTrue(text.contains("tollgate_decision_latency_seconds_bucket{le="), "latency histogram buckets");
        assertTrue(counter(text, "tollgate_policy_eval_seconds_count") >= 3, text);
        assertTrue(text.contains("tollgate_decision_log_write_failures_total"), text);
    }

    static double counter(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
                .findFirst().orElse(-1);
    }

    @Test
    void healthSaysReady() {
        HttpResponse<String> r = s.get("/health");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode h = json(r);
        assertEquals("ready", h.get("status").asText());
        assertTrue(h.at("/checks/decision_log/ok").asBoolean());
        assertTrue(h.at("/checks/policies/revision").asText().startsWith("sha256:"));
        assertEquals(200, s.get("/health/live").statusCode());
        assertEquals(200, s.get("/health/ready").statusCode());
    }

    @Test
    void openApiDocumentsEveryRoute() {
        HttpResponse<String> r = s.get("/openapi.json");
        assertEquals(200, r.statusCode());
        JsonNode doc = json(r);
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        Set<String> documented = new HashSet<>();
        for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
            String path = it.next();
            doc.get("paths").get(path).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
        }
        Set<String> served = new HashSet<>();
        for (Route route : s.server.routes()) served.add(route.method().name() + " " + route.path());
        assertEquals(served, documented);
    }

    @Test
    void unknownEndpointIsJson404WithoutStackTrace() {
        HttpResponse<String> r = s.get("/v2/nothing");
        assertEquals(404, r.statusCode());
        assertEquals("resource_not_found", json(r).get("code").asText());
        assertFalse(r.body().contains("at dev.tollgate") || r.body().contains("Exception"), r.body());
    }
}
