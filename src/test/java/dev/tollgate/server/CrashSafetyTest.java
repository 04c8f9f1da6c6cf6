package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tollgate.server.TestServer.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Kill -9 while requests stream in: every decision the service acknowledged before it died is in the log after a
 * restart, and the hash chain verifies. The server runs as its own JVM ({@code java -cp <test classpath>
 * dev.tollgate.cli.Main serve}); {@link Process#destroyForcibly()} is SIGKILL on Linux. The same steps, with the
 * packaged jar and curl, are in {@code examples/server/crash-test.sh}.
 */
class CrashSafetyTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    record Served(Process process, URI uri) {}

    /** A decision the service answered: what the CI job would retry with. */
    record Ack(String decisionId, String stack, Path plan) {}

    private Served serve(Path config) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.tollgate.cli.Main", "serve", "--config", config.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CountDownLatch up = new CountDownLatch(1);
        URI[] uri = new URI[1];
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        uri[0] = URI.create(m.group(1));
                        up.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!up.await(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the server did not start:\n" + seen);
        }
        return new Served(p, uri[0]);
    }

    @Test
    void everyAcknowledgedDecisionSurvivesSigkill() throws Exception {
        Path config = dir.resolve("tollgate.yaml");
        Files.writeString(config, "server:\n  listen: 127.0.0.1:0\n  policies: " + POLICIES + "\n  data_dir: " + dir.resolve("data") + "\n");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Ack> acknowledged = new ConcurrentHashMap<>();  // by admission uid

        Served first = serve(config);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            int client = c;
            clients.submit(() -> {
                for (int i = 0; !stop.get() && i < 10_000; i++) {
                    String uid = "crash-" + client + "-" + i;
                    Path plan = i % 2 == 0 ? ALLOW_PLAN : DENY_PLAN;
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(first.uri() + "/v1/admission"))
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(review(uid, "crash-" + client, plan))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            acknowledged.put(uid, new Ack(json(r).at("/response/decision_id").asText(), "crash-" + client, plan));
                        }
                    } catch (IOException e) {
                        return;  // the server is gone
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (acknowledged.size() < 24 && System.nanoTime() < deadline) Thread.sleep(20);
        first.process().destroyForcibly();  // SIGKILL, with requests in flight
        assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, first.process().exitValue(), "killed by SIGKILL");
        stop.set(true);
        clients.shutdown();
        assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(acknowledged.size() >= 24, "acknowledged before the kill: " + acknowledged.size());

        Served second = serve(config);
        try {
            for (Map.Entry<String, Ack> a : acknowledged.entrySet()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(second.uri() + "/v1/decisions/" + a.getValue().decisionId())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), a + " lost: " + r.body());
                assertEquals(a.getKey(), json(r).at("/log/admission_uid").asText());
            }
            // The uid is remembered across the crash: the retry a CI job would send gets the logged decision.
            Map.Entry<String, Ack> one = acknowledged.entrySet().iterator().next();
            JsonNode retry = json(http.send(HttpRequest.newBuilder(URI.create(second.uri() + "/v1/admission"))
                    .POST(HttpRequest.BodyPublishers.ofString(review(one.getKey(), one.getValue().stack(), one.getValue().plan()))).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertEquals(one.getValue().decisionId(), retry.at("/response/decision_id").asText());
            assertTrue(retry.at("/response/replayed").asBoolean());
        } finally {
            second.process().destroyForcibly();
            second.process().waitFor(30, TimeUnit.SECONDS);
        }

        Cli verify = Cli.run("log", "verify", "--db", "jdbc:sqlite:" + dir.resolve("data/decisions.db"));
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        Matcher m = Pattern.compile(": (\\d+) records, chain intact").matcher(verify.out());
        assertTrue(m.find(), verify.out());
        assertTrue(Long.parseLong(m.group(1)) >= acknowledged.size(), verify.out() + " vs " + acknowledged.size() + " acknowledged");
    }
}
