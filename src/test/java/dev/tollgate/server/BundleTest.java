package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tollgate.facts.Catalogue;
import dev.tollgate.plan.PlanReader;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.PolicyConfig;
import dev.tollgate.policy.PolicyEngine;
import dev.tollgate.rego.RegoEngine;
import dev.tollgate.rego.Values;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.tollgate.server.TestServer.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The OPA bundle Tollgate serves, read with another tar implementation (Apache Commons Compress) and compared with
 * real OPA bundles from {@code ../shared/fixtures/opa-bundles}.
 */
class BundleTest {

    static final Path FIXTURES = Path.of(System.getProperty("tollgate.shared.dir", "../shared"), "fixtures", "opa-bundles");

    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() {
        assertTrue(Files.isDirectory(FIXTURES), "OPA bundle fixtures missing at " + FIXTURES.toAbsolutePath() + " (set tollgate.shared.dir)");
        s = TestServer.start(dir, null, null);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static Map<String, byte[]> entries(byte[] tarGz) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                assertTrue(e.isFile(), e.getName());
                out.put(e.getName(), tar.readAllBytes());
            }
        }
        return out;
    }

    static JsonSchema manifestSchema() throws IOException {
        JsonNode schema = RequestJson.MAPPER.readTree(FIXTURES.resolve("v1__bundle__manifest.schema.json").toFile());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    }

    @Test
    void etagAndIfNoneMatchGive304() {
        HttpResponse<byte[]> first = s.getBytes("/bundles/tollgate.tar.gz");
        assertEquals(200, first.statusCode());
        assertEquals("application/gzip", first.headers().firstValue("Content-Type").orElse(""));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.matches("\"[0-9a-f]{64}\""), etag);

        HttpResponse<byte[]> same = s.getBytes("/bundles/tollgate.tar.gz", "If-None-Match", etag);
        assertEquals(304, same.statusCode());
        assertEquals(0, same.body().length);
        assertEquals(etag, same.headers().firstValue("ETag").orElseThrow());
        assertEquals(304, s.getBytes("/bundles/tollgate.tar.gz", "If-None-Match", "\"other\", W/" + etag).statusCode());
        assertEquals(304, s.getBytes("/bundles/tollgate.tar.gz", "If-None-Match", "*").statusCode());
        HttpResponse<byte[]> changed = s.getBytes("/bundles/tollgate.tar.gz", "If-None-Match", "\"an-older-revision\"");
        assertEquals(200, changed.statusCode());
        assertArrayEquals(first.body(), changed.body(), "the same policies make the same bytes");
    }

    @Test
    void layoutIsTheLayoutOfRealOpaBundles() throws IOException {
        Map<String, byte[]> mine = entries(s.getBytes("/bundles/tollgate.tar.gz").body());
        List<Path> real;
        try (Stream<Path> files = Files.list(FIXTURES)) {
            real = files.filter(p -> p.toString().endsWith(".tar.gz")).sorted().toList();
        }
        assertEquals(5, real.size(), real.toString());
        int withManifest = 0;
        for (Path fixture : real) {
            Map<String, byte[]> theirs = entries(Files.readAllBytes(fixture));
            for (String name : theirs.keySet()) {
                assertTrue(name.startsWith("/"), fixture + ": " + name);
                assertTrue(name.endsWith(".rego") || name.endsWith("/data.json") || name.equals("/.manifest") || name.equals("/.signatures.json"),
                        fixture + ": " + name);
            }
            assertTrue(theirs.containsKey("/data.json"), fixture + " has a root data.json");
            if (theirs.containsKey("/.manifest")) {
                withManifest++;
                JsonNode manifest = RequestJson.MAPPER.readTree(theirs.get("/.manifest"));
                assertTrue(manifestSchema().validate(manifest).isEmpty(), fixture + " manifest");
            }
        }
        assertEquals(4, withManifest);

        // Ours: the same conventions.
        for (String name : mine.keySet()) {
            assertTrue(name.startsWith("/"), name);
            assertTrue(name.endsWith(".rego") || name.equals("/data.json") || name.equals("/.manifest"), name);
            assertFalse(name.endsWith("_test.rego"), "tests stay out of the bundle: " + name);
        }
        assertTrue(mine.containsKey("/.manifest") && mine.containsKey("/data.json") && mine.containsKey("/cost/cost.rego"), mine.keySet().toString());
    }

    @Test
    void manifestHasTheRevisionAndRootsAndFollowsTheSchema() throws IOException {
        Map<String, byte[]> mine = entries(s.getBytes("/bundles/tollgate.tar.gz").body());
        JsonNode manifest = RequestJson.MAPPER.readTree(mine.get("/.manifest"));
        Set<ValidationMessage> problems = manifestSchema().validate(manifest);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(PolicyBundle.load(POLICIES).revision(), manifest.get("revision").asText());
        Set<String> roots = new TreeSet<>();
        manifest.get("roots").forEach(r -> roots.add(r.asText()));
        assertEquals(Set.of("params", "tollgate"), roots);
        JsonNode data = RequestJson.MAPPER.readTree(mine.get("/data.json"));
        data.fieldNames().forEachRemaining(k -> assertTrue(roots.contains(k), "data key " + k + " under a root"));
    }

    @Test
    void anEngineLoadingTheBundleDecidesAsTheServiceDoes(@TempDir Path out) throws IOException {
        Map<String, byte[]> mine = entries(s.getBytes("/bundles/tollgate.tar.gz").body());
        for (Map.Entry<String, byte[]> e : mine.entrySet()) {
            Path file = out.resolve(e.getKey().substring(1));
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        RegoEngine fromBundle = RegoEngine.builder().load(List.of(out)).printer(l -> { }).build();

        PolicyEngine engine = PolicyEngine.embedded(PolicyBundle.load(POLICIES), Catalogue.bundled(), Clock.systemUTC(), Duration.ofSeconds(30));
        JsonNode input = engine.prepare(PolicyEngine.Check.of(PlanReader.read(DENY_PLAN), PolicyConfig.beside(DENY_PLAN))).input().toJson();
        JsonNode expected = json(s.post("/v1/data/tollgate/residency/violation", "{\"input\": " + input + "}")).get("result");
        JsonNode actual = Values.toJson(fromBundle.query("data.tollgate.residency.violation", input).value());
        assertEquals(2, expected.size());
        assertEquals(expected, actual);
    }
}
