package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.tollgate.rego.builtin.Invoke.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** providers.aws.sign_req against AWS's own SigV4 example, and the request checks it shares with http.send. */
class AwsSigningTest {
    static final Value.Obj CONFIG = Value.Obj.builder()
            .put("aws_access_key", Value.str("AKIDEXAMPLE"))
            .put("aws_secret_access_key", Value.str("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
            .put("aws_region", Value.str("us-east-1"))
            .put("aws_service", Value.str("service")).build();

    static final Value TIME = Value.num(Instant.parse("2015-08-30T12:36:00Z").getEpochSecond() * 1_000_000_000L);

    static Value.Obj headers(Value signed) {
        return (Value.Obj) ((Value.Obj) signed).get("headers");
    }

    @Test
    void matchesTheGetVanillaExampleOfTheSigV4TestSuite() {
        Value.Obj req = Value.Obj.builder().put("method", Value.str("GET")).put("url", Value.str("https://example.amazonaws.com/")).build();
        Value.Obj h = headers(call("providers.aws.sign_req", req, CONFIG, TIME));
        assertEquals(Value.str("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + "SignedHeaders=host;x-amz-date,Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), h.get("Authorization"));
        assertEquals(Value.str("20150830T123600Z"), h.get("x-amz-date"));
        assertEquals(Value.str("example.amazonaws.com"), h.get("host"));
        assertEquals(null, h.get("x-amz-content-sha256"), "only S3 and Glacier get the payload hash header");
    }

    @Test
    void keepsTheRequestAndSkipsHeadersProxiesRewrite() {
        Value.Obj req = Value.Obj.builder().put("method", Value.str("GET")).put("url", Value.str("https://example.amazonaws.com/a%20b?x=1&a=2"))
                .put("headers", Value.Obj.builder().put("User-Agent", Value.str("tollgate")).put("X-Custom", Value.str("v")).build())
                .put("timeout", Value.str("5s")).build();
        Value.Obj signed = (Value.Obj) call("providers.aws.sign_req", req, CONFIG, TIME);
        assertEquals(Value.str("5s"), signed.get("timeout"));
        Value.Obj h = (Value.Obj) signed.get("headers");
        assertEquals(Value.str("tollgate"), h.get("User-Agent"));
        String auth = ((Value.Str) h.get("Authorization")).value();
        assertEquals(true, auth.contains("SignedHeaders=host;x-amz-date;x-custom,"), auth);
    }

    @Test
    void requestAndConfigErrors() {
        Value.Obj ok = Value.Obj.builder().put("method", Value.str("GET")).put("url", Value.str("https://x/")).build();
        assertError("providers.aws.sign_req: operand 1 invalid request parameters(s): {\"bogus\"}",
                () -> call("providers.aws.sign_req", Value.Obj.builder().put("method", Value.str("GET"))
                        .put("url", Value.str("https://x/")).put("bogus", Value.TRUE).build(), CONFIG, TIME));
        assertError("providers.aws.sign_req: operand 0 must be object but got string",
                () -> call("providers.aws.sign_req", Value.Obj.builder().put("method", Value.str("GET"))
                        .put("url", Value.str("https://x/")).put("headers", Value.str("h")).build(), CONFIG, TIME));
        assertError("providers.aws.sign_req: operand 3 could not convert time_ns value into a unix timestamp",
                () -> call("providers.aws.sign_req", ok, CONFIG, Value.num(new java.math.BigDecimal("1.5"))));
        assertError("providers.aws.sign_req: operand 1 must be number but got string",
                () -> call("providers.aws.sign_req", ok, CONFIG, Value.str("now")));
        assertError("providers.aws.sign_req: operand 1 must be object but got null",
                () -> call("providers.aws.sign_req", Value.NULL, CONFIG, TIME));
    }

    static void assertError(String message, Runnable r) {
        RegoError e = assertThrows(RegoError.class, r::run);
        assertEquals(message, e.detail());
        assertEquals(RegoError.EVAL_TYPE, e.code());
    }
}
