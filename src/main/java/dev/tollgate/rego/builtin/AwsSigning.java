package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.crypto.Digests;
import dev.tollgate.rego.builtin.crypto.GoError;
import dev.tollgate.rego.builtin.crypto.GoJson;
import dev.tollgate.rego.builtin.crypto.GoUrl;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * providers.aws.sign_req: signs an http.send-style request object with AWS Signature Version 4 and returns it
 * with the Authorization, x-amz-date (and for S3 and Glacier x-amz-content-sha256, for temporary credentials
 * x-amz-security-token) headers added. Canonicalisation follows OPA's signer: the method and query are taken
 * as written, every request header is signed except authorization, user-agent and x-amzn-trace-id.
 */
public final class AwsSigning implements BuiltinRegistry.Family {
    private static final String FN = "providers.aws.sign_req";

    private static final List<String> REQUIRED_CONFIG = List.of("aws_access_key", "aws_region", "aws_secret_access_key", "aws_service");

    /** The request keys http.send accepts; sign_req checks requests against the same list. */
    private static final Set<String> REQUEST_KEYS = Set.of("method", "url", "body", "enable_redirect", "force_json_decode",
            "force_yaml_decode", "headers", "raw_body", "tls_use_system_certs", "tls_ca_cert", "tls_ca_cert_file",
            "tls_ca_cert_env_variable", "tls_client_cert", "tls_client_cert_file", "tls_client_cert_env_variable",
            "tls_client_key", "tls_client_key_file", "tls_client_key_env_variable", "tls_insecure_skip_verify",
            "tls_server_name", "timeout", "cache", "force_cache", "force_cache_duration_seconds", "raise_error",
            "caching_mode", "max_retry_attempts", "cache_ignored_headers");

    private static final Set<String> UNSIGNED_HEADERS = Set.of("authorization", "user-agent", "x-amzn-trace-id");

    @Override
    public void register(BuiltinRegistry r) {
        r.register(FN, 3, (ctx, a) -> sign(a));
    }

    private static Value sign(Value[] a) {
        Value.Obj req = Operands.object(FN, a, 0);
        // OPA numbers the config and time operands as 1 in these type errors; kept for identical messages
        if (!(a[1] instanceof Value.Obj config)) throw RegoError.operand(FN, 1, "object", a[1]);
        checkConfig(config);
        if (!(a[2] instanceof Value.Num time)) throw RegoError.operand(FN, 1, "number", a[2]);
        // Go parses the number's text as an int64, so 1e9 or 1.0 are refused even though integral
        BigInteger ns = time.value().scale() == 0 ? time.value().toBigInteger() : null;
        if (ns == null || ns.bitLength() > 63) throw Operands.invalid(FN, 3, "could not convert time_ns value into a unix timestamp");
        checkRequest(req);

        Value headersValue = req.get("headers");
        Value.Obj headers = Value.Obj.EMPTY;
        if (headersValue != null) {
            if (!(headersValue instanceof Value.Obj h)) throw Operands.oneOf(FN, 0, headersValue, "object");
            headers = h;
        }
        List<String> invalid = new ArrayList<>();
        if (!(req.get("method") instanceof Value.Str)) invalid.add("method");
        if (!(req.get("url") instanceof Value.Str)) invalid.add("url");
        if (!invalid.isEmpty()) throw Operands.invalid(FN, 1, "invalid values for required request parameters(s): " + setText(invalid));

        GoUrl url;
        try {
            url = GoUrl.parse(((Value.Str) req.get("url")).value());
        } catch (GoError e) {
            throw RegoError.builtin(FN, e.getMessage());
        }
        String method = ((Value.Str) req.get("method")).value();
        byte[] body = body(req.get("body"), req.get("raw_body"));

        Map<String, String> requestHeaders = new LinkedHashMap<>();
        for (Value k : headers.keys()) requestHeaders.put(string(k), string(headers.get(k)));

        boolean unsignedPayload = false;
        Value dps = config.get("disable_payload_signing");
        if (dps != null) {
            if (!(dps instanceof Value.Bool b)) throw Operands.invalid(FN, 2, "invalid value for 'disable_payload_signing' in AWS config");
            unsignedPayload = b.value();
        }
        Instant when = Instant.ofEpochSecond(0, 0).plusNanos(ns.longValue());
        Signature s = signV4(requestHeaders, method, url, body, config, when, unsignedPayload);

        Value.Obj.Builder signed = Value.Obj.builder();
        requestHeaders.forEach((k, v) -> signed.put(k, Value.str(v)));
        signed.put("Authorization", Value.str(s.authorization()));
        s.awsHeaders().forEach((k, v) -> signed.put(k, Value.str(v)));
        Value.Obj.Builder out = Value.Obj.builder();
        for (Value k : req.keys()) out.put(k, req.get(k));
        return out.put("headers", signed.build()).build();
    }

