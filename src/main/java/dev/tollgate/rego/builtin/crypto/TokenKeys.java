package dev.tollgate.rego.builtin.crypto;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a token may be checked against, from one string: a PEM certificate, a PEM public key, or a
 * JWK / JWK set. A PEM block is never valid JSON, so the two forms cannot be confused.
 */
public final class TokenKeys {
    private TokenKeys() {}

    /**
     * A verification key. {@code fromPrivateJwk} marks keys given as private JWKs, which OPA's verify_*
     * builtins refuse (they insist on a public key type); alg and kid are empty unless a JWK named them.
     */
    public record Key(PublicKey publicKey, byte[] secret, boolean fromPrivateJwk, String alg, String kid) {}

    public static List<Key> parse(String text) {
        Pem.Decoded pem = Pem.decode(text);
        if (pem.block() != null) {
            if (pem.rest().length > 0) throw new GoError("extra data after a PEM certificate block");
            return switch (pem.block().type()) {
                case "CERTIFICATE" -> {
                    try {
                        yield List.of(new Key(certificate(pem.block().bytes()).getPublicKey(), null, false, "", ""));
                    } catch (GoError e) {
                        throw e.wrap("failed to parse a PEM certificate");
                    }
                }
                case "PUBLIC KEY" -> {
                    try {
                        yield List.of(new Key(publicKey(pem.block().bytes()), null, false, "", ""));
                    } catch (GoError e) {
                        throw e.wrap("failed to parse a PEM public key");
                    }
                }
                default -> throw new GoError("failed to extract a Key from the PEM certificate");
            };
        }
        List<Jwk> jwks;
        try {
            jwks = Jwk.parseSet(text);
        } catch (GoError e) {
            throw e.wrap("failed to parse a JWK key (set)");
        }
        List<Key> keys = new ArrayList<>();
        for (Jwk k : jwks) {
            // keys naming an algorithm OPA does not know are left out
            if (!k.alg().isEmpty() && !Jws.ALGORITHMS.contains(k.alg())) continue;
            keys.add(new Key(k.publicKey(), k.secret(), k.isPrivate(), k.alg(), k.kid()));
        }
        return keys;
    }

    /** Looking a factory up costs more than parsing a certificate, so each thread keeps one. */
    private static final ThreadLocal<CertificateFactory> X509 = ThreadLocal.withInitial(() -> {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK always provides X.509 certificates", e);
        }
    });

    public static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) X509.get().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new GoError("x509: malformed certificate");
        }
    }

    /** Go's x509.ParsePKIXPublicKey: a DER SubjectPublicKeyInfo for RSA, EC or Ed25519. */
    public static PublicKey publicKey(byte[] der) {
        try {
            return new JcaPEMKeyConverter().getPublicKey(SubjectPublicKeyInfo.getInstance(der));
        } catch (Exception e) {
            throw new GoError("x509: failed to parse public key: " + e.getMessage());
        }
    }
}
