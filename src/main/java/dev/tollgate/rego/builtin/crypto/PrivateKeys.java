package dev.tollgate.rego.builtin.crypto;

import dev.tollgate.rego.Value;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Private keys from PEM (PKCS#1, PKCS#8, SEC 1) and their JSON as Go marshals crypto.PrivateKey values. */
public final class PrivateKeys {
    private PrivateKeys() {}

    public static PrivateKey pkcs1(byte[] der) {
        try {
            var k = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
            return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(),
                    k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(), k.getCoefficient()));
        } catch (Exception e) {
            throw new GoError("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)");
        }
    }

    public static PrivateKey pkcs8(byte[] der) {
        try {
            return new JcaPEMKeyConverter().getPrivateKey(PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der)));
        } catch (Exception e) {
            throw new GoError("x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)");
        }
    }

    public static PrivateKey sec1(byte[] der) {
        try {
            ECPrivateKey k = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
            AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, k.getParametersObject());
            return new JcaPEMKeyConverter().getPrivateKey(new PrivateKeyInfo(alg, k));
        } catch (Exception e) {
            throw new GoError("x509: failed to parse EC private key");
        }
    }

    /** tls.X509KeyPair's parsePrivateKey: PKCS#1, then PKCS#8, then SEC 1. */
    public static PrivateKey any(byte[] der) {
        for (java.util.function.Function<byte[], PrivateKey> parse : List.<java.util.function.Function<byte[], PrivateKey>>of(
                PrivateKeys::pkcs1, PrivateKeys::pkcs8, PrivateKeys::sec1)) {
            try {
                return parse.apply(der);
            } catch (GoError next) {
                // try the next encoding
            }
        }
        throw new GoError("tls: failed to parse private key");
    }

    /**
     * OPA's getPrivateKeysFromPEMData: base64-decodes the input when it can, then takes every RSA, PKCS#8
     * or EC private key block, ignoring other blocks. A key block that does not parse is an error.
     */
    public static List<PrivateKey> fromPem(String data) {
        byte[] bytes;
        try {
            bytes = GoBase64.decodeStd(data);
        } catch (GoError notBase64) {
            bytes = data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        List<PrivateKey> out = new ArrayList<>();
        while (bytes.length > 0) {
            int before = bytes.length;
            Pem.Decoded d = Pem.decode(bytes);
            bytes = d.rest();
            if (d.block() == null || before == bytes.length) break;
            switch (d.block().type()) {
                case "RSA PRIVATE KEY" -> out.add(pkcs1(d.block().bytes()));
                case "PRIVATE KEY" -> out.add(pkcs8(d.block().bytes()));
                case "EC PRIVATE KEY" -> out.add(sec1(d.block().bytes()));
                default -> { }
            }
        }
        return out;
    }

    /** rsa.PrivateKey {N, E, D, Primes, Precomputed}, ecdsa.PrivateKey {Curve, X, Y, D}, ed25519 as 64 raw bytes. */
    public static Value json(PrivateKey key) {
        if (key instanceof RSAPrivateCrtKey r) {
            return Value.Obj.builder().put("N", Value.num(r.getModulus())).put("E", Value.num(r.getPublicExponent()))
                    .put("D", Value.num(r.getPrivateExponent()))
                    .put("Primes", Value.Arr.of(Value.num(r.getPrimeP()), Value.num(r.getPrimeQ())))
                    .put("Precomputed", Value.Obj.builder().put("Dp", Value.num(r.getPrimeExponentP()))
                            .put("Dq", Value.num(r.getPrimeExponentQ())).put("Qinv", Value.num(r.getCrtCoefficient()))
                            .put("CRTValues", Value.Arr.EMPTY).build()).build();
        }
        if (key instanceof java.security.interfaces.ECPrivateKey e) {
            ECPoint q = publicPoint(e);
            return Value.Obj.builder().put("Curve", Value.Obj.EMPTY).put("X", Value.num(q.getAffineXCoord().toBigInteger()))
                    .put("Y", Value.num(q.getAffineYCoord().toBigInteger())).put("D", Value.num(e.getS())).build();
        }
        if (key.getAlgorithm().startsWith("Ed")) return X509Json.bytes(ed25519Bytes(key));
        throw new GoError("unsupported private key type " + key.getAlgorithm());
    }

    /** The JWK of a private key, as crypto.x509.parse_rsa_private_key returns it (EC keys are allowed too). */
    public static Value.Obj jwk(PrivateKey key) {
        if (key instanceof RSAPrivateCrtKey r) return Jwk.rsaPrivateJwk(r);
        if (key instanceof java.security.interfaces.ECPrivateKey e) {
            ECPoint q = publicPoint(e);
            int bits = e.getParams().getCurve().getField().getFieldSize();
            String crv = bits == 256 ? "P-256" : bits == 384 ? "P-384" : bits == 521 ? "P-521" : "P-" + bits;
            return Value.Obj.builder().put("kty", Value.str("EC")).put("crv", Value.str(crv))
                    .put("x", Jwk.b64(q.getAffineXCoord().toBigInteger())).put("y", Jwk.b64(q.getAffineYCoord().toBigInteger()))
                    .put("d", Jwk.b64(e.getS())).build();
        }
        throw new GoError("unsupported private key type " + key.getAlgorithm());
    }

    static ECPoint publicPoint(java.security.interfaces.ECPrivateKey e) {
        try {
            ECPrivateKeyParameters p = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(e);
            return p.getParameters().getG().multiply(p.getD()).normalize();
        } catch (java.security.InvalidKeyException ex) {
            throw new GoError("x509: invalid EC private key");
        }
    }

    /** Go's ed25519.PrivateKey: the 32-byte seed followed by the 32-byte public key. */
    static byte[] ed25519Bytes(PrivateKey key) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            byte[] seed = org.bouncycastle.asn1.ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            var priv = new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0);
            byte[] pub = priv.generatePublicKey().getEncoded();
            byte[] out = Arrays.copyOf(seed, 64);
            System.arraycopy(pub, 0, out, 32, 32);
            return out;
        } catch (java.io.IOException e) {
            throw new GoError("x509: invalid Ed25519 private key");
        }
    }
}
