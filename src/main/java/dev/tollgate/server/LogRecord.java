package dev.tollgate.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.DecisionJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One decision as the log keeps it: the full decision JSON, the columns it is searched by, and its place in the
 * hash chain.
 *
 * @param seq            position in the chain, from 1, without gaps
 * @param caller         the token or webhook name that asked, or "anonymous" on an open loopback service
 * @param admissionUid   the admission request's uid, or null for a plain evaluation
 * @param requestSha256  SHA-256 of the canonical JSON of the plan as sent, to tell a retried uid from a reused one
 * @param decision       the decision's JSON, exactly as hashed
 * @param prevHash       the previous record's hash (64 zeros for the first)
 * @param hash           SHA-256 over this record's fields and prevHash
 */
public record LogRecord(long seq, String id, String decidedAt, long decidedAtMs, String caller, String stack,
                        String admissionUid, String requestSha256, String planSha256, String bundleRevision,
                        boolean allowed, double latencyMs, String decision, String prevHash, String hash) {

    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper();

    public Decision parsed() {
        return DecisionJson.read(decision);
    }

    /** The hash this record should carry: over every field but the hash itself, as one JSON array. */
    public String computeHash() {
        ArrayNode fields = JSON.createArrayNode()
                .add(seq).add(id).add(decidedAt).add(decidedAtMs).add(caller).add(stack)
                .add(admissionUid).add(requestSha256).add(planSha256).add(bundleRevision)
                .add(allowed).add(latencyMs).add(decision).add(prevHash);
        try {
            byte[] bytes = JSON.writeValueAsBytes(fields);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("an array of scalars always serializes and the JDK has SHA-256", e);
        }
    }

    LogRecord chained(long newSeq, String newPrev) {
        LogRecord r = new LogRecord(newSeq, id, decidedAt, decidedAtMs, caller, stack, admissionUid, requestSha256, planSha256,
                bundleRevision, allowed, latencyMs, decision, newPrev, null);
        return new LogRecord(newSeq, id, decidedAt, decidedAtMs, caller, stack, admissionUid, requestSha256, planSha256,
                bundleRevision, allowed, latencyMs, decision, newPrev, r.computeHash());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
