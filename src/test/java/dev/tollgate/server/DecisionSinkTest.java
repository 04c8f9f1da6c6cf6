package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static dev.tollgate.server.TestServer.*;
import static org.junit.jupiter.api.Assertions.*;

/** Decisions streamed to an HTTP collector in OPA's decision-log format (a JDK HttpServer plays the collector). */
class DecisionSinkTest {

    @Test
    void streamsDecisionsAsGzippedOpaDecisionLogs(@TempDir Path dir) throws Exception {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        List<String> encodings = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/logs", ex -> {
            encodings.add(ex.getRequestHeaders().getFirst("Content-Encoding"));
            JsonNode batch = RequestJson.MAPPER.readTree(new GZIPInputStream(ex.getRequestBody()));
            batch.forEach(events::add);
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        collector.start();
        try {
            String sink = "decision_log:\n  sink: {url: \"http://127.0.0.1:" + collector.getAddress().getPort() + "/logs\", timeout: 2s}";
            String id;
            try (TestServer s = TestServer.start(dir, sink, null)) {
                id = json(s.post("/v1/evaluate?stack=inference-us-leak", read(DENY_PLAN))).get("id").asText();
                s.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (events.size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
            }
            assertEquals(2, events.size(), events.toString());
            assertTrue(encodings.stream().allMatch("gzip"::equals), encodings.toString());
            JsonNode e = events.stream().filter(ev -> ev.get("decision_id").asText().equals(id)).findFirst().orElseThrow();
            assertEquals("tollgate", e.get("path").asText());
            assertEquals("anonymous", e.get("requested_by").asText());
            assertFalse(e.at("/result/allowed").asBoolean());
            assertEquals("inference-us-leak", e.at("/input/stack/name").asText(), "the policy input, as OPA logs its input");
            assertTrue(e.at("/bundles/tollgate/revision").asText().startsWith("sha256:"));
            assertTrue(e.at("/labels/id").asText().startsWith("tollgate-"));
            assertTrue(e.get("timestamp").asText().startsWith("20"));
            assertTrue(e.at("/metrics/timer_server_handler_ns").asLong() > 0);
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void aCollectorThatKeepsFailingCostsNoDecisionButIsCounted(@TempDir Path dir) throws Exception {
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/logs", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        collector.start();
        try {
            String sink = "decision_log:\n  sink: {url: \"http://127.0.0.1:" + collector.getAddress().getPort() + "/logs\", timeout: 2s}";
            try (TestServer s = TestServer.start(dir, sink, null)) {
                assertEquals(200, s.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN)).statusCode());
                double dropped = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (dropped < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    dropped = ServerApiTest.counter(s.get("/metrics").body(), "tollgate_decision_sink_dropped_total");
                }
                assertEquals(1.0, dropped);
                assertEquals(1, json(s.get("/v1/decisions")).get("decisions").size(), "the decision itself is logged");
            }
        } finally {
            collector.stop(0);
        }
    }
}
