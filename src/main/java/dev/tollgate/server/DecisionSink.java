package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.policy.DecisionJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Streams decisions to an HTTP endpoint in OPA's decision-log format, so a collector built for OPA's decision logs
 * takes Tollgate's too: batches of events POSTed as a gzipped JSON array ({@code Content-Encoding: gzip}), each with
 * {@code decision_id}, {@code path}, {@code input}, {@code result}, {@code requested_by}, {@code timestamp},
 * {@code bundles} and {@code labels}. Best effort: the database log is the record; a batch the endpoint keeps
 * refusing after retries is dropped and counted, and a full queue (128 decisions) drops the newest events rather
 * than slow decisions down or fill the heap.
 */
final class DecisionSink implements Consumer<DecisionService.Event>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionSink.class);
    private static final int BATCH = 50;
    /** Each event carries the policy input (megabytes for a large plan): a slow sink drops rather than fill the heap. */
    private static final int QUEUE = 128;

    private final URI url;
    private final Duration timeout;
    private final String instance;
    private final HttpClient http;
    private final BlockingQueue<ObjectNode> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Metrics metrics;
    private final Thread worker;
    private volatile boolean running = true;

    DecisionSink(URI url, Duration timeout, String instance, Metrics metrics) {
        this.url = url;
        this.metrics = metrics;
        this.timeout = timeout;
        this.instance = instance;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.worker = new Thread(this::run, "tollgate-decision-sink");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void accept(DecisionService.Event e) {
        ObjectNode event = RequestJson.MAPPER.createObjectNode();
        event.putObject("labels").put("id", instance).put("app", "tollgate");
        event.put("decision_id", e.record().id());
        event.putObject("bundles").putObject("tollgate").put("revision", e.record().bundleRevision());
        event.put("path", "tollgate");
        event.set("input", e.input() instanceof dev.tollgate.policy.PolicyInput p ? p.toJson()
                : e.input() instanceof JsonNode n ? n : RequestJson.MAPPER.nullNode());
        event.set("result", DecisionJson.tree(e.decision()));
        event.put("requested_by", e.record().caller());
        event.put("timestamp", e.record().decidedAt());
        event.putObject("metrics").put("timer_server_handler_ns", (long) (e.record().latencyMs() * 1e6));
        if (!queue.offer(event)) metrics.sinkDropped(1);
    }

    private void run() {
        List<ObjectNode> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                ObjectNode first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                if (!post(batch)) metrics.sinkDropped(batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean post(List<ObjectNode> batch) throws InterruptedException {
        ArrayNode array = RequestJson.MAPPER.createArrayNode();
        batch.forEach(array::add);
        byte[] body = gzip(array);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        for (int attempt = 0; attempt < 3; attempt++) {
            if (attempt > 0) Thread.sleep(200L << attempt);
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 300) return true;
                if (status < 500) break;
            } catch (IOException e) {
                LOG.debug("decision sink {}: {}", url, e.toString());
            }
        }
        LOG.warn("decision sink {}: dropped {} decisions after retries (they are in the decision log)", url, batch.size());
        return false;
    }

    private static byte[] gzip(JsonNode node) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            RequestJson.MAPPER.writeValue(gz, node);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    /** Sends what is queued (for up to the timeout) and stops. */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(timeout.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
