package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.plan.PlanReader;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static dev.tollgate.server.TestServer.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Evaluation on a remote OPA. The OPA-compatible endpoint is either Tollgate's own {@code /v1/data} on a second
 * service instance (for parity), or a JDK {@code HttpServer} mock that fails, stalls or answers canned documents
 * (for retries, timeouts, fail-closed and fail-open, and the Policy API push). Each test says which.
 */
class OpaBackendTest {

    @TempDir
    static Path dir;
    /** The second instance: an embedded evaluator whose /v1/data plays OPA. */
    static TestServer opa;

    @BeforeAll
    static void startOpa() {
        opa = TestServer.start(dir.resolve("opa"), null, null);
    }

    @AfterAll
    static void stopOpa() {
        opa.close();
    }

    /** A mock OPA: each request goes to {@code behaviour}, which returns {status, body} or sleeps. */
    record Mock(HttpServer server, List<String> requests) implements AutoCloseable {
        static Mock start(Function<Integer, Object[]> behaviour) throws IOException {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            List<String> seen = new CopyOnWriteArrayList<>();
            AtomicInteger n = new AtomicInteger();
            http.createContext("/", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + body.length() + " "
                        + body.lines().filter(l -> l.startsWith("package ")).findFirst().orElse(""));
                Object[] answer = behaviour.apply(n.incrementAndGet());
                byte[] bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
                try {
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders((Integer) answer[0], bytes.length == 0 ? -1 : bytes.length);
                    if (bytes.length > 0) ex.getResponseBody().write(bytes);
                } catch (IOException e) {
                    // the client gave up waiting: what the timeout tests want
                }
                ex.close();
            });
            http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            http.start();
            return new Mock(http, seen);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        long dataCalls() {
            return requests.stream().filter(r -> r.startsWith("POST /v1/data/tollgate")).count();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static Object[] answer(int status, String body) {
        return new Object[]{status, body};
    }

    /** One cost violation, as OPA would answer POST /v1/data/tollgate. */
    static final String CANNED = "{\"result\": {\"cost\": {\"violation\": [{\"msg\": \"canned by the mock\", \"policy\": \"cost.stack_budget\","
            + " \"resource\": \"stack:network-eu\", \"severity\": \"high\"}]}, \"lib\": {}}}";

    private static TestServer client(Path d, String opaLines, String yaml) {
        return TestServer.start(d, "opa:\n" + opaLines.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n"), yaml);
    }

    private static Set<String> violations(JsonNode decision) {
        Set<String> out = new TreeSet<>();
        decision.get("violations").forEach(v -> out.add(v.get("outcome").asText() + " " + v.get("policy").asText() + " "
                + v.get("resource").asText() + " " + v.get("message").asText()));
        return out;
    }

    @Test
    void remoteEvaluationOnASecondTollgateMatchesTheEmbeddedOne(@TempDir Path d) {
        // Endpoint: Tollgate's own /v1/data on a second instance.
        try (TestServer a = client(d, "url: " + opa.server.uri() + "\ntimeout: 30s", null)) {
            for (Object[] c : new Object[][]{{"inference-us-leak", DENY_PLAN}, {"gpu-training-eu", WARN_PLAN}, {"network-eu", ALLOW_PLAN}}) {
                String query = "/v1/evaluate?stack=" + c[0];
                HttpResponse<String> remote = a.post(query, read((Path) c[1]));
                HttpResponse<String> local = opa.post(query, read((Path) c[1]));
                assertEquals(200, remote.statusCode(), remote.body());
                JsonNode r = json(remote);
                JsonNode l = json(local);
                assertEquals(l.get("verdict"), r.get("verdict"), c[0].toString());
                assertEquals(violations(l), violations(r), c[0].toString());
                assertEquals(l.at("/inputs/plan/sha256"), r.at("/inputs/plan/sha256"));
            }
            assertTrue(json(a.get("/health")).at("/checks/opa/ok").asBoolean());
        }
    }

    @Test
    void dataApiAnswersWhatTheCliDecides() {
        // Endpoint: Tollgate's own /v1/data, compared with `tollgate check --format json` on the same plan.
        Cli cli = Cli.run("check", "--format", "json", DENY_PLAN.toString());
        assertEquals(1, cli.exit(), cli.err());
        JsonNode decision = TestServer.json(new FakeResponse(cli.out()));

        PolicyEngine engine = PolicyEngine.embedded(PolicyBundle.load(POLICIES), Catalogue.bundled(), Clock.systemUTC(), Duration.ofSeconds(30));
        JsonNode input = engine.prepare(PolicyEngine.Check.of(PlanReader.read(DENY_PLAN), PolicyConfig.beside(DENY_PLAN))).input().toJson();
        String body = "{\"input\": " + input + "}";
        HttpResponse<String> r = opa.post("/v1/data/tollgate", body);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = json(r).get("result");

        Set<String> fromData = new TreeSet<>();
        for (String pkg : List.of("carbon", "cost", "exposure", "residency", "sovereign", "tagging")) {
            for (String rule : List.of("violation", "deny", "warn")) {
                result.path(pkg).path(rule).forEach(v -> fromData.add(v.get("policy").asText() + " " + v.get("resource").asText() + " " + v.get("msg").asText()));
            }
        }
        Set<String> fromCli = new TreeSet<>();
        decision.get("violations").forEach(v -> fromCli.add(v.get("policy").asText() + " " + v.get("resource").asText() + " " + v.get("message").asText()));
        assertFalse(fromCli.isEmpty());
        assertEquals(fromCli, fromData);

        // One rule by path, and an undefined document: no result key, as OPA answers.
        JsonNode one = json(opa.post("/v1/data/tollgate/residency/violation", body));
        assertEquals(2, one.get("result").size(), one.toString());
        JsonNode undefined = json(opa.post("/v1/data/tollgate/no_such_package", body));
        assertFalse(undefined.has("result"), undefined.toString());
        JsonNode noInput = json(opa.post("/v1/data/params/residency", "{}"));
        assertEquals("api_usage_warning", noInput.at("/warning/code").asText());
        assertTrue(noInput.get("result").has("allowed_jurisdictions"), noInput.toString());
    }

    /** Lets a CLI output go through the same JSON helper as HTTP answers. */
    record FakeResponse(String body) implements HttpResponse<String> {
        public int statusCode() { return 200; }
        public java.net.http.HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public java.net.URI uri() { return null; }
        public java.net.http.HttpClient.Version version() { return java.net.http.HttpClient.Version.HTTP_1_1; }
    }

    @Test
    void policiesListsTheModulesWithTheirAst() {
        JsonNode r = json(opa.get("/v1/policies"));
        Set<String> ids = new TreeSet<>();
        r.get("result").forEach(p -> {
            ids.add(p.get("id").asText());
            assertTrue(p.get("raw").asText().contains("package tollgate."), p.get("id").asText());
            assertTrue(p.at("/ast/package/path").isArray(), "AST of " + p.get("id"));
        });
        assertTrue(ids.containsAll(Set.of("cost/cost.rego", "residency/residency.rego", "lib/lib.rego")), ids.toString());
        assertFalse(ids.stream().anyMatch(i -> i.endsWith("_test.rego")), ids.toString());
    }

    @Test
    void serverErrorsAreRetriedWithBackoff(@TempDir Path d) throws IOException {
        // Endpoint: mock, 503 twice, then a canned answer.
        try (Mock m = Mock.start(n -> n <= 2 ? answer(503, "{\"code\":\"internal_error\",\"message\":\"busy\"}") : answer(200, CANNED));
             TestServer a = client(d, "url: " + m.url() + "\nretries: 2\nbackoff: 20ms", null)) {
            HttpResponse<String> r = a.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode decision = json(r);
            assertEquals("deny", decision.get("verdict").asText());
            assertEquals(Set.of("deny cost.stack_budget stack:network-eu canned by the mock"), violations(decision));
            assertEquals(3, m.dataCalls());
        }
    }

    @Test
    void opaDownFailsClosed(@TempDir Path d) throws IOException {
        // Endpoint: mock that always answers 500.
        try (Mock m = Mock.start(n -> answer(500, "{\"code\":\"internal_error\",\"message\":\"boom\"}"));
             TestServer a = client(d, "url: " + m.url() + "\nretries: 1\nbackoff: 10ms", null)) {
            HttpResponse<String> r = a.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN));
            assertEquals(503, r.statusCode(), r.body());
            JsonNode decision = json(r);
            assertFalse(decision.get("allowed").asBoolean());
            JsonNode v = decision.at("/violations/0");
            assertEquals("tollgate.backend_unavailable", v.get("policy").asText());
            assertEquals("deny", v.get("outcome").asText());
            assertTrue(v.get("message").asText().contains("answered POST /v1/data/tollgate with 500: boom (tried 2 times) (failing closed)"), v.toString());
            assertEquals(2, m.dataCalls(), "retries: 1 is two tries (no warm-up call at start with a remote OPA): " + m.requests());

            JsonNode review = json(a.post("/v1/admission", review("down-1", "network-eu", ALLOW_PLAN))).get("response");
            assertFalse(review.get("allowed").asBoolean());
            assertEquals(503, review.at("/status/code").asInt());
            assertTrue(ServerApiTest.counter(a.get("/metrics").body(), "tollgate_backend_failures_total") >= 2);
            assertEquals(2, json(a.get("/v1/decisions")).get("decisions").size(), "fail-closed decisions are logged too");
            JsonNode health = json(a.get("/health"));
            assertEquals("ready", health.get("status").asText());
            assertFalse(health.at("/checks/opa/ok").asBoolean());
        }
    }

