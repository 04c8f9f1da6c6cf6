package dev.tollgate.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How {@code tollgate serve} runs: the {@code server:} section of {@code tollgate.yaml} (the rest of the file is the
 * {@link dev.tollgate.policy.PolicyConfig} every request is checked with). Every field is optional:
 *
 * <pre>
 * server:
 *   listen: 127.0.0.1:8181          # host:port; without any token configured only loopback is served
 *   data_dir: data                  # the SQLite decision log lives here
 *   policies: policies              # Rego guardrails and policies/data parameters
 *   data: [params/]                 # parameter directories instead of policies/data
 *   catalogue: [catalogue/]         # catalogue directories layered over the bundled facts
 *   body_limit: 100MB               # larger requests get 413
 *   eval_timeout: 30s               # a slower evaluation gets 503
 *   tls: {keystore: tls.p12, password_env: TOLLGATE_TLS_PASSWORD}
 *   tokens_file: tokens.yaml        # bearer tokens, SHA-256 hashed (also TOLLGATE_TOKENS)
 *   webhooks:                       # HMAC-SHA256 signed admission requests
 *     - {name: github-ci, secret_env: TOLLGATE_WEBHOOK_SECRET, stacks: ["gpu-*"]}
 *   signature_window: 5m
 *   decision_log:
 *     url: jdbc:postgresql://db/tollgate   # default jdbc:sqlite:DATA_DIR/decisions.db
 *     user: tollgate
 *     password_env: TOLLGATE_DB_PASSWORD
 *     sink: {url: http://collector:8080/logs, timeout: 5s}   # OPA decision-log format
 *   opa:                            # evaluate on a remote OPA instead of the embedded evaluator
 *     url: http://127.0.0.1:8282
 *     timeout: 2s
 *     retries: 2
 *     backoff: 100ms
 *     fail_open: false              # true: advisory-only stacks warn instead of deny when OPA is down
 *     push: false                   # true: PUT the policies with OPA's Policy API at start
 *     token_env: OPA_TOKEN
 * </pre>
 * Relative paths are resolved against the config file's directory; without a config file, the working directory.
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        Path policies,
        List<Path> dataDirs,
        List<Path> catalogue,
        long bodyLimit,
        Duration evalTimeout,
        Tls tls,
        Path tokensFile,
        List<Webhook> webhooks,
        Duration signatureWindow,
        Log log,
        Opa opa) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8181;
    public static final long DEFAULT_BODY_LIMIT = 100_000_000L;

    /** @param password read from the environment or a file at start, never from tollgate.yaml itself */
    public record Tls(Path keystore, String password, String type) {}

    /** A webhook sender: its shared HMAC secret and the stacks it may submit. */
    public record Webhook(String name, byte[] secret, List<String> stacks) {}

    /** @param url a JDBC URL: {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://...} */
    public record Log(String url, String user, String password, Sink sink) {}

    /** An HTTP endpoint that takes decisions in OPA's decision-log format. */
    public record Sink(URI url, Duration timeout) {}

    /** A remote OPA that evaluates instead of the embedded evaluator. */
    public record Opa(URI url, Duration timeout, int retries, Duration backoff, boolean failOpen, boolean push, String token) {}

    public static ServerConfig defaults(Path workDir) {
        return parse("(defaults)", null, workDir, Map.of());
    }

    /** Reads the {@code server:} section of a tollgate.yaml; {@code env} supplies secrets named by {@code *_env} fields. */
    public static ServerConfig load(Path file, Map<String, String> env) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            String at = e.getLocation() != null ? ":" + e.getLocation().getLineNr() : "";
            throw new ConfigException(file + at + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + file + ": " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        JsonNode server = root == null || !root.isObject() ? null : root.get("server");
        return parse(file.toString(), server, base, env);
    }

    static ServerConfig parse(String file, JsonNode section, Path base, Map<String, String> env) {
        ConfigFields f = new ConfigFields(file, "server.", section == null || section.isNull() ? null : section, base);
        f.only("listen", "data_dir", "policies", "data", "catalogue", "body_limit", "eval_timeout", "tls", "tokens_file",
                "webhooks", "signature_window", "decision_log", "opa");

        String listen = f.text("listen", DEFAULT_HOST + ":" + DEFAULT_PORT);
        int colon = listen.lastIndexOf(':');
        String host;
        int port;
        try {
            if (colon < 0) throw new NumberFormatException();
            host = listen.substring(0, colon).replace("[", "").replace("]", "");
            port = Integer.parseInt(listen.substring(colon + 1));
            if (host.isEmpty() || port < 0 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new ConfigException(f.where("listen") + ": '" + listen + "' is not host:port (e.g. 127.0.0.1:8181, 0.0.0.0:8181)");
        }

        Path dataDir = f.path("data_dir", base.resolve("data"));
        long bodyLimit = f.size("body_limit", DEFAULT_BODY_LIMIT);
        if (bodyLimit <= 0 || bodyLimit > Integer.MAX_VALUE - 16) {
            throw new ConfigException(f.where("body_limit") + ": must be more than 0 and less than 2GB");
        }

        ConfigFields t = f.object("tls").only("keystore", "password_env", "password_file", "type");
        Tls tls = null;
        if (t.present()) {
            Path keystore = t.path("keystore", null);
            if (keystore == null) throw new ConfigException(t.where("keystore") + ": required to serve TLS");
            if (!Files.isRegularFile(keystore)) throw new ConfigException(t.where("keystore") + ": no such file " + keystore);
            tls = new Tls(keystore, secret(t, "password", env, true), t.text("type", "PKCS12"));
        }

        List<Webhook> webhooks = new ArrayList<>();
        JsonNode hooks = f.array("webhooks");
        if (hooks != null) {
            for (int i = 0; i < hooks.size(); i++) {
                ConfigFields w = f.element("webhooks", i, hooks.get(i)).only("name", "secret_env", "secret_file", "stacks");
                String name = w.text("name", null);
                if (name == null || name.isBlank()) throw new ConfigException(w.where("name") + ": required");
                String secret = secret(w, "secret", env, true);
                if (secret.length() < 16) throw new ConfigException(w.where("secret_env") + ": the secret must be at least 16 characters");
                webhooks.add(new Webhook(name, secret.getBytes(StandardCharsets.UTF_8), w.strings("stacks", List.of("*"))));
            }
        }

        ConfigFields l = f.object("decision_log").only("url", "user", "password_env", "password_file", "sink");
        String url = l.text("url", "jdbc:sqlite:" + dataDir.resolve("decisions.db"));
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(l.where("url") + ": '" + url + "' must be a jdbc:sqlite: or jdbc:postgresql: URL");
        }
        ConfigFields s = l.object("sink").only("url", "timeout");
        Sink sink = s.present() ? new Sink(uri(s, "url"), s.duration("timeout", Duration.ofSeconds(5))) : null;
        Log log = new Log(url, l.text("user", null), secret(l, "password", env, false), sink);

        ConfigFields o = f.object("opa").only("url", "timeout", "retries", "backoff", "fail_open", "push", "token_env");
        Opa opa = null;
        if (o.present()) {
            String tokenEnv = o.text("token_env", null);
            if (tokenEnv != null && env.get(tokenEnv) == null) {
                throw new ConfigException(o.where("token_env") + ": environment variable " + tokenEnv + " is not set");
            }
            opa = new Opa(uri(o, "url"), o.duration("timeout", Duration.ofSeconds(2)), o.integer("retries", 2, 0, 10),
                    o.duration("backoff", Duration.ofMillis(100)), o.bool("fail_open", false), o.bool("push", false),
                    tokenEnv == null ? null : env.get(tokenEnv));
        }

        return new ServerConfig(host, port, dataDir, f.path("policies", base.resolve("policies")), f.paths("data"),
                f.paths("catalogue"), bodyLimit, f.duration("eval_timeout", Duration.ofSeconds(30)), tls,
                f.path("tokens_file", null), List.copyOf(webhooks), f.duration("signature_window", Duration.ofMinutes(5)), log, opa);
    }

    /** The same settings listening elsewhere (the CLI's --listen, tests' port 0). */
    public ServerConfig listening(String newHost, int newPort) {
        return new ServerConfig(newHost, newPort, dataDir, policies, dataDirs, catalogue, bodyLimit, evalTimeout, tls, tokensFile,
                webhooks, signatureWindow, log, opa);
    }

    /** A secret from {@code <name>_env} (an environment variable) or {@code <name>_file}; never inline in the config. */
    private static String secret(ConfigFields f, String name, Map<String, String> env, boolean required) {
        String var = f.text(name + "_env", null);
        Path file = f.path(name + "_file", null);
        if (var != null && file != null) throw new ConfigException(f.where(name + "_env") + ": give " + name + "_env or " + name + "_file, not both");
        if (var != null) {
            String v = env.get(var);
            if (v == null || v.isEmpty()) throw new ConfigException(f.where(name + "_env") + ": environment variable " + var + " is not set");
            return v;
        }
        if (file != null) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new ConfigException(f.where(name + "_file") + ": cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        if (required) throw new ConfigException(f.where(name + "_env") + ": required (or " + name + "_file)");
        return null;
    }

    private static URI uri(ConfigFields f, String field) {
        String v = f.text(field, null);
        if (v == null) throw new ConfigException(f.where(field) + ": required");
        try {
            URI u = new URI(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) throw new URISyntaxException(v, "not http(s)");
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigException(f.where(field) + ": '" + v + "' is not an http:// or https:// URL");
        }
    }
}
