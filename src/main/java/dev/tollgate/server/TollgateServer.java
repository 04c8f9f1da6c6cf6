package dev.tollgate.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.plan.Plan;
import dev.tollgate.plan.Source;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import dev.tollgate.policy.PolicyException;
import dev.tollgate.rego.RegoError;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code tollgate serve}: builds the service from its configuration and runs it on Javalin. Everything that can be
 * wrong (policies that do not compile, an unreadable token file, a log that cannot be opened) fails here, at start,
 * with a message naming what is wrong.
 */
public final class TollgateServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TollgateServer.class);

    private final Javalin app;
    private final DecisionService service;
    private final DecisionLog log;
    private final DecisionSink sink;
    private final List<Route> routes;
    private final URI uri;

    private TollgateServer(Javalin app, DecisionService service, DecisionLog log, DecisionSink sink, List<Route> routes, URI uri) {
        this.app = app;
        this.service = service;
        this.log = log;
        this.sink = sink;
        this.routes = routes;
        this.uri = uri;
    }

    /**
     * Starts the service.
     *
     * @param env  environment variables: {@code TOLLGATE_TOKENS} and the secrets {@code *_env} fields name
     * @param out  where the start-up lines go (the address, and the loopback-only notice)
     */
    public static TollgateServer start(ServerConfig sc, PolicyConfig pc, Map<String, String> env, Clock clock, PrintStream out) {
        PolicyBundle bundle = PolicyBundle.load(sc.policies(), sc.dataDirs().isEmpty() ? List.of(sc.policies().resolve("data")) : sc.dataDirs());
        Catalogue catalogue = Catalogue.load(sc.catalogue());
        Metrics metrics = new Metrics();
        OpaClient opa = sc.opa() == null ? null
                : new OpaClient(sc.opa().url(), sc.opa().timeout(), sc.opa().retries(), sc.opa().backoff(), sc.opa().token());
        PolicyEngine engine = opa == null
                ? PolicyEngine.embedded(bundle, catalogue, clock, sc.evalTimeout())
                : new PolicyEngine(bundle, catalogue, clock, data -> new OpaEvaluator(opa, bundle, metrics));
        ObjectNode data = engine.data(pc);
        DataApi dataApi = new DataApi(bundle, data, clock, sc.evalTimeout());
        if (opa == null) {
            warmUp(engine, pc, sc, out);
        } else if (sc.opa().push()) {
            push(opa, bundle, data, out);
        }

        Tokens tokens = Tokens.load(sc.tokensFile(), env.get(Tokens.ENV));
        DecisionLog log = DecisionLog.open(sc.log().url(), sc.log().user(), sc.log().password());
        DecisionSink sink = sc.log().sink() == null ? null
                : new DecisionSink(sc.log().sink().url(), sc.log().sink().timeout(), "tollgate-" + UUID.randomUUID(), metrics);
        Authenticator auth = new Authenticator(tokens, sc.webhooks(), sc.signatureWindow(), log, clock);
        DecisionService service = new DecisionService(engine, pc, log, metrics, sc.evalTimeout(),
                sc.opa() != null && sc.opa().failOpen(), Math.max(2, Runtime.getRuntime().availableProcessors()), sink);
        Api api = new Api(service, log, auth, dataApi, BundleArchive.build(bundle, data), new Health(bundle, log, opa), metrics, sc.bodyLimit());
        List<Route> routes = api.routes();

        String host = sc.host();
        if (tokens.isEmpty()) {
            if (!loopback(host)) host = "127.0.0.1";
            out.println("tollgate serve: no bearer token configured (server.tokens_file or " + Tokens.ENV
                    + "): serving loopback only (" + host + ")" + (auth.open() ? ", without authentication" : ""));
        }
        Javalin app = javalin(sc, host, routes);
        try {
            if (sc.tls() == null) app.start(host, sc.port());
            else app.start();
        } catch (RuntimeException e) {
            service.close();
            if (sink != null) sink.close();
            log.close();
            throw new ConfigException("cannot listen on " + host + ":" + sc.port() + ": " + rootMessage(e), e);
        }
        URI uri = URI.create((sc.tls() == null ? "http" : "https") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port());
        out.println("tollgate serve: listening on " + uri + " (policies " + sc.policies() + " revision " + bundle.shortRevision()
                + ", " + (opa == null ? "embedded evaluator" : "OPA at " + opa.base()) + ", decision log " + log.url() + ")");
        out.flush();
        return new TollgateServer(app, service, log, sink, routes, uri);
    }

    /**
     * Compiles the guardrails (and warms them up) on an empty plan before the first request, not during it. Policies
     * that do not compile stop the start; policies too slow even for an empty plan only get a warning.
     */
    private static void warmUp(PolicyEngine engine, PolicyConfig pc, ServerConfig sc, PrintStream out) {
        Plan empty = new Plan(new Source(Source.Tool.TOLLGATE, Source.Format.TOLLGATE_PLAN, null, null, "(startup)"),
                "startup", List.of(), List.of(), Map.of(), Map.of(), List.of(), List.of());
        try {
            engine.check(PolicyEngine.Check.of(empty, pc));
        } catch (PolicyException e) {
            if (!(e.getCause() instanceof RegoError r && RegoError.EVAL_CANCEL.equals(r.code()))) throw e;
            out.println("tollgate serve: warning: the policies took longer than server.eval_timeout ("
                    + sc.evalTimeout().toMillis() + " ms) on an empty plan; plans will time out (503)");
        }
    }

    private static Javalin javalin(ServerConfig sc, String host, List<Route> routes) {
        return Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.disableCompression();
            cfg.http.maxRequestSize = sc.bodyLimit();
            if (sc.tls() != null) cfg.jetty.addConnector((server, http) -> tls(server, http, sc, host));
            cfg.router.mount(r -> {
                for (Route route : routes) r.addHttpHandler(route.method(), route.javalinPath(), route.handler());
                r.exception(ApiError.class, (e, ctx) -> {
                    ObjectNode body = RequestJson.MAPPER.createObjectNode().put("code", e.code()).put("message", e.getMessage());
                    if (e.knownFormats() != null) e.knownFormats().forEach(body.putArray("known_formats")::add);
                    Http.json(ctx, e.status(), body);
                });
                r.exception(HttpResponseException.class, (e, ctx) -> Http.json(ctx, e.getStatus(), RequestJson.MAPPER.createObjectNode()
                        .put("code", e.getStatus() == 404 ? "resource_not_found" : "invalid_operation").put("message", e.getMessage())));
                r.exception(Exception.class, (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    Http.json(ctx, 500, RequestJson.MAPPER.createObjectNode().put("code", "internal_error")
                            .put("message", "internal error (" + e.getClass().getSimpleName() + "); the service log has the details"));
                });
                r.error(404, ctx -> {
                    if (ctx.result() == null) Http.json(ctx, 404, RequestJson.MAPPER.createObjectNode()
                            .put("code", "resource_not_found").put("message", "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /openapi.json)"));
                });
            });
        });
    }

    private static ServerConnector tls(org.eclipse.jetty.server.Server server, HttpConfiguration http, ServerConfig sc, String host) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(sc.tls().keystore().toString());
        ssl.setKeyStorePassword(sc.tls().password());
        ssl.setKeyStoreType(sc.tls().type());
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(sc.port());
        return connector;
    }

    /** Pushes the policies and their data to OPA with the Policy and Data APIs. */
    private static void push(OpaClient opa, PolicyBundle bundle, ObjectNode data, PrintStream out) {
        try {
            for (Map.Entry<String, String> m : bundle.modules().entrySet()) opa.putPolicy("tollgate/" + m.getKey(), m.getValue());
            data.fields().forEachRemaining(e -> opa.putData(e.getKey(), e.getValue()));
            out.println("tollgate serve: pushed " + bundle.modules().size() + " policies and " + data.size() + " data documents to OPA at " + opa.base());
        } catch (OpaClient.Unavailable e) {
            out.println("tollgate serve: could not push the policies to OPA: " + e.getMessage() + "; decisions fail closed until OPA has them");
        }
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("server.listen: unknown host " + host);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    public URI uri() {
        return uri;
    }

    public int port() {
        return app.port();
    }

    List<Route> routes() {
        return routes;
    }

    DecisionService service() {
        return service;
    }

    @Override
    public void close() {
        app.stop();
        service.close();
        if (sink != null) sink.close();
        log.close();
    }
}
