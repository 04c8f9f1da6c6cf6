package dev.tollgate.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.policy.PolicyBundle;
import dev.tollgate.policy.RegoSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeSet;

/**
 * The policies as an OPA bundle, so real OPA agents can pull what Tollgate enforces: a gzipped tarball laid out as
 * {@code opa build} lays it out (entries with a leading {@code /}): {@code /.manifest} with the revision and roots,
 * every guardrail module at its path under {@code policies/} (tests left out), and the parameters as one root
 * {@code /data.json}. Built once at start; its ETag is the SHA-256 of the bytes.
 *
 * @param roots the first segment of every package and every top-level data key: the paths this bundle owns
 */
record BundleArchive(byte[] bytes, String etag, String revision, JsonNode manifest) {

    static BundleArchive build(PolicyBundle bundle, ObjectNode data) {
        TreeSet<String> roots = new TreeSet<>();
        for (RegoSource s : bundle.sources()) roots.add(s.pkg().split("\\.")[0]);
        data.fieldNames().forEachRemaining(roots::add);

        ObjectNode manifest = RequestJson.MAPPER.createObjectNode();
        manifest.put("revision", bundle.revision());
        ArrayNode r = manifest.putArray("roots");
        roots.forEach(r::add);
        manifest.put("rego_version", 1);
        manifest.putObject("metadata").put("name", "tollgate").put("source", "tollgate serve");

        Tar tar = new Tar().add("/.manifest", json(manifest));
        for (Map.Entry<String, String> m : bundle.modules().entrySet()) {
            tar.add("/" + m.getKey(), m.getValue().getBytes(StandardCharsets.UTF_8));
        }
        tar.add("/data.json", json(data));
        byte[] bytes = tar.finish();
        return new BundleArchive(bytes, "\"" + sha256(bytes) + "\"", bundle.revision(), manifest);
    }

    /** If-None-Match: a list of ETags (weak or strong) or {@code *}; any match means the client has this bundle. */
    boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*")) return true;
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals(etag)) return true;
        }
        return false;
    }

    private static byte[] json(JsonNode node) {
        try {
            return RequestJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
