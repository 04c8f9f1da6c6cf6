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
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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

    private static boolean sorted(JsonNode object) {
        String previous = null;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (previous != null && previous.compareTo(name) > 0) return false;
            previous = name;
        }
        return true;
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        if (n.isObject()) {
            g.writeStartObject();
            if (sorted(n)) {
                // Terraform writes keys sorted already: no copy, no sort.
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
            } else {
                List<String> names = new ArrayList<>(n.size());
                n.fieldNames().forEachRemaining(names::add);
                names.sort(null);
                for (String name : names) {
                    g.writeFieldName(name);
                    write(g, n.get(name));
                }
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
