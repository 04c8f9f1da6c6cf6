package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.tollgate.server.TestServer.*;
import static org.junit.jupiter.api.Assertions.*;

/** The CI admission webhook: signatures, replays, and one decision per uid. */
class AdmissionTest {

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

    /** What a CI job sends: the Unix time and HMAC-SHA256 of "TIME.BODY" under the shared secret. */
    static String[] signed(String body, long unixSeconds, String secret) {
        String ts = Long.toString(unixSeconds);
        byte[] mac = Authenticator.hmac(secret.getBytes(StandardCharsets.UTF_8), ts, body.getBytes(StandardCharsets.UTF_8));
        return new String[]{"X-Tollgate-Timestamp", ts, "X-Tollgate-Signature", "sha256=" + HexFormat.of().formatHex(mac),
                "Content-Type", "application/json"};
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void signedReviewOfADeniedPlanAnswers403InTheResponse() {
        String body = review("deny-1", "inference-us-leak", DENY_PLAN);
        HttpResponse<String> r = s.post("/v1/admission", body, signed(body, now(), WEBHOOK_SECRET));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode review = json(r);
        assertEquals("tollgate.dev/v1", review.get("apiVersion").asText());
        assertEquals("PlanReview", review.get("kind").asText());
        JsonNode resp = review.get("response");
        assertEquals("deny-1", resp.get("uid").asText());
        assertFalse(resp.get("allowed").asBoolean());
        assertEquals(403, resp.at("/status/code").asInt());
        String message = resp.at("/status/message").asText();
        assertTrue(message.startsWith("denied: stack inference-us-leak: 2 violations: residency."), message);
        assertTrue(resp.get("decision_id").asText().startsWith("dec-"));
        assertFalse(resp.get("replayed").asBoolean());
    }

    @Test
    void allowedReviewCarriesItsWarnings() {
        String body = review("warn-1", "gpu-training-eu", WARN_PLAN);
        JsonNode resp = json(s.post("/v1/admission", body, "Authorization", bearer(GPU_TOKEN))).get("response");
        assertTrue(resp.get("allowed").asBoolean());
        assertEquals(200, resp.at("/status/code").asInt());
        assertTrue(resp.get("warnings").size() > 0, resp.toString());
        assertTrue(resp.at("/status/message").asText().startsWith("allowed: stack gpu-training-eu with "), resp.toString());
    }

    @Test
    void theSameSignatureTwiceIsAReplay() {
        String body = review("replay-1", "network-eu", ALLOW_PLAN);
        String[] headers = signed(body, now(), WEBHOOK_SECRET);
        assertEquals(200, s.post("/v1/admission", body, headers).statusCode());
        HttpResponse<String> again = s.post("/v1/admission", body, headers);
        assertEquals(401, again.statusCode(), again.body());
        assertTrue(json(again).get("message").asText().startsWith("replayed signature"), again.body());
    }

    @Test
    void signaturesOutsideTheWindowOrWrongAreRefused() {
        String body = review("window-1", "network-eu", ALLOW_PLAN);
        HttpResponse<String> old = s.post("/v1/admission", body, signed(body, now() - 301, WEBHOOK_SECRET));
        assertEquals(401, old.statusCode());
        assertTrue(json(old).get("message").asText().contains("outside the 5-minute window"), old.body());
        assertEquals(401, s.post("/v1/admission", body, signed(body, now() + 400, WEBHOOK_SECRET)).statusCode());
        HttpResponse<String> wrong = s.post("/v1/admission", body, signed(body, now(), "another-secret-entirely-1234"));
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid signature", json(wrong).get("message").asText());
        // A signature over other bytes does not cover this body.
        String[] h = signed(body, now(), WEBHOOK_SECRET);
        assertEquals(401, s.post("/v1/admission", body.replace("network-eu", "network-us"), h).statusCode());
        assertEquals(401, s.post("/v1/admission", body).statusCode(), "no credentials at all");
    }

    @Test
    void theSameUidIsDecidedOnce() {
        String body = review("uid-once", "inference-us-leak", DENY_PLAN);
        int before = s.server.service().evaluations();
        JsonNode first = json(s.post("/v1/admission", body, "Authorization", bearer(CI_TOKEN))).get("response");
        JsonNode second = json(s.post("/v1/admission", body, signed(body, now(), WEBHOOK_SECRET))).get("response");
        assertEquals(first.get("decision_id"), second.get("decision_id"));
        assertEquals(first.get("status"), second.get("status"));
        assertFalse(first.get("replayed").asBoolean());
        assertTrue(second.get("replayed").asBoolean());
        assertEquals(before + 1, s.server.service().evaluations(), "evaluated once");
        JsonNode logged = json(s.get("/v1/decisions?stack=inference-us-leak&limit=500", "Authorization", bearer(CI_TOKEN)));
        long withUid = 0;
        for (JsonNode d : logged.get("decisions")) if ("uid-once".equals(d.path("admission_uid").asText())) withUid++;
        assertEquals(1, withUid, "logged once");
    }

    @Test
    void concurrentRetriesOfOneUidWaitForTheFirstDecision() throws Exception {
        String body = review("uid-race", "gpu-training-eu", WARN_PLAN);
        int before = s.server.service().evaluations();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) calls.add(pool.submit(() -> s.post("/v1/admission", body, "Authorization", bearer(CI_TOKEN))));
            Set<String> ids = new HashSet<>();
            int fresh = 0;
            for (Future<HttpResponse<String>> f : calls) {
                HttpResponse<String> r = f.get();
                assertEquals(200, r.statusCode(), r.body());
                JsonNode resp = json(r).get("response");
                ids.add(resp.get("decision_id").asText());
                if (!resp.get("replayed").asBoolean()) fresh++;
            }
            assertEquals(1, ids.size(), "one decision for one uid");
            assertEquals(1, fresh, "one request made it, the others read it back");
            assertEquals(before + 1, s.server.service().evaluations());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aUidReusedForAnotherPlanIsAConflict() {
        assertEquals(200, s.post("/v1/admission", review("uid-reuse", "network-eu", ALLOW_PLAN), "Authorization", bearer(CI_TOKEN)).statusCode());
        HttpResponse<String> r = s.post("/v1/admission", review("uid-reuse", "network-eu", DENY_PLAN), "Authorization", bearer(CI_TOKEN));
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(json(r).get("message").asText().contains("already decided for a different plan"), r.body());
    }

    @Test
    void aStoredDecisionIsNotShownToACallerOfAnotherStack() {
        assertEquals(200, s.post("/v1/admission", review("uid-private", "inference-us-leak", DENY_PLAN), "Authorization", bearer(CI_TOKEN)).statusCode());
        HttpResponse<String> r = s.post("/v1/admission", review("uid-private", "inference-us-leak", DENY_PLAN), "Authorization", bearer(GPU_TOKEN));
        assertEquals(403, r.statusCode(), r.body());
    }
}
