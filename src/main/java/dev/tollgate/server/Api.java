package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.DecisionJson;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The HTTP handlers: each reads the request, asks the component that knows, and writes JSON. No decisions here.
 */
final class Api {

    private final DecisionService decisions;
    private final DecisionLog log;
    private final Authenticator auth;
    private final DataApi data;
    private final BundleArchive bundle;
    private final Health health;
    private final Metrics metrics;
    private final long bodyLimit;

    Api(DecisionService decisions, DecisionLog log, Authenticator auth, DataApi data, BundleArchive bundle, Health health,
        Metrics metrics, long bodyLimit) {
        this.decisions = decisions;
        this.log = log;
        this.auth = auth;
        this.data = data;
        this.bundle = bundle;
        this.health = health;
        this.metrics = metrics;
        this.bodyLimit = bodyLimit;
    }

    List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, "/v1/evaluate", false, this::evaluate),
                new Route(HandlerType.POST, "/v1/admission", false, this::admission),
                new Route(HandlerType.GET, "/v1/decisions", false, this::listDecisions),
                new Route(HandlerType.GET, "/v1/decisions/{id}", false, this::decision),
                new Route(HandlerType.POST, "/v1/data", false, this::data),
                new Route(HandlerType.POST, "/v1/data/{path}", true, this::data),
                new Route(HandlerType.GET, "/v1/policies", false, this::policies),
                new Route(HandlerType.GET, "/bundles/tollgate.tar.gz", false, this::bundle),
                new Route(HandlerType.GET, "/health", false, this::health),
                new Route(HandlerType.GET, "/health/live", false, ctx -> Http.json(ctx, 200, RequestJson.MAPPER.createObjectNode().put("status", "live"))),
                new Route(HandlerType.GET, "/health/ready", false, this::health),
                new Route(HandlerType.GET, "/metrics", false, this::metrics),
                new Route(HandlerType.GET, "/openapi.json", false, this::openapi));
    }

    // ------------------------------------------------------------------ decisions

    private void evaluate(Context ctx) {
        long start = System.nanoTime();
        Caller caller = auth.bearer(ctx.header("Authorization"));
        byte[] body = Http.body(ctx, bodyLimit);
        String contentType = ctx.header("Content-Type");
        String stack = ctx.queryParam("stack");
        DecisionService.Logged l = decisions.evaluate(() -> Submission.evaluate(body, contentType, stack), caller, start);
        ctx.header("X-Tollgate-Decision-Id", l.decision().id());
        ctx.header("X-Tollgate-Log-Seq", Long.toString(l.record().seq()));
        Http.json(ctx, l.backendUnavailable() && !l.decision().allowed() ? 503 : 200, l.record().decision());
    }

    private void admission(Context ctx) {
        long start = System.nanoTime();
        byte[] body = Http.body(ctx, bodyLimit);
        // The signature covers the exact bytes, so it is checked before anything parses them.
        Caller caller = auth.webhook(ctx.header("Authorization"), ctx.header(Authenticator.TIMESTAMP),
                ctx.header(Authenticator.SIGNATURE), body);
        String contentType = ctx.header("Content-Type");
        Submission.Admission a = decisions.onWorker(() -> Submission.admission(body, contentType), start);
        DecisionService.Logged l = decisions.admit(a.uid(), a.submission(), caller, start);
        ctx.header("X-Tollgate-Decision-Id", l.decision().id());
        Http.json(ctx, 200, AdmissionReview.response(a.uid(), l));
    }

    private void decision(Context ctx) {
        Caller caller = auth.bearer(ctx.header("Authorization"));
        String id = ctx.pathParam("id");
        LogRecord r;
        try {
            r = log.byId(id).orElseThrow(() -> ApiError.notFound("no decision " + id + " in the log"));
        } catch (SQLException e) {
            throw logUnavailable(e);
        }
        if (!caller.mayUse(r.stack())) throw ApiError.forbidden(caller.name() + " may not read decisions of stack " + r.stack());
        ObjectNode out = RequestJson.MAPPER.createObjectNode();
        out.set("decision", DecisionJson.tree(r.parsed()));
        out.set("log", logFields(r));
        Http.json(ctx, 200, out);
    }

    private void listDecisions(Context ctx) {
        Caller caller = auth.bearer(ctx.header("Authorization"));
        String stack = ctx.queryParam("stack");
        List<String> stacks = null;
        if (stack != null) {
            if (!caller.mayUse(stack)) throw ApiError.forbidden(caller.name() + " may not read decisions of stack " + stack);
            stacks = Arrays.stream(stack.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            for (String s : stacks) {
                if (!caller.mayUse(s)) throw ApiError.forbidden(caller.name() + " may not read decisions of stack " + s);
            }
        } else if (!caller.allStacks()) {
            throw ApiError.forbidden(caller.name() + " may read only some stacks: name them with ?stack=NAME");
        }
        Boolean allowed = switch (String.valueOf(ctx.queryParam("allowed"))) {
            case "null" -> null;
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiError.badRequest("allowed: must be true or false, not '" + ctx.queryParam("allowed") + "'");
        };
        int limit = number(ctx, "limit", 50, 1, 500);
        long cursor = number(ctx, "cursor", 0, 1, Long.MAX_VALUE);
        DecisionLog.Page page;
        try {
            page = log.list(new DecisionLog.Query(stacks, since(ctx.queryParam("since")), allowed, cursor, limit));
        } catch (SQLException e) {
            throw logUnavailable(e);
        }
        ObjectNode out = RequestJson.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("decisions");
        for (LogRecord r : page.records()) list.add(summary(r));
        if (page.next() > 0) out.put("next_cursor", page.next());
        else out.putNull("next_cursor");
        Http.json(ctx, 200, out);
    }

    private static ObjectNode summary(LogRecord r) {
        Decision d = r.parsed();
        ObjectNode n = RequestJson.MAPPER.createObjectNode();
        n.put("id", r.id());
        n.put("seq", r.seq());
        n.put("time", r.decidedAt());
        n.put("stack", r.stack());
        n.put("caller", r.caller());
        n.put("allowed", r.allowed());
        n.put("verdict", d.verdict().id());
        n.set("summary", DecisionJson.MAPPER.valueToTree(d.summary()));
        n.put("monthly_usd", d.totals().monthlyUsd());
        n.put("plan_sha256", r.planSha256());
        n.put("bundle_revision", r.bundleRevision());
        if (r.admissionUid() != null) n.put("admission_uid", r.admissionUid());
        return n;
    }

    private static ObjectNode logFields(LogRecord r) {
        ObjectNode n = RequestJson.MAPPER.createObjectNode();
        n.put("seq", r.seq());
        n.put("caller", r.caller());
        if (r.admissionUid() != null) n.put("admission_uid", r.admissionUid());
        n.put("latency_ms", r.latencyMs());
        n.put("prev_hash", r.prevHash());
        n.put("hash", r.hash());
        return n;
    }

    private static Instant since(String text) {
        if (text == null) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw ApiError.badRequest("since: '" + text + "' is not an ISO-8601 instant (2026-11-23T12:00:00Z) or date (2026-11-23)");
            }
        }
    }

    private static int number(Context ctx, String name, int fallback, int min, int max) {
        return (int) number(ctx, name, (long) fallback, min, (long) max);
    }

    private static long number(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null) return fallback;
        try {
            long v = Long.parseLong(text);
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + ": must be a whole number from " + min + " to " + max + ", not '" + text + "'");
        }
    }

    private static ApiError logUnavailable(SQLException e) {
        return ApiError.unavailable("log_unavailable", "the decision log cannot be read: " + e.getMessage());
    }

    // ------------------------------------------------------------------ OPA-compatible

    private void data(Context ctx) {
        auth.bearer(ctx.header("Authorization"));
        byte[] body = Http.body(ctx, bodyLimit);
        JsonNode input = null;
        if (body.length > 0) {
            JsonNode root = RequestJson.parse(body);
            if (!root.isObject()) throw ApiError.badRequest("$: expected an object such as {\"input\": …}");
            input = root.get("input");
        }
        String path = ctx.pathParamMap().getOrDefault("path", "");
        try {
            Http.json(ctx, 200, data.query(Arrays.asList(path.split("/")), input));
        } catch (DataApi.EvaluationError e) {
            Http.json(ctx, e.status, e.body);
        }
    }

    private void policies(Context ctx) {
        auth.bearer(ctx.header("Authorization"));
        Http.json(ctx, 200, data.policies());
    }

    private void bundle(Context ctx) {
        auth.bearer(ctx.header("Authorization"));
        ctx.header("ETag", bundle.etag());
        if (bundle.matches(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/gzip");
        ctx.result(bundle.bytes());
    }

    // ------------------------------------------------------------------ operations

    private void health(Context ctx) {
        Health.Report r = health.check();
        Http.json(ctx, r.ready() ? 200 : 503, r.json());
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(metrics.scrape());
    }

    private void openapi(Context ctx) {
        ctx.contentType("application/json");
        ctx.result(openapiDocument());
    }

    static byte[] openapiDocument() {
        try (InputStream in = Api.class.getResourceAsStream("/server/openapi.json")) {
            if (in == null) throw new IllegalStateException("server/openapi.json is missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
