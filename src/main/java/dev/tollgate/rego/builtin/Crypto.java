package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.RegoError;
import dev.tollgate.rego.Value;
import dev.tollgate.rego.builtin.crypto.CertChains;
import dev.tollgate.rego.builtin.crypto.Digests;
import dev.tollgate.rego.builtin.crypto.GoBase64;
import dev.tollgate.rego.builtin.crypto.GoError;
import dev.tollgate.rego.builtin.crypto.Pem;
import dev.tollgate.rego.builtin.crypto.PrivateKeys;
import dev.tollgate.rego.builtin.crypto.TokenKeys;
import dev.tollgate.rego.builtin.crypto.X509Json;
import dev.tollgate.rego.builtin.crypto.X509Json.Cert;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.CertificationRequest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * crypto.*: digests and HMACs (hex), and X.509: certificates, chains, certificate requests, key pairs and
 * private keys parsed into the JSON shape of Go's crypto/x509 structs, as OPA returns them. Inputs are PEM,
 * or base64 of PEM or DER, with OPA's own rules for telling them apart.
 */
public final class Crypto implements BuiltinRegistry.Family {

    @Override
    public void register(BuiltinRegistry r) {
        digest(r, "crypto.md5", Digests.MD5);
        digest(r, "crypto.sha1", Digests.SHA1);
        digest(r, "crypto.sha256", Digests.SHA256);
        hmac(r, "crypto.hmac.md5", Digests.MD5);
        hmac(r, "crypto.hmac.sha1", Digests.SHA1);
        hmac(r, "crypto.hmac.sha256", Digests.SHA256);
        hmac(r, "crypto.hmac.sha512", Digests.SHA512);
        r.register("crypto.hmac.equal", 2, (ctx, a) -> {
            byte[] x = Operands.string("crypto.hmac.equal", a, 0).getBytes(StandardCharsets.UTF_8);
            byte[] y = Operands.string("crypto.hmac.equal", a, 1).getBytes(StandardCharsets.UTF_8);
            return Value.bool(Digests.constantTimeEquals(x, y));
        });

        r.register("crypto.x509.parse_certificates", 1, (ctx, a) -> {
            String input = Operands.string("crypto.x509.parse_certificates", a, 0);
            return guarded("crypto.x509.parse_certificates", () -> certificatesJson(certificates(input), true));
        });
        r.register("crypto.x509.parse_and_verify_certificates", 1, (ctx, a) -> {
            String input = Operands.string("crypto.x509.parse_and_verify_certificates", a, 0);
            List<Cert> certs;
            try {
                certs = certificates(input);
            } catch (GoError e) {
                return NOT_VERIFIED;
            }
            return verified(certs, CertChains.Options.DEFAULT, true);
        });
        r.register("crypto.x509.parse_and_verify_certificates_with_options", 2, (ctx, a) -> {
            String fn = "crypto.x509.parse_and_verify_certificates_with_options";
            String input = Operands.string(fn, a, 0);
            Value.Obj options = Operands.object(fn, a, 1);
            List<Cert> certs;
            try {
                certs = certificates(input);
            } catch (GoError e) {
                return NOT_VERIFIED;
            }
            CertChains.Options o = guarded(fn, () -> verifyOptions(options));
            // unlike the option-less variant, OPA returns these certificates without URIStrings
            return verified(certs, o, false);
        });
        r.register("crypto.x509.parse_certificate_request", 1, (ctx, a) -> {
            String input = Operands.string("crypto.x509.parse_certificate_request", a, 0);
            return guarded("crypto.x509.parse_certificate_request", () -> certificateRequest(input));
        });
        r.register("crypto.x509.parse_keypair", 2, (ctx, a) -> {
            String cert = Operands.string("crypto.x509.parse_keypair", a, 0);
            // OPA reports a bad second operand as operand 1; kept for identical messages
            if (!(a[1] instanceof Value.Str key)) throw RegoError.operand("crypto.x509.parse_keypair", 1, "string", a[1]);
            return guarded("crypto.x509.parse_keypair", () -> keyPair(cert, key.value()));
        });
        r.register("crypto.x509.parse_rsa_private_key", 1, (ctx, a) -> {
            String input = Operands.string("crypto.x509.parse_rsa_private_key", a, 0);
            return guarded("crypto.x509.parse_rsa_private_key", () -> {
                if (input.isEmpty()) throw new GoError("input PEM data was empty");
                String pem = input.startsWith("-----BEGIN") ? input : new String(GoBase64.decodeStd(input), StandardCharsets.UTF_8);
                List<PrivateKey> keys = PrivateKeys.fromPem(pem);
                return keys.isEmpty() ? Value.NULL : PrivateKeys.jwk(keys.get(0));
            });
        });
        r.register("crypto.parse_private_keys", 1, (ctx, a) -> {
            String input = Operands.string("crypto.parse_private_keys", a, 0);
            if (input.isEmpty()) return Value.NULL;
            return guarded("crypto.parse_private_keys", () -> {
                List<Value> out = new ArrayList<>();
                for (PrivateKey k : PrivateKeys.fromPem(input)) out.add(PrivateKeys.json(k));
                return Value.Arr.copyOf(out);
            });
        });
    }

