package dev.tollgate.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Request bodies as JSON: malformed input is a 400 that names the JSON path and line where it broke. */
final class RequestJson {
    private RequestJson() {}

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Sorted keys, no whitespace: the same document hashes the same however it was serialized. */
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);

    /**
     * Checks the whole body is one well-formed JSON document without building it, and returns its top-level keys
     * (empty when it is not an object). Used to tell a bare plan, which is then streamed, from a request envelope.
     */
    static Set<String> topLevelKeys(byte[] body) {
        Set<String> keys = new LinkedHashSet<>();
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            try {
                JsonToken first = p.nextToken();
                if (first == null) throw ApiError.badRequest("empty body: expected a JSON plan or request");
                int depth = 0;
                JsonToken t = first;
                do {
                    if (t == JsonToken.FIELD_NAME && depth == 1 && first == JsonToken.START_OBJECT) keys.add(p.currentName());
                    if (t.isStructStart()) depth++;
                    else if (t.isStructEnd()) depth--;
                } while (depth > 0 && (t = p.nextToken()) != null);
                if (p.nextToken() != null) throw malformed(p, "unexpected content after the end of the document");
            } catch (StreamReadException e) {
                throw malformed(p, e);
            }
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read the body: " + e.getMessage());
        }
        return keys;
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) throw ApiError.badRequest("empty body: expected a JSON document");
            return node;
        } catch (StreamReadException e) {
            throw malformed(e.getProcessor(), e);
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read the body: " + e.getMessage());
        }
    }

    private static ApiError malformed(JsonParser p, StreamReadException e) {
        String message = e.getOriginalMessage().lines().findFirst().orElse("malformed JSON");
        message = message.replaceAll(" ?\\([^()]*\\[Source:[^\\]]*\\]\\)", "");
        return malformed(p, message, e.getLocation());
    }

    private static ApiError malformed(JsonParser p, String message) {
        return malformed(p, message, p.currentLocation());
    }

    private static ApiError malformed(JsonParser p, String message, com.fasterxml.jackson.core.JsonLocation at) {
        String path = p == null ? "$" : path(p.getParsingContext());
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return ApiError.badRequest("malformed JSON at " + path + where + ": " + message);
    }

    /** {@code $.request.plan.resource_changes[3]} for a parser positioned inside that value. */
    static String path(JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            else if (c.getCurrentName() != null) parts.add("." + c.getCurrentName());
        }
        StringBuilder sb = new StringBuilder("$");
        for (int i = parts.size() - 1; i >= 0; i--) sb.append(parts.get(i));
        return sb.toString();
    }

    /** SHA-256 of a document's canonical JSON. */
    static String sha256(JsonNode node) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(node)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a parsed document always serializes", e);
        }
    }
}
