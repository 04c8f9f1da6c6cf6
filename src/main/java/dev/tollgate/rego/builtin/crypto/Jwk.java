package dev.tollgate.rego.builtin.crypto;

import dev.tollgate.rego.Value;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;


/**
 * JSON Web Keys (RFC 7517): a single key or a {@code {"keys": [...]}} set, of type RSA, EC (P-256/384/521),
 * OKP (Ed25519) or oct. Parsed into JDK keys; a private JWK carries its public half as well.
 */
public record Jwk(String kty, String alg, String kid, PublicKey publicKey, PrivateKey privateKey, byte[] secret) {

    /** Every key in a JWK or JWK set; any malformed key fails the whole parse, as in the jwx library OPA uses. */
    public static List<Jwk> parseSet(String json) {
        Value v;
        try {
            v = GoJson.parse(json);
        } catch (GoError e) {
            throw new GoError("failed to unmarshal JSON into key (set): " + e.getMessage());
        }
        if (!(v instanceof Value.Obj o)) throw new GoError("invalid JWK: not a JSON object");
        List<Jwk> out = new ArrayList<>();
        Value keys = o.get("keys");
        if (keys != null) {
            if (!(keys instanceof Value.Arr a)) throw new GoError("invalid JWK set: \"keys\" must be an array");
            for (Value k : a.elements()) {
                if (!(k instanceof Value.Obj ko)) throw new GoError("invalid JWK set: keys must be objects");
                out.add(parse(ko));
            }
        } else {
            out.add(parse(o));
        }
        return out;
    }

    public static Jwk parse(Value.Obj o) {
        String kty = str(o, "kty", true);
        String alg = str(o, "alg", false), kid = str(o, "kid", false);
        try {
            return switch (kty) {
                case "RSA" -> rsa(o, alg, kid);
                case "EC" -> ec(o, alg, kid);
                case "OKP" -> okp(o, alg, kid);
                case "oct" -> new Jwk(kty, alg, kid, null, null, bytes(o, "k", true));
                default -> throw new GoError("invalid key type from JSON (" + kty + ")");
            };
        } catch (GeneralSecurityException e) {
            throw new GoError("failed to create " + kty + " key: " + e.getMessage());
        }
    }

    public boolean isPrivate() { return privateKey != null; }

    private static Jwk rsa(Value.Obj o, String alg, String kid) throws GeneralSecurityException {
        BigInteger n = big(o, "n", true), e = big(o, "e", true), d = big(o, "d", false);
        KeyFactory kf = KeyFactory.getInstance("RSA");
        PublicKey pub = kf.generatePublic(new RSAPublicKeySpec(n, e));
        PrivateKey priv = null;
        if (d != null) {
            BigInteger p = big(o, "p", false), q = big(o, "q", false);
            if (p != null && q != null) {
                BigInteger one = BigInteger.ONE;
                BigInteger dp = orElse(big(o, "dp", false), d.mod(p.subtract(one)));
                BigInteger dq = orElse(big(o, "dq", false), d.mod(q.subtract(one)));
                BigInteger qi = orElse(big(o, "qi", false), q.modInverse(p));
                priv = kf.generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q, dp, dq, qi));
            } else {
                priv = kf.generatePrivate(new RSAPrivateKeySpec(n, d));
            }
        }
        return new Jwk("RSA", alg, kid, pub, priv, null);
    }

    private static Jwk ec(Value.Obj o, String alg, String kid) throws GeneralSecurityException {
        String crv = str(o, "crv", true);
        String std = switch (crv) {
            case "P-256" -> "secp256r1";
            case "P-384" -> "secp384r1";
            case "P-521" -> "secp521r1";
            default -> throw new GoError("unsupported elliptic curve " + crv);
        };
        ECParameterSpec params = curve(std);
        KeyFactory kf = KeyFactory.getInstance("EC");
        PublicKey pub = kf.generatePublic(new ECPublicKeySpec(new ECPoint(big(o, "x", true), big(o, "y", true)), params));
        BigInteger d = big(o, "d", false);
        PrivateKey priv = d == null ? null : kf.generatePrivate(new ECPrivateKeySpec(d, params));
        return new Jwk("EC", alg, kid, pub, priv, null);
    }

    private static final String ED25519_SPKI = "302a300506032b6570032100", ED25519_PKCS8 = "302e020100300506032b657004220420";

    private static Jwk okp(Value.Obj o, String alg, String kid) throws GeneralSecurityException {
        String crv = str(o, "crv", true);
        if (!crv.equals("Ed25519")) throw new GoError("unsupported curve for OKP key: " + crv);
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        byte[] x = bytes(o, "x", true), d = bytes(o, "d", false);
        if (x.length != 32 || (d != null && d.length != 32)) throw new GoError("invalid Ed25519 key length");
        PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(concat(HexFormat.of().parseHex(ED25519_SPKI), x)));
        PrivateKey priv = d == null ? null : kf.generatePrivate(new PKCS8EncodedKeySpec(concat(HexFormat.of().parseHex(ED25519_PKCS8), d)));
        return new Jwk("OKP", alg, kid, pub, priv, null);
    }

    static ECParameterSpec curve(String stdName) throws GeneralSecurityException {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec(stdName));
        return ap.getParameterSpec(ECParameterSpec.class);
    }

    /** The JWK form of an RSA private key, as OPA's crypto.x509.parse_rsa_private_key returns it. */
    public static Value.Obj rsaPrivateJwk(RSAPrivateCrtKey k) {
        return Value.Obj.builder().put("kty", Value.str("RSA"))
                .put("n", b64(k.getModulus())).put("e", b64(k.getPublicExponent())).put("d", b64(k.getPrivateExponent()))
                .put("p", b64(k.getPrimeP())).put("q", b64(k.getPrimeQ())).put("dp", b64(k.getPrimeExponentP()))
                .put("dq", b64(k.getPrimeExponentQ())).put("qi", b64(k.getCrtCoefficient())).build();
    }

    /** A JWK number: big-endian bytes without leading zeros, base64url without padding. */
    static Value b64(BigInteger n) {
        return Value.str(GoBase64.encodeRawUrl(unsigned(n)));
    }

    static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        if (b.length > 1 && b[0] == 0) return java.util.Arrays.copyOfRange(b, 1, b.length);
        return b;
    }

    private static String str(Value.Obj o, String name, boolean required) {
        Value v = o.get(name);
        if (v == null) {
            if (required) throw new GoError("required field " + name + " is missing");
            return "";
        }
        if (!(v instanceof Value.Str s)) throw new GoError("invalid value for " + name + ": expected a string");
        return s.value();
    }

    /** jwx accepts both base64 alphabets, padded or not. */
    private static byte[] bytes(Value.Obj o, String name, boolean required) {
        String s = str(o, name, required);
        if (s.isEmpty()) {
            if (required) throw new GoError("required field " + name + " is missing");
            return null;
        }
        String url = s.replace('+', '-').replace('/', '_').replaceAll("=+$", "");
        try {
            return GoBase64.decode(url.getBytes(java.nio.charset.StandardCharsets.US_ASCII), GoBase64.Alphabet.URL, false);
        } catch (GoError e) {
            throw new GoError("failed to decode " + name + ": " + e.getMessage());
        }
    }

    private static BigInteger big(Value.Obj o, String name, boolean required) {
        byte[] b = bytes(o, name, required);
        return b == null ? null : new BigInteger(1, b);
    }

    private static BigInteger orElse(BigInteger v, BigInteger fallback) {
        return v != null ? v : fallback;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
