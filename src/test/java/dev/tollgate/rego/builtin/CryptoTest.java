package dev.tollgate.rego.builtin;

import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.crypto.GoBase64;
import dev.tollgate.rego.builtin.crypto.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.tollgate.rego.builtin.Invoke.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** crypto.* beyond the conformance cases: chains built here, every certificate field, keys and key pairs. */
class CryptoTest {
    static KeyPair rootKeys, interKeys, leafKeys;
    static byte[] root, inter, leaf;
    static final String ROOT = "CN=Root CA,O=Tollgate,C=DE", INTER = "CN=Issuing CA,O=Tollgate,C=DE",
            LEAF = "CN=api.example.com,OU=Platform,O=Tollgate,O=Ops,C=DE";

    @BeforeAll
    static void pki() throws Exception {
        rootKeys = TestPki.rsa();
        interKeys = TestPki.ec();
        leafKeys = TestPki.rsa();
        root = TestPki.certificate(TestPki.Spec.of(ROOT, rootKeys, ROOT, rootKeys).ca(2));
        inter = TestPki.certificate(TestPki.Spec.of(INTER, interKeys, ROOT, rootKeys).ca(0));
        leaf = TestPki.certificate(TestPki.Spec.of(LEAF, leafKeys, INTER, interKeys)
                .ekus(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)
                .sans(new GeneralName(GeneralName.dNSName, "api.example.com"), new GeneralName(GeneralName.dNSName, "*.api.example.com"),
                        new GeneralName(GeneralName.iPAddress, "10.0.0.7"), new GeneralName(GeneralName.rfc822Name, "ops@example.com"),
                        new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example.com/ns/prod/sa/api")));
    }

    static Value.Obj field(Value v, String... path) {
        Value cur = v;
        for (String p : path) cur = ((Value.Obj) cur).get(p);
        return (Value.Obj) cur;
    }

    static Value get(Value v, String key) {
        return ((Value.Obj) v).get(key);
    }

    @Test
    void certificateFieldsFollowGosJsonShape() {
        Value c = ((Value.Arr) call("crypto.x509.parse_certificates", Value.str(TestPki.pem(leaf)))).get(0);
        assertEquals(Value.num(3), get(c, "Version"));
        assertEquals(Value.num(10), get(c, "SignatureAlgorithm"), "ECDSAWithSHA256: signed by the EC intermediate");
        assertEquals(Value.num(1), get(c, "PublicKeyAlgorithm"), "RSA");
        RSAPublicKey pub = (RSAPublicKey) leafKeys.getPublic();
        assertEquals(Value.num(pub.getModulus()), get(get(c, "PublicKey"), "N"));
        assertEquals(Value.num(65537), get(get(c, "PublicKey"), "E"));
        assertEquals(Value.num(1000 + LEAF.length()), get(c, "SerialNumber"));
        Value.Obj subject = field(c, "Subject");
        assertEquals(Value.str("api.example.com"), subject.get("CommonName"));
        assertEquals(Value.Arr.of(Value.str("Tollgate"), Value.str("Ops")), subject.get("Organization"));
        assertEquals(Value.Arr.of(Value.str("DE")), subject.get("Country"));
        assertEquals(Value.NULL, subject.get("Locality"));
        assertEquals(Value.Arr.of(Value.num(2), Value.num(5), Value.num(4), Value.num(3)),
                get(((Value.Arr) subject.get("Names")).get(0), "Type"), "names keep the order of the RDNs");
        assertEquals(Value.str("Issuing CA"), field(c, "Issuer").get("CommonName"));
        assertEquals(Value.Arr.of(Value.str("api.example.com"), Value.str("*.api.example.com")), get(c, "DNSNames"));
        assertEquals(Value.Arr.of(Value.str("10.0.0.7")), get(c, "IPAddresses"));
        assertEquals(Value.Arr.of(Value.str("ops@example.com")), get(c, "EmailAddresses"));
        assertEquals(Value.Arr.of(Value.str("spiffe://example.com/ns/prod/sa/api")), get(c, "URIStrings"));
        Value uri = ((Value.Arr) get(c, "URIs")).get(0);
        assertEquals(Value.str("spiffe"), get(uri, "Scheme"));
        assertEquals(Value.str("example.com"), get(uri, "Host"));
        assertEquals(Value.str("/ns/prod/sa/api"), get(uri, "Path"));
        assertEquals(Value.num(1 | 4), get(c, "KeyUsage"), "digitalSignature | keyEncipherment");
        assertEquals(Value.Arr.of(Value.num(1), Value.num(2)), get(c, "ExtKeyUsage"));
        assertEquals(Value.FALSE, get(c, "BasicConstraintsValid"));
        assertEquals(Value.num(0), get(c, "MaxPathLen"));
        assertTrue(((Value.Str) get(c, "NotAfter")).value().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), "RFC 3339 in UTC");
        assertEquals(Value.str(GoBase64.encodeStd(leaf)), get(c, "Raw"));
        assertEquals(Value.NULL, get(c, "OCSPServer"));

        Value ca = ((Value.Arr) call("crypto.x509.parse_certificates", Value.str(TestPki.pem(inter)))).get(0);
        assertEquals(Value.TRUE, get(ca, "BasicConstraintsValid"));
        assertEquals(Value.TRUE, get(ca, "IsCA"));
        assertEquals(Value.num(0), get(ca, "MaxPathLen"));
        assertEquals(Value.TRUE, get(ca, "MaxPathLenZero"));
        assertEquals(Value.num(3), get(ca, "PublicKeyAlgorithm"), "ECDSA");
        assertEquals(Value.Obj.EMPTY, get(get(ca, "PublicKey"), "Curve"), "Go's curve type has no exported fields");
        assertEquals(Value.num(32 | 64), get(ca, "KeyUsage"), "certSign | cRLSign");
        assertEquals(Value.NULL, get(ca, "URIStrings"));
    }

    @Test
    void inputMayBeBase64OfPemOrOfDer() {
        Value fromPem = call("crypto.x509.parse_certificates", Value.str(TestPki.pem(leaf, inter)));
        Value fromB64Pem = call("crypto.x509.parse_certificates",
                Value.str(GoBase64.encodeStd(TestPki.pem(leaf, inter).getBytes(StandardCharsets.UTF_8))));
        byte[] both = new byte[leaf.length + inter.length];
        System.arraycopy(leaf, 0, both, 0, leaf.length);
        System.arraycopy(inter, 0, both, leaf.length, inter.length);
        Value fromDer = call("crypto.x509.parse_certificates", Value.str(GoBase64.encodeStd(both)));
        assertEquals(2, ((Value.Arr) fromPem).size());
        assertEquals(fromPem, fromB64Pem);
        assertEquals(fromPem, fromDer);
        assertError("crypto.x509.parse_certificates: PEM block type is 'PRIVATE KEY', expected CERTIFICATE",
                () -> call("crypto.x509.parse_certificates", Value.str(Pem.encode("PRIVATE KEY", new byte[]{1}))));
    }

    static Value verify(byte[]... chain) {
        return call("crypto.x509.parse_and_verify_certificates", Value.str(TestPki.pem(chain)));
    }

    static Value verify(Value.Obj options, byte[]... chain) {
        return call("crypto.x509.parse_and_verify_certificates_with_options", Value.str(TestPki.pem(chain)), options);
    }

    @Test
    void chainsVerifyFromTheRootToTheLeaf() {
        Value.Arr ok = (Value.Arr) verify(root, inter, leaf);
        assertEquals(Value.TRUE, ok.get(0));
        Value.Arr chain = (Value.Arr) ok.get(1);
        assertEquals(3, chain.size());
        assertEquals(Value.str("api.example.com"), field(chain.get(0), "Subject").get("CommonName"), "leaf first");
        assertEquals(Value.str("Root CA"), field(chain.get(2), "Subject").get("CommonName"), "root last");
        Value notVerified = Value.Arr.of(Value.FALSE, Value.Arr.EMPTY);
        assertEquals(notVerified, verify(leaf, inter, root), "order matters: root first");
        assertEquals(notVerified, verify(root, leaf), "the intermediate is missing");
        assertEquals(notVerified, verify(leaf), "one certificate is not a chain");
        assertEquals(notVerified, call("crypto.x509.parse_and_verify_certificates", Value.str("not base64!")));
    }

    @Test
    void verificationHonoursValidityCaFlagsAndPathLength() throws Exception {
        Instant past = Instant.now().minus(30, ChronoUnit.DAYS);
        byte[] expired = TestPki.certificate(TestPki.Spec.of("CN=old", leafKeys, INTER, interKeys).validity(past, past.plusSeconds(60)));
        assertEquals(Value.FALSE, ((Value.Arr) verify(root, inter, expired)).get(0));
        KeyPair k = TestPki.rsa();
        byte[] notCa = TestPki.certificate(TestPki.Spec.of("CN=not a CA", k, ROOT, rootKeys));
        byte[] underNotCa = TestPki.certificate(TestPki.Spec.of("CN=child", leafKeys, "CN=not a CA", k));
        assertEquals(Value.FALSE, ((Value.Arr) verify(root, notCa, underNotCa)).get(0));
        byte[] inter2 = TestPki.certificate(TestPki.Spec.of("CN=Second CA", k, INTER, interKeys).ca(1));
        byte[] deep = TestPki.certificate(TestPki.Spec.of("CN=deep", leafKeys, "CN=Second CA", k));
        assertEquals(Value.FALSE, ((Value.Arr) verify(root, inter, inter2, deep)).get(0), "Issuing CA allows no intermediate below it");
    }

    @Test
    void optionsSelectTimeNameAndKeyUsage() throws Exception {
        long yearAgo = Instant.now().minus(365, ChronoUnit.DAYS).getEpochSecond() * 1_000_000_000L;
        assertEquals(Value.FALSE, ((Value.Arr) verify(Value.Obj.builder().put("CurrentTime", Value.num(yearAgo)).build(), root, inter, leaf)).get(0));
        assertEquals(Value.TRUE, ((Value.Arr) verify(Value.Obj.builder().put("DNSName", Value.str("v2.api.example.com")).build(), root, inter, leaf)).get(0));
        assertEquals(Value.FALSE, ((Value.Arr) verify(Value.Obj.builder().put("DNSName", Value.str("example.org")).build(), root, inter, leaf)).get(0));
        byte[] clientOnly = TestPki.certificate(TestPki.Spec.of("CN=client", leafKeys, INTER, interKeys).ekus(KeyPurposeId.id_kp_clientAuth));
        assertEquals(Value.FALSE, ((Value.Arr) verify(root, inter, clientOnly)).get(0), "server authentication is the default usage");
        Value.Obj client = Value.Obj.builder().put("KeyUsages", Value.Arr.of(Value.str("KeyUsageClientAuth"))).build();
        Value.Arr ok = (Value.Arr) verify(client, root, inter, clientOnly);
        assertEquals(Value.TRUE, ok.get(0));
        assertEquals(null, ((Value.Obj) ((Value.Arr) ok.get(1)).get(0)).get("URIStrings"), "with options OPA leaves URIStrings out");
        assertError("crypto.x509.parse_and_verify_certificates_with_options: invalid key option",
                () -> verify(Value.Obj.builder().put("Nope", Value.TRUE).build(), root, inter, leaf));
        assertError("crypto.x509.parse_and_verify_certificates_with_options: invalid entries for 'KeyUsages' found: [Bogus]",
                () -> verify(Value.Obj.builder().put("KeyUsages", Value.Arr.of(Value.str("Bogus"))).build(), root, inter, leaf));
        assertError("crypto.x509.parse_and_verify_certificates_with_options: 'CurrentTime' should be a valid int64 number",
                () -> verify(Value.Obj.builder().put("CurrentTime", Value.num(new java.math.BigDecimal("1.5"))).build(), root, inter, leaf));
    }

    @Test
    void certificateRequests() throws Exception {
        ExtensionsGenerator ext = new ExtensionsGenerator();
        ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, "svc.example.com")));
        byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=svc.example.com,O=Tollgate"), leafKeys.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(leafKeys.getPrivate())).getEncoded();
        Value csr = call("crypto.x509.parse_certificate_request", Value.str(Pem.encode("CERTIFICATE REQUEST", der)));
        assertEquals(Value.str("svc.example.com"), field(csr, "Subject").get("CommonName"));
        assertEquals(Value.Arr.of(Value.str("svc.example.com")), get(csr, "DNSNames"));
        assertEquals(Value.num(4), get(csr, "SignatureAlgorithm"));
        assertEquals(csr, call("crypto.x509.parse_certificate_request", Value.str(GoBase64.encodeStd(der))));
        assertError("crypto.x509.parse_certificate_request: invalid PEM-encoded certificate signing request",
                () -> call("crypto.x509.parse_certificate_request",
                        Value.str(GoBase64.encodeStd(Pem.encode("CERTIFICATE", der).getBytes(StandardCharsets.UTF_8)))));
    }

    static String pkcs8(KeyPair k) {
        return Pem.encode("PRIVATE KEY", k.getPrivate().getEncoded());
    }

    @Test
    void keyPairsMustMatch() throws Exception {
        Value pair = call("crypto.x509.parse_keypair", Value.str(TestPki.pem(leaf)), Value.str(pkcs8(leafKeys)));
        assertEquals(Value.Arr.of(Value.str(GoBase64.encodeStd(leaf))), get(pair, "Certificate"));
        assertEquals(Value.num(((RSAPublicKey) leafKeys.getPublic()).getModulus()), get(get(pair, "PrivateKey"), "N"));
        assertEquals(Value.str("api.example.com"), field(pair, "Leaf", "Subject").get("CommonName"));
        Value fromDer = call("crypto.x509.parse_keypair", Value.str(GoBase64.encodeStd(leaf)),
                Value.str(GoBase64.encodeStd(leafKeys.getPrivate().getEncoded())));
        assertEquals(pair, fromDer);
        String otherKey = pkcs8(TestPki.rsa());
        assertError("crypto.x509.parse_keypair: tls: private key does not match public key",
                () -> call("crypto.x509.parse_keypair", Value.str(TestPki.pem(leaf)), Value.str(otherKey)));
        assertError("crypto.x509.parse_keypair: tls: private key type does not match public key type",
                () -> call("crypto.x509.parse_keypair", Value.str(TestPki.pem(leaf)), Value.str(pkcs8(interKeys))));
        assertError("crypto.x509.parse_keypair: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched",
                () -> call("crypto.x509.parse_keypair", Value.str(pkcs8(leafKeys)), Value.str(TestPki.pem(leaf))));
    }

    @Test
    void privateKeysInEveryPemFlavour() throws Exception {
        KeyPair ec = TestPki.ec();
        String pkcs1 = Pem.encode("RSA PRIVATE KEY",
                org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(leafKeys.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded());
        // SEC 1 as openssl writes it: the curve is named inside the key structure
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
        String sec1 = Pem.encode("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS(), info.getPrivateKeyAlgorithm().getParameters()).getEncoded());
        String all = pkcs1 + TestPki.pem(leaf) + sec1 + pkcs8(ec);
        Value.Arr keys = (Value.Arr) call("crypto.parse_private_keys", Value.str(all));
        assertEquals(3, keys.size(), "the certificate block is skipped");
        assertEquals(Value.num(((RSAPublicKey) leafKeys.getPublic()).getModulus()), get(keys.get(0), "N"));
        assertEquals(2, ((Value.Arr) get(keys.get(0), "Primes")).size());
        assertEquals(Value.Arr.EMPTY, get(get(keys.get(0), "Precomputed"), "CRTValues"));
        java.security.interfaces.ECPublicKey ecPub = (java.security.interfaces.ECPublicKey) ec.getPublic();
        assertEquals(Value.num(ecPub.getW().getAffineX()), get(keys.get(1), "X"), "the public point is derived from d");
        assertEquals(keys.get(1), keys.get(2), "SEC 1 and PKCS#8 give the same key");
        assertEquals(Value.Arr.EMPTY, call("crypto.parse_private_keys", Value.str(TestPki.pem(leaf))));

        Value.Obj jwk = (Value.Obj) call("crypto.x509.parse_rsa_private_key", Value.str(pkcs1));
        assertEquals(Value.str("RSA"), jwk.get("kty"));
        assertEquals(Value.str("AQAB"), jwk.get("e"));
        assertEquals(jwk, call("crypto.x509.parse_rsa_private_key", Value.str(GoBase64.encodeStd(pkcs1.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(Value.str("P-256"), ((Value.Obj) call("crypto.x509.parse_rsa_private_key", Value.str(sec1))).get("crv"));
        assertError("crypto.x509.parse_rsa_private_key: input PEM data was empty", () -> call("crypto.x509.parse_rsa_private_key", Value.str("")));
    }

    @Test
    void digestsAndHmacs() {
        assertEquals(Value.str("da39a3ee5e6b4b0d3255bfef95601890afd80709"), call("crypto.sha1", Value.str("")));
        assertEquals(Value.str("d41d8cd98f00b204e9800998ecf8427e"), call("crypto.md5", Value.str("")));
        // Go accepts an empty HMAC key; so must we (the JDK's Mac would refuse it)
        assertEquals(Value.str("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
                call("crypto.hmac.sha256", Value.str(""), Value.str("")));
        assertEquals(Value.FALSE, call("crypto.hmac.equal", Value.str("abc"), Value.str("abd")));
        assertEquals(Value.TRUE, call("crypto.hmac.equal", Value.str(""), Value.str("")));
        assertError("crypto.hmac.sha1: operand 2 must be string but got number", () -> call("crypto.hmac.sha1", Value.str("m"), Value.num(1)));
    }

    static void assertError(String message, Runnable r) {
        RegoError e = assertThrows(RegoError.class, r::run);
        assertEquals(message, e.detail());
    }
}