    private static void checkConfig(Value.Obj config) {
        List<String> missing = new ArrayList<>(), invalid = new ArrayList<>();
        for (String k : REQUIRED_CONFIG) {
            Value v = config.get(k);
            if (v == null) missing.add(k);
            else if (!(v instanceof Value.Str)) invalid.add(k);
        }
        if (!missing.isEmpty()) throw Operands.invalid(FN, 2, "missing required AWS config parameters(s): " + setText(missing));
        if (!invalid.isEmpty()) throw Operands.invalid(FN, 2, "invalid values for required AWS config parameters(s): " + setText(invalid));
    }

    private static void checkRequest(Value.Obj req) {
        List<String> unknown = new ArrayList<>();
        for (Value k : req.keys()) if (!(k instanceof Value.Str s) || !REQUEST_KEYS.contains(s.value())) unknown.add(String.valueOf(k));
        if (!unknown.isEmpty()) {
            throw Operands.invalid(FN, 1, "invalid request parameters(s): {" + String.join(", ", unknown) + "}");
        }
        List<String> missing = new ArrayList<>();
        if (req.get("method") == null) missing.add("method");
        if (req.get("url") == null) missing.add("url");
        if (!missing.isEmpty()) throw Operands.invalid(FN, 1, "missing required request parameters(s): " + setText(missing));
    }

    /** How OPA prints a set of key names in these messages: {@code {"a", "b"}}, sorted. */
    private static String setText(List<String> names) {
        List<Value> values = new ArrayList<>();
        for (String n : names) values.add(Value.str(n));
        return Value.SetV.copyOf(values).toString();
    }

    private static String string(Value v) {
        return v instanceof Value.Str s ? s.value() : "";
    }

    /** raw_body as given, else body as Go's json.Marshal writes it, else nothing. */
    private static byte[] body(Value body, Value rawBody) {
        if (rawBody != null) return string(rawBody).getBytes(StandardCharsets.UTF_8);
        if (body != null) return GoJson.marshal(body).getBytes(StandardCharsets.UTF_8);
        return new byte[0];
    }

    private record Signature(String authorization, Map<String, String> awsHeaders) {}

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static Signature signV4(Map<String, String> headers, String method, GoUrl url, byte[] body, Value.Obj config,
                                    Instant when, boolean unsignedPayload) {
        String service = string(config.get("aws_service")), region = string(config.get("aws_region"));
        String accessKey = string(config.get("aws_access_key")), secretKey = string(config.get("aws_secret_access_key"));
        String sessionToken = string(config.get("aws_session_token"));
        String contentHash = unsignedPayload ? "UNSIGNED-PAYLOAD" : hex(Digests.SHA256.hash(body));
        String date = DATE.format(when), stamp = STAMP.format(when);

        Map<String, String> aws = new LinkedHashMap<>();
        aws.put("host", url.host());
        aws.put("x-amz-date", stamp);
        if (service.equals("s3") || service.equals("glacier")) aws.put("x-amz-content-sha256", contentHash);
        if (!sessionToken.isEmpty()) aws.put("x-amz-security-token", sessionToken);

        // request headers override the computed ones in what is signed (but not in what is returned)
        Map<String, String> toSign = new TreeMap<>(aws);
        headers.forEach((k, v) -> {
            String lower = k.toLowerCase(java.util.Locale.ROOT);
            if (!UNSIGNED_HEADERS.contains(lower)) toSign.put(lower, v);
        });
        StringBuilder canonical = new StringBuilder()
                .append(method).append('\n').append(url.escapedPath()).append('\n').append(url.rawQuery()).append('\n');
        toSign.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", toSign.keySet());
        canonical.append('\n').append(signedHeaders).append('\n').append(contentHash);

        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n"
                + hex(Digests.SHA256.hash(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = mac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = mac(key, region);
        key = mac(key, service);
        key = mac(key, "aws4_request");
        String signature = hex(mac(key, stringToSign));
        String authorization = "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ","
                + "SignedHeaders=" + signedHeaders + "," + "Signature=" + signature;
        return new Signature(authorization, aws);
    }

    private static byte[] mac(byte[] key, String data) {
        return Digests.SHA256.hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