    private static void digest(BuiltinRegistry r, String name, Digests d) {
        r.register(name, 1, (ctx, a) -> Value.str(hex(d.hash(Operands.string(name, a, 0).getBytes(StandardCharsets.UTF_8)))));
    }

    private static void hmac(BuiltinRegistry r, String name, Digests d) {
        r.register(name, 2, (ctx, a) -> {
            byte[] message = Operands.string(name, a, 0).getBytes(StandardCharsets.UTF_8);
            byte[] key = Operands.string(name, a, 1).getBytes(StandardCharsets.UTF_8);
            return Value.str(hex(d.hmac(key, message)));
        });
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    // ------------------------------------------------------------------ certificates

    /** PEM text, or base64 of PEM or of DER certificates back to back. */
    static List<Cert> certificates(String input) {
        if (input.startsWith("-----BEGIN")) return certificatesFromPem(input.getBytes(StandardCharsets.UTF_8));
        byte[] decoded = GoBase64.decodeStd(input);
        if (new String(decoded, StandardCharsets.ISO_8859_1).startsWith("-----BEGIN")) return certificatesFromPem(decoded);
        return X509Json.parseCertificates(decoded);
    }

    private static List<Cert> certificatesFromPem(byte[] pem) {
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        while (pem.length > 0) {
            Pem.Decoded d = Pem.decode(pem);
            if (d.block() == null) break;
            if (!d.block().type().equals("CERTIFICATE")) {
                throw new GoError("PEM block type is '" + d.block().type() + "', expected CERTIFICATE");
            }
            der.writeBytes(d.block().bytes());
            pem = d.rest();
        }
        return X509Json.parseCertificates(der.toByteArray());
    }

    private static Value certificatesJson(List<Cert> certs, boolean withUriStrings) {
        List<Value> out = new ArrayList<>();
        for (Cert c : certs) out.add(X509Json.certificate(c, withUriStrings));
        return Value.Arr.copyOf(out);
    }

    private static final Value NOT_VERIFIED = Value.Arr.of(Value.FALSE, Value.Arr.EMPTY);

    private static Value verified(List<Cert> certs, CertChains.Options options, boolean withUriStrings) {
        try {
            return Value.Arr.of(Value.TRUE, certificatesJson(CertChains.verify(certs, options), withUriStrings));
        } catch (GoError e) {
            return NOT_VERIFIED;
        }
    }

    private static final Map<String, Integer> KEY_USAGES = Map.ofEntries(
            Map.entry("KeyUsageAny", 0), Map.entry("KeyUsageServerAuth", 1), Map.entry("KeyUsageClientAuth", 2),
            Map.entry("KeyUsageCodeSigning", 3), Map.entry("KeyUsageEmailProtection", 4), Map.entry("KeyUsageIPSECEndSystem", 5),
            Map.entry("KeyUsageIPSECTunnel", 6), Map.entry("KeyUsageIPSECUser", 7), Map.entry("KeyUsageTimeStamping", 8),
            Map.entry("KeyUsageOCSPSigning", 9), Map.entry("KeyUsageMicrosoftServerGatedCrypto", 10),
            Map.entry("KeyUsageNetscapeServerGatedCrypto", 11), Map.entry("KeyUsageMicrosoftCommercialCodeSigning", 12),
            Map.entry("KeyUsageMicrosoftKernelCodeSigning", 13));

    private static CertChains.Options verifyOptions(Value.Obj options) {
        String dns = "";
        Instant time = null;
        List<Integer> usages = new ArrayList<>();
        for (Value k : options.keys()) {
            if (!(k instanceof Value.Str key)) continue;
            Value v = options.get(k);
            switch (key.value()) {
                case "DNSName" -> {
                    if (!(v instanceof Value.Str s)) throw new GoError("'DNSName' should be a string");
                    dns = s.value().replaceAll("^\"+|\"+$", "");
                }
                case "CurrentTime" -> {
                    if (!(v instanceof Value.Num n)) throw new GoError("'CurrentTime' should be a number");
                    if (!n.isInteger() || n.value().toBigInteger().bitLength() > 63) {
                        throw new GoError("'CurrentTime' should be a valid int64 number");
                    }
                    long ns = n.value().longValueExact();
                    time = Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
                }
                case "MaxConstraintComparisons" -> {
                    if (!(v instanceof Value.Num n)) throw new GoError("'MaxConstraintComparisons' should be a number");
                    if (n.intValue() == null) throw new GoError("'MaxConstraintComparisons' should be a valid number");
                }
                case "KeyUsages" -> {
                    List<Value> items;
                    if (v instanceof Value.Arr arr) items = arr.elements();
                    else if (v instanceof Value.SetV set) items = set.elements();
                    else throw new GoError("'KeyUsages' should be an Array or Set");
                    List<String> invalid = new ArrayList<>();
                    for (Value item : items) {
                        if (!(item instanceof Value.Str s)) continue;
                        String name = s.value().replaceAll("^\"+|\"+$", "");
                        if (KEY_USAGES.containsKey(name)) usages.add(KEY_USAGES.get(name));
                        else invalid.add(name);
                    }
                    if (!invalid.isEmpty()) throw new GoError("invalid entries for 'KeyUsages' found: [" + String.join(" ", invalid) + "]");
                }
                default -> throw new GoError("invalid key option");
            }
        }
        return new CertChains.Options(dns, time, usages);
    }

    private static Value certificateRequest(String input) {
        byte[] bytes = input.startsWith("-----BEGIN CERTIFICATE REQUEST-----")
                ? input.getBytes(StandardCharsets.UTF_8) : GoBase64.decodeStd(input);
        Pem.Decoded pem = Pem.decode(bytes);
        if (pem.block() != null) {
            if (!pem.block().type().equals("CERTIFICATE REQUEST")) throw new GoError("invalid PEM-encoded certificate signing request");
            bytes = pem.block().bytes();
        }
        CertificationRequest csr;
        try {
            csr = CertificationRequest.getInstance(ASN1Primitive.fromByteArray(bytes));
        } catch (Exception e) {
            throw new GoError("asn1: structure error: " + (e.getMessage() == null ? "malformed certificate request" : e.getMessage()));
        }
        PublicKey key;
        try {
            key = TokenKeys.publicKey(csr.getCertificationRequestInfo().getSubjectPublicKeyInfo().getEncoded());
        } catch (Exception e) {
            key = null;
        }
        return X509Json.certificateRequest(csr, key);
    }

    // ------------------------------------------------------------------ key pairs

    /** OPA's getTLSx509KeyPairFromString followed by Go's tls.X509KeyPair. */
    private static Value keyPair(String certText, String keyText) {
        byte[] cert = certText.getBytes(StandardCharsets.UTF_8), key = keyText.getBytes(StandardCharsets.UTF_8);
        if (!certText.startsWith("-----BEGIN ")) cert = GoBase64.decodeStd(certText);
        if (!keyText.startsWith("-----BEGIN ")) key = GoBase64.decodeStd(keyText);
        if (!new String(cert, StandardCharsets.ISO_8859_1).startsWith("-----BEGIN ")) {
            cert = Pem.encode("CERTIFICATE", cert).getBytes(StandardCharsets.UTF_8);
        }
        if (!new String(key, StandardCharsets.ISO_8859_1).startsWith("-----BEGIN")) {
            key = Pem.encode("PRIVATE KEY", key).getBytes(StandardCharsets.UTF_8);
        }
        List<byte[]> certs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Pem.Decoded d = Pem.decode(cert); d.block() != null; d = Pem.decode(d.rest())) {
            if (d.block().type().equals("CERTIFICATE")) certs.add(d.block().bytes());
            else skipped.add(d.block().type());
        }
        if (certs.isEmpty()) {
            if (skipped.isEmpty()) throw new GoError("tls: failed to find any PEM data in certificate input");
            if (skipped.size() == 1 && skipped.get(0).endsWith("PRIVATE KEY")) {
                throw new GoError("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
            }
            throw new GoError("tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: "
                    + goList(skipped));
        }
        skipped.clear();
        Pem.Block keyBlock = null;
        for (Pem.Decoded d = Pem.decode(key); d.block() != null; d = Pem.decode(d.rest())) {
            String type = d.block().type();
            if (type.equals("PRIVATE KEY") || type.endsWith(" PRIVATE KEY")) {
                keyBlock = d.block();
                break;
            }
            skipped.add(type);
        }
        if (keyBlock == null) {
            if (skipped.isEmpty()) throw new GoError("tls: failed to find any PEM data in key input");
            if (skipped.size() == 1 && skipped.get(0).equals("CERTIFICATE")) {
                throw new GoError("tls: found a certificate rather than a key in the PEM for the private key");
            }
            throw new GoError("tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: "
                    + goList(skipped));
        }
        Cert leaf = X509Json.parseCertificates(certs.get(0)).get(0);
        PrivateKey priv = PrivateKeys.any(keyBlock.bytes());
        matchKeys(leaf.jdk().getPublicKey(), priv);
        List<Value> certValues = new ArrayList<>();
        for (byte[] c : certs) certValues.add(Value.str(GoBase64.encodeStd(c)));
        return Value.Obj.builder().put("Certificate", Value.Arr.copyOf(certValues))
                .put("PrivateKey", PrivateKeys.json(priv))
                .put("SupportedSignatureAlgorithms", Value.NULL).put("OCSPStaple", Value.NULL)
                .put("SignedCertificateTimestamps", Value.NULL)
                .put("Leaf", X509Json.certificate(leaf, false)).build();
    }

    private static void matchKeys(PublicKey pub, PrivateKey priv) {
        if (pub instanceof RSAPublicKey rsa) {
            if (!(priv instanceof RSAPrivateCrtKey k)) throw new GoError("tls: private key type does not match public key type");
            if (!rsa.getModulus().equals(k.getModulus())) throw new GoError("tls: private key does not match public key");
        } else if (pub instanceof ECPublicKey ec) {
            if (!(priv instanceof ECPrivateKey)) throw new GoError("tls: private key type does not match public key type");
            Value.Obj json = (Value.Obj) PrivateKeys.json(priv);
            if (!json.get("X").equals(Value.num(ec.getW().getAffineX())) || !json.get("Y").equals(Value.num(ec.getW().getAffineY()))) {
                throw new GoError("tls: private key does not match public key");
            }
        } else if (pub.getAlgorithm().startsWith("Ed")) {
            if (!priv.getAlgorithm().startsWith("Ed")) throw new GoError("tls: private key type does not match public key type");
            Value pubBytes = X509Json.publicKey(pub);
            String privB64 = ((Value.Str) PrivateKeys.json(priv)).value();
            byte[] privBytes = GoBase64.decodeStd(privB64);
            byte[] half = java.util.Arrays.copyOfRange(privBytes, 32, 64);
            if (!pubBytes.equals(Value.str(GoBase64.encodeStd(half)))) throw new GoError("tls: private key does not match public key");
        } else {
            throw new GoError("tls: unknown public key algorithm");
        }
    }

    /** Go's %v of a []string: {@code [A B]}. */
    private static String goList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }

    /** Runs a builtin body, reporting Go-style failures as eval_builtin_error with the builtin's name. */
    private static <T> T guarded(String fn, Supplier<T> body) {
        try {
            return body.get();
        } catch (GoError e) {
            throw RegoError.builtin(fn, e.getMessage());
        }
    }
}