    @Test
    void opaTooSlowFailsClosed(@TempDir Path d) throws IOException {
        // Endpoint: mock that answers only after 3 s, against a 200 ms timeout.
        try (Mock m = Mock.start(n -> {
                 try {
                     Thread.sleep(3000);
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 return answer(200, CANNED);
             });
             TestServer a = client(d, "url: " + m.url() + "\ntimeout: 200ms\nretries: 1\nbackoff: 10ms", null)) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = a.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2500, "gave up before the mock answered");
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(json(r).at("/violations/0/message").asText().contains("did not answer POST /v1/data/tollgate within 200 ms"), r.body());
        }
    }

    @Test
    void opaUnreachableFailsClosed(@TempDir Path d) throws IOException {
        // Endpoint: a port nothing listens on (the mock is started and stopped to find one).
        String url;
        try (Mock m = Mock.start(n -> answer(200, "{}"))) {
            url = m.url();
        }
        try (TestServer a = client(d, "url: " + url + "\nretries: 0", null)) {
            HttpResponse<String> r = a.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN));
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(json(r).at("/violations/0/message").asText().contains("cannot reach OPA at " + url), r.body());
        }
    }

    @Test
    void advisoryOnlyStacksMayFailOpen(@TempDir Path d) throws IOException {
        // Endpoint: mock that always answers 502.
        try (Mock m = Mock.start(n -> answer(502, ""))) {
            String lines = "url: " + m.url() + "\nretries: 0\nfail_open: true";
            try (TestServer advisory = client(d.resolve("a"), lines, "overrides:\n  - stack: sandbox-*\n    enforcement: {\"*\": advisory}\n")) {
                JsonNode sandbox = json(advisory.post("/v1/evaluate?stack=sandbox-1", read(ALLOW_PLAN)));
                assertTrue(sandbox.get("allowed").asBoolean(), sandbox.toString());
                assertEquals("warn", sandbox.at("/violations/0/outcome").asText());
                assertTrue(sandbox.at("/violations/0/message").asText().endsWith("(advisory-only stack: failing open)"), sandbox.toString());
                // A stack with mandatory policies still fails closed, fail_open or not.
                HttpResponse<String> prod = advisory.post("/v1/evaluate?stack=prod-1", read(ALLOW_PLAN));
                assertEquals(503, prod.statusCode());
                assertFalse(json(prod).get("allowed").asBoolean());
            }
        }
    }

    @Test
    void policiesAndDataArePushedWithThePolicyApi(@TempDir Path d) throws IOException {
        // Endpoint: mock that accepts every write.
        try (Mock m = Mock.start(n -> answer(200, "{}"));
             TestServer a = client(d, "url: " + m.url() + "\npush: true", null)) {
            Map<String, String> puts = new ConcurrentHashMap<>();
            for (String req : m.requests()) if (req.startsWith("PUT ")) puts.put(req.split(" ")[1], req);
            assertTrue(puts.containsKey("/v1/policies/tollgate/cost/cost.rego"), m.requests().toString());
            assertTrue(puts.get("/v1/policies/tollgate/cost/cost.rego").endsWith("package tollgate.cost"), puts.toString());
            assertTrue(puts.containsKey("/v1/data/params"), m.requests().toString());
            assertFalse(puts.keySet().stream().anyMatch(p -> p.endsWith("_test.rego")), "tests are not pushed");
            assertTrue(a.startOutput.contains("pushed 7 policies and 1 data documents to OPA"), a.startOutput);
        }
    }
}
