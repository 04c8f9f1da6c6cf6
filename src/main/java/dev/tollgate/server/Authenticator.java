package dev.tollgate.server;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Decides who a request comes from. Bearer tokens (hashed at rest, see {@link Tokens}) for every API; for webhook
 * admission, also an HMAC-SHA256 signature over {@code TIMESTAMP + "." + BODY} in {@code X-Tollgate-Signature:
 * sha256=HEX}, with the Unix-seconds timestamp in {@code X-Tollgate-Timestamp}. A signature is accepted within the
 * window (5 minutes by default) around the service's clock and only once. Any failure is 401; whether the caller
 * may use a stack is checked later (403), once the stack is known.
 */
final class Authenticator {

    static final String TIMESTAMP = "X-Tollgate-Timestamp";
    static final String SIGNATURE = "X-Tollgate-Signature";

    private final Tokens tokens;
    private final List<ServerConfig.Webhook> webhooks;
    private final Duration window;
    private final ReplayGuard replays;
    private final Clock clock;

    Authenticator(Tokens tokens, List<ServerConfig.Webhook> webhooks, Duration window, ReplayGuard replays, Clock clock) {
        this.tokens = tokens;
        this.webhooks = webhooks;
        this.window = window;
        this.replays = replays;
        this.clock = clock;
    }

    /** No credentials are configured: everyone is {@link Caller#ANONYMOUS} (and the service serves loopback only). */
    boolean open() {
        return tokens.isEmpty() && webhooks.isEmpty();
    }

    /** A bearer-token caller, for every API but webhook admission. */
    Caller bearer(String authorization) {
        if (authorization != null) return token(authorization);
        if (open()) return Caller.ANONYMOUS;
        throw ApiError.unauthorized("missing credentials: send Authorization: Bearer TOKEN");
    }

    /** A bearer token or, for webhooks, a signature over the exact body bytes. */
    Caller webhook(String authorization, String timestamp, String signature, byte[] body) {
        if (authorization != null) return token(authorization);
        if (signature != null || timestamp != null) return signed(timestamp, signature, body);
        if (open()) return Caller.ANONYMOUS;
        throw ApiError.unauthorized("missing credentials: send Authorization: Bearer TOKEN, or sign the body with "
                + SIGNATURE + " and " + TIMESTAMP);
    }

    private Caller token(String authorization) {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() == 7) {
            throw ApiError.unauthorized("Authorization must be 'Bearer TOKEN'");
        }
        return tokens.authenticate(authorization.substring(7).strip())
                .orElseThrow(() -> ApiError.unauthorized("invalid bearer token"));
    }

    private Caller signed(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null) {
            throw ApiError.unauthorized("a signed request needs both " + SIGNATURE + " and " + TIMESTAMP);
        }
        if (!signature.startsWith("sha256=") || !signature.substring(7).matches("[0-9a-fA-F]{64}")) {
            throw ApiError.unauthorized(SIGNATURE + " must be sha256= followed by 64 hex digits");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw ApiError.unauthorized(TIMESTAMP + " must be Unix seconds, not '" + timestamp + "'");
        }
        Instant at = Instant.ofEpochSecond(seconds);
        Instant now = clock.instant();
        if (Duration.between(at, now).abs().compareTo(window) > 0) {
            throw ApiError.unauthorized("signature timestamp " + at + " is outside the " + window.toMinutes()
                    + "-minute window around the service's time " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        byte[] presented = HexFormat.of().parseHex(signature.substring(7).toLowerCase());
        ServerConfig.Webhook match = null;
        for (ServerConfig.Webhook w : webhooks) {
            if (MessageDigest.isEqual(hmac(w.secret(), timestamp.strip(), body), presented)) match = w;
        }
        if (match == null) throw ApiError.unauthorized("invalid signature");
        try {
            if (!replays.firstUse(HexFormat.of().formatHex(presented), at.plus(window), now)) {
                throw ApiError.unauthorized("replayed signature: this exact signed request was already accepted; sign each request anew");
            }
        } catch (SQLException e) {
            throw ApiError.unavailable("log_unavailable", "cannot check the signature against replays: the decision log is unavailable");
        }
        return new Caller(match.name(), "hmac", match.stacks());
    }

    /** HMAC-SHA256 of {@code timestamp + "." + body} under a webhook secret: what a sender puts in the signature header. */
    static byte[] hmac(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has HmacSHA256", e);
        }
    }
}
