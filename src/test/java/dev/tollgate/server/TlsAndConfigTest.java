package dev.tollgate.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tollgate.server.TestServer.*;
import static org.junit.jupiter.api.Assertions.*;

/** TLS with a keystore made by the JDK's keytool, and start-up errors that name the file and field. */
class TlsAndConfigTest {

    @TempDir
    Path dir;

    private Path keystore(String password) throws IOException, InterruptedException {
        Path ks = dir.resolve("tls.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "tollgate", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return ks;
    }

    private static HttpClient trusting(Path keystore, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("tollgate", ks.getCertificate("tollgate"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    @Test
    void servesHttpsWhenAKeystoreIsConfigured() throws Exception {
        Path ks = keystore("s3cret-pass");
        String lines = "tls: {keystore: " + ks + ", password_env: TLS_PASSWORD}";
        try (TestServer s = TestServer.start(dir, lines, null, Map.of("TLS_PASSWORD", "s3cret-pass"), trusting(ks, "s3cret-pass"))) {
            assertEquals("https", s.server.uri().getScheme());
            HttpResponse<String> r = s.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.sslSession().isPresent());
            // Plain HTTP on the TLS port gets no answer a client could mistake for the API.
            HttpClient plain = HttpClient.newHttpClient();
            java.net.URI http = java.net.URI.create("http://127.0.0.1:" + s.server.port() + "/health");
            try {
                HttpResponse<String> p = plain.send(java.net.http.HttpRequest.newBuilder(http).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, p.statusCode(), p.body());
            } catch (IOException expected) {
                // the TLS connector closed the connection: also not an answer
            }
        }
    }

    @Test
    void aWrongKeystorePasswordStopsTheStart() throws Exception {
        Path ks = keystore("right-password");
        ConfigException e = assertThrows(ConfigException.class, () -> TestServer.start(dir,
                "tls: {keystore: " + ks + ", password_env: TLS_PASSWORD}", null, Map.of("TLS_PASSWORD", "wrong-password"), HttpClient.newHttpClient()));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:0: "), e.getMessage());
    }

    private ConfigException configError(String serverLines, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> TestServer.start(dir, serverLines, null, env, HttpClient.newHttpClient()));
    }

    @Test
    void configErrorsNameTheFileAndField() throws IOException {
        String file = dir.resolve("tollgate.yaml").toString();
        assertEquals(file + ": server.lisen: unknown field (known: listen, data_dir, policies, data, catalogue, body_limit, eval_timeout, "
                + "tls, tokens_file, webhooks, signature_window, decision_log, opa)", configError("lisen: 1.2.3.4:80", Map.of()).getMessage());
        assertEquals(file + ": server.body_limit: '100 megs' is not a size such as 100MB or 512KiB",
                configError("body_limit: 100 megs", Map.of()).getMessage());
        assertEquals(file + ": server.eval_timeout: 'soon' is not a duration such as 250ms, 30s or 5m",
                configError("eval_timeout: soon", Map.of()).getMessage());
        assertEquals(file + ": server.webhooks[0].secret_env: environment variable HOOK is not set",
                configError("webhooks: [{name: ci, secret_env: HOOK}]", Map.of()).getMessage());
        assertEquals(file + ": server.opa.url: 'opa:8181' is not an http:// or https:// URL",
                configError("opa: {url: \"opa:8181\"}", Map.of()).getMessage());
        assertEquals(file + ": server.decision_log.url: 'jdbc:mysql://db/x' must be a jdbc:sqlite: or jdbc:postgresql: URL",
                configError("decision_log: {url: \"jdbc:mysql://db/x\"}", Map.of()).getMessage());
        assertEquals(file + ": server.listen: 'localhost' is not host:port (e.g. 127.0.0.1:8181, 0.0.0.0:8181)",
                configError("listen: localhost", Map.of()).getMessage());
    }

    @Test
    void tokenFilesHoldHashesOnly() throws IOException {
        Path tokens = dir.resolve("tokens.yaml");
        Files.writeString(tokens, "tokens:\n  - {name: ci, sha256: tg_plaintext_token, stacks: [\"*\"]}\n");
        ConfigException e = configError("tokens_file: " + tokens, Map.of());
        assertEquals(tokens + ": tokens[0].sha256: must be the 64 hex digits of the token's SHA-256 (never the token itself)", e.getMessage());
        Files.writeString(tokens, "tokens:\n  - {name: ci, sha256: " + sha("x") + "}\n");
        assertTrue(configError("tokens_file: " + tokens, Map.of()).getMessage().endsWith("tokens[0].stacks: required: the stacks this token may use (\"*\" for all)"));
    }

    @Test
    void tokensFromTheEnvironmentWork() {
        String env = "tokens:\n  - {name: from-env, sha256: " + sha("tg_env_token") + ", stacks: [\"network-*\"]}\n";
        try (TestServer s = TestServer.start(dir, null, null, Map.of(Tokens.ENV, env), HttpClient.newHttpClient())) {
            assertFalse(s.startOutput.contains("no bearer token configured"), s.startOutput);
            assertEquals(401, s.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN)).statusCode());
            HttpResponse<String> r = s.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN), "Authorization", bearer("tg_env_token"));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("from-env", json(s.get("/v1/decisions?stack=network-eu", "Authorization", bearer("tg_env_token"))).at("/decisions/0/caller").asText());
        }
    }

    @Test
    void theTokenCommandPrintsAWorkingEntry() throws IOException {
        Cli r = Cli.run("token", "--name", "ci-gpu", "--stack", "gpu-*");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        String token = lines.get(0).substring("token: ".length());
        assertTrue(token.startsWith("tg_") && token.length() == 67, token);
        Path tokens = dir.resolve("tokens.yaml");
        Files.writeString(tokens, "tokens:\n" + String.join("\n", lines.subList(2, lines.size())) + "\n");
        try (TestServer s = TestServer.start(dir, "tokens_file: " + tokens, null)) {
            assertEquals(403, s.post("/v1/evaluate?stack=network-eu", read(ALLOW_PLAN), "Authorization", bearer(token)).statusCode());
            assertEquals(200, s.post("/v1/evaluate?stack=gpu-training-eu", read(WARN_PLAN), "Authorization", bearer(token)).statusCode());
        }
    }
}
