package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.crypto.GoBase64;
import dev.tollgate.rego.builtin.crypto.GoJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static dev.tollgate.rego.builtin.Invoke.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Round trips through every algorithm with freshly generated keys, plus the failure paths the YAML does not cover. */
class JwtTest {
    static final Map<String, Value.Obj[]> KEYS = new HashMap<>(); // alg family -> {private JWK, public JWK}

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair r = rsa.generateKeyPair();
        RSAPublicKey rp = (RSAPublicKey) r.getPublic();
        RSAPrivateCrtKey rk = (RSAPrivateCrtKey) r.getPrivate();
        Value.Obj rsaPub = jwk("kty", "RSA", "n", b64(rp.getModulus()), "e", b64(rp.getPublicExponent()));
        Value.Obj rsaPriv = jwk("kty", "RSA", "n", b64(rp.getModulus()), "e", b64(rp.getPublicExponent()),
                "d", b64(rk.getPrivateExponent()), "p", b64(rk.getPrimeP()), "q", b64(rk.getPrimeQ()),
                "dp", b64(rk.getPrimeExponentP()), "dq", b64(rk.getPrimeExponentQ()), "qi", b64(rk.getCrtCoefficient()));
        KEYS.put("RS", new Value.Obj[]{rsaPriv, rsaPub});
        KEYS.put("PS", new Value.Obj[]{rsaPriv, rsaPub});
        for (String[] c : new String[][]{{"256", "secp256r1", "P-256"}, {"384", "secp384r1", "P-384"}, {"512", "secp521r1", "P-521"}}) {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec(c[1]));
            KeyPair e = ec.generateKeyPair();
            ECPublicKey ep = (ECPublicKey) e.getPublic();
            Value.Obj pub = jwk("kty", "EC", "crv", c[2], "x", b64(ep.getW().getAffineX()), "y", b64(ep.getW().getAffineY()));
            Value.Obj priv = jwk("kty", "EC", "crv", c[2], "x", b64(ep.getW().getAffineX()), "y", b64(ep.getW().getAffineY()),
                    "d", b64(((ECPrivateKey) e.getPrivate()).getS()));
            KEYS.put("ES" + c[0], new Value.Obj[]{priv, pub});
        }
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] pubDer = ed.getPublic().getEncoded(), privDer = ed.getPrivate().getEncoded();
        String x = GoBase64.encodeRawUrl(Arrays.copyOfRange(pubDer, pubDer.length - 32, pubDer.length));
        String d = GoBase64.encodeRawUrl(Arrays.copyOfRange(privDer, privDer.length - 32, privDer.length));
        KEYS.put("Ed", new Value.Obj[]{jwk("kty", "OKP", "crv", "Ed25519", "x", x, "d", d), jwk("kty", "OKP", "crv", "Ed25519", "x", x)});
    }

    static String b64(BigInteger n) {
        byte[] b = n.toByteArray();
        if (b[0] == 0 && b.length > 1) b = Arrays.copyOfRange(b, 1, b.length);
        return GoBase64.encodeRawUrl(b);
    }

    static Value.Obj jwk(String... kv) {
        Value.Obj.Builder b = Value.Obj.builder();
        for (int i = 0; i < kv.length; i += 2) b.put(kv[i], Value.str(kv[i + 1]));
        return b.build();
    }

    static Value.Obj[] keysFor(String alg) {
        if (alg.equals("EdDSA")) return KEYS.get("Ed");
        if (alg.startsWith("ES")) return KEYS.get(alg);
        return KEYS.get(alg.substring(0, 2));
    }

    static String sign(String alg, Value.Obj claims) {
        Value.Obj header = Value.Obj.builder().put("alg", Value.str(alg)).put("typ", Value.str("JWT")).build();
        return ((Value.Str) call("io.jwt.encode_sign", header, claims, keysFor(alg)[0])).value();
    }

    static final Value.Obj CLAIMS = Value.Obj.builder().put("iss", Value.str("tollgate")).put("aud", Value.str("ci"))
            .put("exp", Value.num(4_000_000_000L)).put("nbf", Value.num(1_000_000_000L)).build();

    @ParameterizedTest
    @CsvSource({"RS256,rs256", "RS384,rs384", "RS512,rs512", "PS256,ps256", "PS384,ps384", "PS512,ps512",
            "ES256,es256", "ES384,es384", "ES512,es512", "EdDSA,eddsa"})
    void signedTokensVerifyWithThePublicKeyOnly(String alg, String verifier) {
        String token = sign(alg, CLAIMS);
        String pub = GoJson.marshal(keysFor(alg)[1]);
        assertEquals(Value.TRUE, call("io.jwt.verify_" + verifier, Value.str(token), Value.str(pub)));
        Value result = call("io.jwt.decode_verify", Value.str(token), Value.Obj.builder().put("cert", Value.str(pub))
                .put("iss", Value.str("tollgate")).put("aud", Value.str("ci")).put("alg", Value.str(alg)).build());
        assertEquals(Value.TRUE, ((Value.Arr) result).get(0));
        assertEquals(CLAIMS, ((Value.Arr) result).get(2));

        String tampered = token.substring(0, token.indexOf('.') + 1)
                + GoBase64.encodeRawUrl("{\"iss\":\"mallory\"}".getBytes(StandardCharsets.UTF_8)) + token.substring(token.lastIndexOf('.'));
        assertEquals(Value.FALSE, call("io.jwt.verify_" + verifier, Value.str(tampered), Value.str(pub)));
        assertEquals(Value.FALSE, ((Value.Arr) call("io.jwt.decode_verify", Value.str(tampered),
                Value.Obj.builder().put("cert", Value.str(pub)).build())).get(0));
    }

    @ParameterizedTest
    @CsvSource({"HS256,hs256", "HS384,hs384", "HS512,hs512"})
    void hmacTokens(String alg, String verifier) {
        Value.Obj key = jwk("kty", "oct", "k", GoBase64.encodeRawUrl("s3cret".getBytes(StandardCharsets.UTF_8)));
        Value.Obj header = Value.Obj.builder().put("alg", Value.str(alg)).build();
        Value token = call("io.jwt.encode_sign", header, CLAIMS, key);
        assertEquals(Value.TRUE, call("io.jwt.verify_" + verifier, token, Value.str("s3cret")));
        assertEquals(Value.FALSE, call("io.jwt.verify_" + verifier, token, Value.str("s3cret!")));
        Value.Arr ok = (Value.Arr) call("io.jwt.decode_verify", token,
                Value.Obj.builder().put("secret", Value.str("s3cret")).put("aud", Value.str("ci")).build());
        assertEquals(Value.TRUE, ok.get(0));
        Value.Arr late = (Value.Arr) call("io.jwt.decode_verify", token, Value.Obj.builder().put("secret", Value.str("s3cret"))
                .put("aud", Value.str("ci")).put("time", Value.num(new BigInteger("4000000000000000000"))).build());
        assertEquals(Value.FALSE, late.get(0));
        Value.Arr early = (Value.Arr) call("io.jwt.decode_verify", token, Value.Obj.builder().put("secret", Value.str("s3cret"))
                .put("aud", Value.str("ci")).put("time", Value.num(new BigInteger("999999999000000000"))).build());
        assertEquals(Value.FALSE, early.get(0));
    }

    @Test
    void keyIdSelectsTheKeyAndUnknownAlgorithmsAreSkipped() {
        String token = ((Value.Str) call("io.jwt.encode_sign",
                Value.Obj.builder().put("alg", Value.str("ES256")).put("kid", Value.str("b")).build(), CLAIMS, KEYS.get("ES256")[0])).value();
        Value.Obj wrong = KEYS.get("ES384")[1], right = KEYS.get("ES256")[1];
        String set = "{\"keys\": [" + GoJson.marshal(with(wrong, "kid", "a")) + "," + GoJson.marshal(with(right, "kid", "b")) + "]}";
        assertEquals(Value.TRUE, call("io.jwt.verify_es256", Value.str(token), Value.str(set)));
        String namedWrong = set.replace("\"kid\":\"b\"", "\"kid\":\"c\"").replace("\"kid\":\"a\"", "\"kid\":\"b\"");
        assertEquals(Value.FALSE, call("io.jwt.verify_es256", Value.str(token), Value.str(namedWrong)));
    }

    static Value.Obj with(Value.Obj o, String k, String v) {
        Value.Obj.Builder b = Value.Obj.builder();
        for (Value key : o.keys()) b.put(key, o.get(key));
        return b.put(k, Value.str(v)).build();
    }

    @Test
    void headersAreValidatedBeforeTrust() {
        Value.Obj key = jwk("kty", "oct", "k", GoBase64.encodeRawUrl("k".getBytes(StandardCharsets.UTF_8)));
        Value.Obj secret = Value.Obj.builder().put("secret", Value.str("k")).build();
        Value critUnknown = call("io.jwt.encode_sign", Value.Obj.builder().put("alg", Value.str("HS256"))
                .put("crit", Value.Arr.of(Value.str("x"))).put("x", Value.TRUE).build(), CLAIMS, key);
        assertEquals(Value.FALSE, ((Value.Arr) call("io.jwt.decode_verify", critUnknown, secret)).get(0));
        Value jwe = call("io.jwt.encode_sign", Value.Obj.builder().put("alg", Value.str("HS256")).put("enc", Value.str("A128GCM")).build(), CLAIMS, key);
        assertError("io.jwt.decode_verify: JWT is a JWE object, which is not supported", () -> call("io.jwt.decode_verify", jwe, secret));
        assertError("io.jwt.decode_verify: no key constraint", () -> call("io.jwt.decode_verify", jwe, Value.Obj.EMPTY));
        assertError("io.jwt.decode_verify: duplicate key constraints", () -> call("io.jwt.decode_verify", jwe,
                Value.Obj.builder().put("secret", Value.str("k")).put("cert", Value.str("{\"keys\":[]}")).build()));
        assertError("io.jwt.decode_verify: unknown token validation constraint: nope", () -> call("io.jwt.decode_verify", jwe,
                Value.Obj.builder().put("secret", Value.str("k")).put("nope", Value.TRUE).build()));
        assertError("io.jwt.decode_verify: token time constraint: must not be negative", () -> call("io.jwt.decode_verify", jwe,
                Value.Obj.builder().put("secret", Value.str("k")).put("time", Value.num(-1)).build()));
        assertError("io.jwt.decode_verify: operand 2 must be object but got string", () -> call("io.jwt.decode_verify", jwe, Value.str("k")));
    }

    @Test
    void signingErrors() {
        Value.Obj oct = jwk("kty", "oct", "k", "AA");
        assertError("io.jwt.encode_sign: unknown JWS algorithm: none",
                () -> call("io.jwt.encode_sign", Value.Obj.builder().put("alg", Value.str("none")).build(), CLAIMS, oct));
        assertError("io.jwt.encode_sign: failed to sign: a key of type oct cannot sign with RS256",
                () -> call("io.jwt.encode_sign", Value.Obj.builder().put("alg", Value.str("RS256")).build(), CLAIMS, oct));
        assertError("io.jwt.encode_sign_raw: missing or invalid 'alg' header: jwsbb: header \"alg\" not found",
                () -> call("io.jwt.encode_sign_raw", Value.str("{\"alg\": 5}"), Value.str("{}"), Value.str("{\"kty\":\"oct\",\"k\":\"AA\"}")));
    }

    @Test
    void decodeReportsEachBrokenSection() {
        assertError("io.jwt.decode: JWT header had invalid encoding: illegal base64url string: a", () -> call("io.jwt.decode", Value.str("a.b.c")));
        assertError("io.jwt.decode: bad JWT header: decoded JSON type was not an Object", () -> call("io.jwt.decode", Value.str("MQ.e30.")));
        assertError("io.jwt.decode: operand 1 must be string but got number", () -> call("io.jwt.decode", Value.num(1)));
        assertEquals(Value.Arr.of(Value.Obj.EMPTY, Value.Obj.EMPTY, Value.str("")), call("io.jwt.decode", Value.str("e30.e30.")));
    }

    static void assertError(String message, Runnable r) {
        RegoError e = assertThrows(RegoError.class, r::run);
        assertEquals(message, e.detail());
    }
}
