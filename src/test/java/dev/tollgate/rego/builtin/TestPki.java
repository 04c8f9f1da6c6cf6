package dev.tollgate.rego.builtin;

import dev.tollgate.rego.builtin.crypto.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

/** Certificates made on the spot for tests: a root, an intermediate and leaves with chosen extensions. */
final class TestPki {
    private TestPki() {}

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** What a certificate should say; null fields leave the extension out. */
    record Spec(String subject, KeyPair keys, String issuer, KeyPair issuerKeys, Boolean ca, Integer pathLen,
                List<KeyPurposeId> ekus, List<GeneralName> sans, Instant notBefore, Instant notAfter, long serial) {

        static Spec of(String subject, KeyPair keys, String issuer, KeyPair issuerKeys) {
            Instant now = Instant.now();
            return new Spec(subject, keys, issuer, issuerKeys, null, null, null, null,
                    now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), 1000 + subject.length());
        }

        Spec ca(int pathLen) { return new Spec(subject, keys, issuer, issuerKeys, true, pathLen, ekus, sans, notBefore, notAfter, serial); }

        Spec ekus(KeyPurposeId... e) { return new Spec(subject, keys, issuer, issuerKeys, ca, pathLen, List.of(e), sans, notBefore, notAfter, serial); }

        Spec sans(GeneralName... s) { return new Spec(subject, keys, issuer, issuerKeys, ca, pathLen, ekus, List.of(s), notBefore, notAfter, serial); }

        Spec validity(Instant from, Instant to) { return new Spec(subject, keys, issuer, issuerKeys, ca, pathLen, ekus, sans, from, to, serial); }
    }

    static byte[] certificate(Spec s) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(s.issuer()), BigInteger.valueOf(s.serial()),
                Date.from(s.notBefore()), Date.from(s.notAfter()), new X500Name(s.subject()), s.keys().getPublic());
        if (s.ca() != null) {
            b.addExtension(Extension.basicConstraints, true, s.ca() ? new BasicConstraints(s.pathLen()) : new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        }
        if (s.ekus() != null) b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(s.ekus().toArray(new KeyPurposeId[0])));
        if (s.sans() != null) b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(s.sans().toArray(new GeneralName[0])));
        String alg = s.issuerKeys().getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        X509CertificateHolder h = b.build(new JcaContentSignerBuilder(alg).build(s.issuerKeys().getPrivate()));
        return h.getEncoded();
    }

    static String pem(byte[]... ders) {
        StringBuilder sb = new StringBuilder();
        for (byte[] d : ders) sb.append(Pem.encode("CERTIFICATE", d));
        return sb.toString();
    }
}
