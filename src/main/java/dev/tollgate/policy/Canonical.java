package dev.tollgate.policy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of a JSON tree in canonical form: object keys sorted, no whitespace, numbers as written. Two
 * serializations of the same document (key order, indentation) hash the same.
 */
final class Canonical {
    private Canonical() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    static String sha256(JsonNode node) {
        MessageDigest digest = PolicyBundle.sha256();
        try (JsonGenerator g = JSON.getFactory().createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            g.writeStartObject();
            for (String name : names) {
                g.writeFieldName(name);
                write(g, n.get(name));
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode e : n) write(g, e);
            g.writeEndArray();
        } else {
            g.writeTree(n);
        }
    }
}
