package dev.tollgate.rego.builtin.crypto;

import dev.tollgate.rego.Value;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Certificates and certificate requests as the JSON Go's encoding/json writes for crypto/x509's structs,
 * which is what OPA returns: Go field names, byte slices in base64, OIDs as integer arrays, times in RFC 3339,
 * absent slices as null. Names are filled the way pkix.Name.FillFromRDNSequence fills them.
 */
public final class X509Json {
    private X509Json() {}

    private static final Map<String, Integer> SIGNATURE_ALGORITHMS = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.2", 1), Map.entry("1.2.840.113549.1.1.4", 2), Map.entry("1.2.840.113549.1.1.5", 3),
            Map.entry("1.3.14.3.2.29", 3), Map.entry("1.2.840.113549.1.1.11", 4), Map.entry("1.2.840.113549.1.1.12", 5),
            Map.entry("1.2.840.113549.1.1.13", 6), Map.entry("1.2.840.10040.4.3", 7), Map.entry("2.16.840.1.101.3.4.3.2", 8),
            Map.entry("1.2.840.10045.4.1", 9), Map.entry("1.2.840.10045.4.3.2", 10), Map.entry("1.2.840.10045.4.3.3", 11),
            Map.entry("1.2.840.10045.4.3.4", 12), Map.entry("1.3.101.112", 16));

    private static final Map<String, Integer> PUBLIC_KEY_ALGORITHMS = Map.of(
            "1.2.840.113549.1.1.1", 1, "1.2.840.10040.4.1", 2, "1.2.840.10045.2.1", 3, "1.3.101.112", 4);

    /** Go's ExtKeyUsage numbering. */
    public static final Map<String, Integer> EXT_KEY_USAGES = Map.ofEntries(
            Map.entry("2.5.29.37.0", 0), Map.entry("1.3.6.1.5.5.7.3.1", 1), Map.entry("1.3.6.1.5.5.7.3.2", 2),
            Map.entry("1.3.6.1.5.5.7.3.3", 3), Map.entry("1.3.6.1.5.5.7.3.4", 4), Map.entry("1.3.6.1.5.5.7.3.5", 5),
            Map.entry("1.3.6.1.5.5.7.3.6", 6), Map.entry("1.3.6.1.5.5.7.3.7", 7), Map.entry("1.3.6.1.5.5.7.3.8", 8),
            Map.entry("1.3.6.1.5.5.7.3.9", 9), Map.entry("1.3.6.1.4.1.311.10.3.3", 10), Map.entry("2.16.840.1.113730.4.1", 11),
            Map.entry("1.3.6.1.4.1.311.2.1.22", 12), Map.entry("1.3.6.1.4.1.311.61.1.1", 13));

    /** Extensions crypto/x509 interprets; other critical ones end up in UnhandledCriticalExtensions. */
    private static final Set<String> HANDLED = Set.of("2.5.29.15", "2.5.29.19", "2.5.29.17", "2.5.29.30", "2.5.29.31",
            "2.5.29.32", "2.5.29.35", "2.5.29.37", "2.5.29.14", "1.3.6.1.5.5.7.1.1", "2.5.29.54", "2.5.29.33", "2.5.29.36");

    /** A parsed certificate: the JDK object for verification, BouncyCastle's for structure. */
    public record Cert(java.security.cert.X509Certificate jdk, Certificate asn1) {}

    /** Go's x509.ParseCertificates: DER certificates back to back. */
    public static List<Cert> parseCertificates(byte[] der) {
        List<Cert> out = new ArrayList<>();
        try (org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(der)) {
            ASN1Primitive p;
            while ((p = in.readObject()) != null) {
                Certificate c = Certificate.getInstance(p);
                out.add(new Cert(TokenKeys.certificate(c.getEncoded(ASN1Encoding.DER)), c));
            }
        } catch (IOException | RuntimeException e) {
            throw new GoError("x509: malformed certificate");
        }
        return out;
    }

    public static Value.Obj certificate(Cert cert, boolean withUriStrings) {
        Certificate c = cert.asn1();
        TBSCertificate tbs = c.getTBSCertificate();
        Extensions exts = tbs.getExtensions();
        Value.Obj.Builder b = Value.Obj.builder()
                .put("Raw", bytes(encode(c)))
                .put("RawTBSCertificate", bytes(encode(tbs)))
                .put("RawSubjectPublicKeyInfo", bytes(encode(tbs.getSubjectPublicKeyInfo())))
                .put("RawSubject", bytes(encode(tbs.getSubject())))
                .put("RawIssuer", bytes(encode(tbs.getIssuer())))
                .put("Signature", bytes(c.getSignature().getOctets()))
                .put("SignatureAlgorithm", Value.num(signatureAlgorithm(c.getSignatureAlgorithm())))
                .put("PublicKeyAlgorithm", Value.num(publicKeyAlgorithm(tbs.getSubjectPublicKeyInfo())))
                .put("PublicKey", publicKey(cert.jdk().getPublicKey()))
                .put("Version", Value.num(tbs.getVersionNumber()))
                .put("SerialNumber", Value.num(tbs.getSerialNumber().getValue()))
                .put("Issuer", name(X500Name.getInstance(tbs.getIssuer())))
                .put("Subject", name(X500Name.getInstance(tbs.getSubject())))
                .put("NotBefore", time(tbs.getStartDate().getDate()))
                .put("NotAfter", time(tbs.getEndDate().getDate()))
                .put("KeyUsage", Value.num(keyUsage(cert.jdk().getKeyUsage())))
                .put("Extensions", extensions(exts))
                .put("ExtraExtensions", Value.NULL)
                .put("UnhandledCriticalExtensions", unhandledCritical(exts));
        extKeyUsage(exts, b);
        basicConstraints(exts, b);
        b.put("SubjectKeyId", subjectKeyId(exts)).put("AuthorityKeyId", authorityKeyId(exts));
        authorityInfoAccess(exts, b);
        List<GoUrl> uris = subjectAltNames(exts, b);
        nameConstraints(exts, b);
        b.put("CRLDistributionPoints", crlDistributionPoints(exts));
        policies(exts, b);
        b.put("InhibitAnyPolicy", Value.num(0)).put("InhibitAnyPolicyZero", Value.FALSE)
                .put("InhibitPolicyMapping", Value.num(0)).put("InhibitPolicyMappingZero", Value.FALSE)
                .put("RequireExplicitPolicy", Value.num(0)).put("RequireExplicitPolicyZero", Value.FALSE)
                .put("PolicyMappings", Value.NULL);
        if (withUriStrings) {
            List<Value> strings = new ArrayList<>();
            for (GoUrl u : uris) strings.add(Value.str(u.toString()));
            b.put("URIStrings", uris.isEmpty() ? Value.NULL : Value.Arr.copyOf(strings));
        }
        return b.build();
    }

    /** Go's x509.CertificateRequest. */
    public static Value.Obj certificateRequest(CertificationRequest csr, PublicKey key) {
        var info = csr.getCertificationRequestInfo();
        Extensions exts = null;
        List<Value> attributes = new ArrayList<>();
        for (ASN1Encodable e : info.getAttributes()) {
            Attribute a = Attribute.getInstance(e);
            if (a.getAttrType().equals(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest) && a.getAttrValues().size() > 0) {
                exts = Extensions.getInstance(a.getAttrValues().getObjectAt(0));
            }
            attributes.add(attribute(a));
        }
        Value.Obj.Builder b = Value.Obj.builder()
                .put("Raw", bytes(encode(csr)))
                .put("RawTBSCertificateRequest", bytes(encode(info)))
                .put("RawSubjectPublicKeyInfo", bytes(encode(info.getSubjectPublicKeyInfo())))
                .put("RawSubject", bytes(encode(info.getSubject())))
                .put("Version", Value.num(info.getVersion().getValue()))
                .put("Signature", bytes(csr.getSignature().getOctets()))
                .put("SignatureAlgorithm", Value.num(signatureAlgorithm(csr.getSignatureAlgorithm())))
                .put("PublicKeyAlgorithm", Value.num(publicKeyAlgorithm(info.getSubjectPublicKeyInfo())))
                .put("PublicKey", publicKey(key))
                .put("Subject", name(info.getSubject()))
                .put("Attributes", attributes.isEmpty() ? Value.NULL : Value.Arr.copyOf(attributes))
                .put("Extensions", extensions(exts))
                .put("ExtraExtensions", Value.NULL);
        subjectAltNames(exts, b);
        return b.build();
    }

    private static byte[] encode(ASN1Encodable o) {
        try {
            return o.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new GoError("x509: malformed certificate");
        }
    }

    static Value bytes(byte[] b) {
        return b == null ? Value.NULL : Value.str(GoBase64.encodeStd(b));
    }

    static Value oid(ASN1ObjectIdentifier id) {
        List<Value> parts = new ArrayList<>();
        for (String p : id.getId().split("\\.")) parts.add(Value.num(new BigInteger(p)));
        return Value.Arr.copyOf(parts);
    }

    private static Value time(Date d) {
        return Value.str(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(d.getTime())));
    }

    private static int signatureAlgorithm(AlgorithmIdentifier alg) {
        String oid = alg.getAlgorithm().getId();
        if (oid.equals("1.2.840.113549.1.1.10")) {
            var params = org.bouncycastle.asn1.pkcs.RSASSAPSSparams.getInstance(alg.getParameters());
            return switch (params.getHashAlgorithm().getAlgorithm().getId()) {
                case "2.16.840.1.101.3.4.2.1" -> 13;
                case "2.16.840.1.101.3.4.2.2" -> 14;
                case "2.16.840.1.101.3.4.2.3" -> 15;
                default -> 0;
            };
        }
        return SIGNATURE_ALGORITHMS.getOrDefault(oid, 0);
    }

    private static int publicKeyAlgorithm(SubjectPublicKeyInfo spki) {
        return PUBLIC_KEY_ALGORITHMS.getOrDefault(spki.getAlgorithm().getAlgorithm().getId(), 0);
    }

    /** RSA keys as {N, E}; ECDSA as {Curve, X, Y} where Go's curve type marshals as {}; Ed25519 as raw bytes. */
    public static Value publicKey(PublicKey key) {
        if (key instanceof RSAPublicKey r) {
            return Value.Obj.builder().put("N", Value.num(r.getModulus())).put("E", Value.num(r.getPublicExponent())).build();
        }
        if (key instanceof ECPublicKey e) {
            return Value.Obj.builder().put("Curve", Value.Obj.EMPTY).put("X", Value.num(e.getW().getAffineX()))
                    .put("Y", Value.num(e.getW().getAffineY())).build();
        }
        if (key instanceof DSAPublicKey d) {
            var p = d.getParams();
            return Value.Obj.builder().put("Parameters", Value.Obj.builder().put("P", Value.num(p.getP()))
                    .put("Q", Value.num(p.getQ())).put("G", Value.num(p.getG())).build()).put("Y", Value.num(d.getY())).build();
        }
        if (key != null && key.getAlgorithm().startsWith("Ed")) {
            byte[] der = key.getEncoded();
            return bytes(Arrays.copyOfRange(der, der.length - 32, der.length));
        }
        return Value.NULL;
    }

    private static final Map<String, String> NAME_FIELDS = Map.of("2.5.4.6", "Country", "2.5.4.10", "Organization",
            "2.5.4.11", "OrganizationalUnit", "2.5.4.7", "Locality", "2.5.4.8", "Province", "2.5.4.9", "StreetAddress",
            "2.5.4.17", "PostalCode");

    /** pkix.Name: multi-valued fields collect every occurrence, CommonName and SerialNumber keep the last one. */
    static Value.Obj name(X500Name n) {
        Map<String, List<Value>> lists = new java.util.LinkedHashMap<>();
        for (String f : List.of("Country", "Organization", "OrganizationalUnit", "Locality", "Province", "StreetAddress", "PostalCode")) {
            lists.put(f, new ArrayList<>());
        }
        String cn = "", serial = "";
        List<Value> names = new ArrayList<>();
        for (RDN rdn : n.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                String oid = atv.getType().getId();
                Value value = attributeValue(atv.getValue());
                names.add(Value.Obj.builder().put("Type", oid(atv.getType())).put("Value", value).build());
                if (!(value instanceof Value.Str s)) continue;
                if (oid.equals("2.5.4.3")) cn = s.value();
                else if (oid.equals("2.5.4.5")) serial = s.value();
                else if (NAME_FIELDS.containsKey(oid)) lists.get(NAME_FIELDS.get(oid)).add(s);
            }
        }
        Value.Obj.Builder b = Value.Obj.builder();
        lists.forEach((k, v) -> b.put(k, v.isEmpty() ? Value.NULL : Value.Arr.copyOf(v)));
        return b.put("SerialNumber", Value.str(serial)).put("CommonName", Value.str(cn))
                .put("Names", names.isEmpty() ? Value.NULL : Value.Arr.copyOf(names)).put("ExtraNames", Value.NULL).build();
    }

    private static Value attributeValue(ASN1Encodable v) {
        if (v instanceof ASN1String s) return Value.str(s.getString());
        if (v instanceof org.bouncycastle.asn1.ASN1Integer i) return Value.num(i.getValue());
        if (v instanceof org.bouncycastle.asn1.ASN1Boolean bool) return Value.bool(bool.isTrue());
        if (v instanceof ASN1ObjectIdentifier o) return oid(o);
        return bytes(encode(v));
    }

    private static Value attribute(Attribute a) {
        List<Value> sets = new ArrayList<>();
        for (ASN1Encodable value : a.getAttrValues()) {
            List<Value> set = new ArrayList<>();
            if (value.toASN1Primitive() instanceof ASN1Sequence seq) {
                for (ASN1Encodable inner : seq) {
                    if (inner.toASN1Primitive() instanceof ASN1Sequence pair && pair.size() == 2
                            && pair.getObjectAt(0) instanceof ASN1ObjectIdentifier type) {
                        set.add(Value.Obj.builder().put("Type", oid(type)).put("Value", attributeValue(pair.getObjectAt(1))).build());
                    }
                }
            }
            sets.add(Value.Arr.copyOf(set));
        }
        return Value.Obj.builder().put("Type", oid(a.getAttrType())).put("Value", Value.Arr.copyOf(sets)).build();
    }

    private static int keyUsage(boolean[] bits) {
        int v = 0;
        if (bits != null) for (int i = 0; i < bits.length && i < 9; i++) if (bits[i]) v |= 1 << i;
        return v;
    }

    private static Value extensions(Extensions exts) {
        if (exts == null) return Value.NULL;
        List<Value> out = new ArrayList<>();
        for (ASN1ObjectIdentifier id : exts.getExtensionOIDs()) {
            Extension e = exts.getExtension(id);
            out.add(Value.Obj.builder().put("Id", oid(id)).put("Critical", Value.bool(e.isCritical()))
                    .put("Value", bytes(e.getExtnValue().getOctets())).build());
        }
        return Value.Arr.copyOf(out);
    }

    private static Value unhandledCritical(Extensions exts) {
        if (exts == null) return Value.NULL;
        List<Value> out = new ArrayList<>();
        for (ASN1ObjectIdentifier id : exts.getCriticalExtensionOIDs()) if (!HANDLED.contains(id.getId())) out.add(oid(id));
        return out.isEmpty() ? Value.NULL : Value.Arr.copyOf(out);
    }

    private static ASN1Encodable extension(Extensions exts, ASN1ObjectIdentifier id) {
        if (exts == null) return null;
        Extension e = exts.getExtension(id);
        return e == null ? null : e.getParsedValue();
    }

    private static void extKeyUsage(Extensions exts, Value.Obj.Builder b) {
        List<Value> known = new ArrayList<>(), unknown = new ArrayList<>();
        ASN1Encodable v = extension(exts, Extension.extendedKeyUsage);
        if (v != null) {
            for (ASN1Encodable e : ASN1Sequence.getInstance(v)) {
                ASN1ObjectIdentifier id = KeyPurposeId.getInstance(e).toOID();
                Integer n = EXT_KEY_USAGES.get(id.getId());
                if (n != null) known.add(Value.num(n));
                else unknown.add(oid(id));
            }
        }
        b.put("ExtKeyUsage", known.isEmpty() ? Value.NULL : Value.Arr.copyOf(known));
        b.put("UnknownExtKeyUsage", unknown.isEmpty() ? Value.NULL : Value.Arr.copyOf(unknown));
    }

    private static void basicConstraints(Extensions exts, Value.Obj.Builder b) {
        ASN1Encodable v = extension(exts, Extension.basicConstraints);
        boolean valid = v != null, ca = false;
        int maxPathLen = 0;
        if (v != null) {
            BasicConstraints bc = BasicConstraints.getInstance(v);
            ca = bc.isCA();
            maxPathLen = bc.getPathLenConstraint() == null ? -1 : bc.getPathLenConstraint().intValue();
        }
        b.put("BasicConstraintsValid", Value.bool(valid)).put("IsCA", Value.bool(ca)).put("MaxPathLen", Value.num(maxPathLen))
                .put("MaxPathLenZero", Value.bool(valid && maxPathLen == 0));
    }

    private static Value subjectKeyId(Extensions exts) {
        ASN1Encodable v = extension(exts, Extension.subjectKeyIdentifier);
        return v == null ? Value.NULL : bytes(SubjectKeyIdentifier.getInstance(v).getKeyIdentifier());
    }

    private static Value authorityKeyId(Extensions exts) {
        ASN1Encodable v = extension(exts, Extension.authorityKeyIdentifier);
        if (v == null) return Value.NULL;
        return bytes(AuthorityKeyIdentifier.getInstance(v).getKeyIdentifier());
    }

    private static void authorityInfoAccess(Extensions exts, Value.Obj.Builder b) {
        List<Value> ocsp = new ArrayList<>(), issuers = new ArrayList<>();
        ASN1Encodable v = extension(exts, Extension.authorityInfoAccess);
        if (v != null) {
            for (AccessDescription d : AuthorityInformationAccess.getInstance(v).getAccessDescriptions()) {
                if (d.getAccessLocation().getTagNo() != GeneralName.uniformResourceIdentifier) continue;
                Value uri = Value.str(((ASN1String) d.getAccessLocation().getName()).getString());
                if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)) ocsp.add(uri);
                else if (d.getAccessMethod().equals(AccessDescription.id_ad_caIssuers)) issuers.add(uri);
            }
        }
        b.put("OCSPServer", ocsp.isEmpty() ? Value.NULL : Value.Arr.copyOf(ocsp));
        b.put("IssuingCertificateURL", issuers.isEmpty() ? Value.NULL : Value.Arr.copyOf(issuers));
    }

    /** DNSNames, EmailAddresses, IPAddresses and URIs from the subject alternative names; returns the URIs. */
    private static List<GoUrl> subjectAltNames(Extensions exts, Value.Obj.Builder b) {
        List<Value> dns = new ArrayList<>(), emails = new ArrayList<>(), ips = new ArrayList<>(), uris = new ArrayList<>();
        List<GoUrl> parsed = new ArrayList<>();
        ASN1Encodable v = extension(exts, Extension.subjectAlternativeName);
        if (v != null) {
            for (GeneralName g : GeneralNames.getInstance(v).getNames()) {
                switch (g.getTagNo()) {
                    case GeneralName.dNSName -> dns.add(Value.str(((ASN1String) g.getName()).getString()));
                    case GeneralName.rfc822Name -> emails.add(Value.str(((ASN1String) g.getName()).getString()));
                    case GeneralName.iPAddress -> ips.add(Value.str(ip(ASN1OctetString.getInstance(g.getName()).getOctets())));
                    case GeneralName.uniformResourceIdentifier -> {
                        GoUrl u = GoUrl.parse(((ASN1String) g.getName()).getString());
                        parsed.add(u);
                        uris.add(u.toJson());
                    }
                    default -> { }
                }
            }
        }
        b.put("DNSNames", dns.isEmpty() ? Value.NULL : Value.Arr.copyOf(dns))
                .put("EmailAddresses", emails.isEmpty() ? Value.NULL : Value.Arr.copyOf(emails))
                .put("IPAddresses", ips.isEmpty() ? Value.NULL : Value.Arr.copyOf(ips))
                .put("URIs", uris.isEmpty() ? Value.NULL : Value.Arr.copyOf(uris));
        return parsed;
    }

    /** net.IP's text form: dotted quad for IPv4 (also when given as 16 bytes), RFC 5952 for IPv6. */
    static String ip(byte[] raw) {
        try {
            String s = InetAddress.getByAddress(raw).getHostAddress();
            if (raw.length == 16 && s.contains(":")) return compressV6(raw);
            return s;
        } catch (UnknownHostException e) {
            return "?" + java.util.HexFormat.of().formatHex(raw);
        }
    }

    private static String compressV6(byte[] raw) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = (raw[2 * i] & 0xff) << 8 | (raw[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static void nameConstraints(Extensions exts, Value.Obj.Builder b) {
        ASN1Encodable v = extension(exts, Extension.nameConstraints);
        boolean critical = exts != null && exts.getExtension(Extension.nameConstraints) != null
                && exts.getExtension(Extension.nameConstraints).isCritical();
        List<Value> pDns = new ArrayList<>(), eDns = new ArrayList<>(), pIp = new ArrayList<>(), eIp = new ArrayList<>(),
                pEmail = new ArrayList<>(), eEmail = new ArrayList<>(), pUri = new ArrayList<>(), eUri = new ArrayList<>();
        if (v != null) {
            NameConstraints nc = NameConstraints.getInstance(v);
            subtrees(nc.getPermittedSubtrees(), pDns, pIp, pEmail, pUri);
            subtrees(nc.getExcludedSubtrees(), eDns, eIp, eEmail, eUri);
        }
        b.put("PermittedDNSDomainsCritical", Value.bool(critical))
                .put("PermittedDNSDomains", list(pDns)).put("ExcludedDNSDomains", list(eDns))
                .put("PermittedIPRanges", list(pIp)).put("ExcludedIPRanges", list(eIp))
                .put("PermittedEmailAddresses", list(pEmail)).put("ExcludedEmailAddresses", list(eEmail))
                .put("PermittedURIDomains", list(pUri)).put("ExcludedURIDomains", list(eUri));
    }

    private static void subtrees(GeneralSubtree[] trees, List<Value> dns, List<Value> ips, List<Value> emails, List<Value> uris) {
        if (trees == null) return;
        for (GeneralSubtree t : trees) {
            GeneralName g = t.getBase();
            switch (g.getTagNo()) {
                case GeneralName.dNSName -> dns.add(Value.str(((ASN1String) g.getName()).getString()));
                case GeneralName.rfc822Name -> emails.add(Value.str(((ASN1String) g.getName()).getString()));
                case GeneralName.uniformResourceIdentifier -> uris.add(Value.str(((ASN1String) g.getName()).getString()));
                case GeneralName.iPAddress -> {
                    byte[] raw = ASN1OctetString.getInstance(g.getName()).getOctets();
                    int half = raw.length / 2;
                    ips.add(Value.Obj.builder().put("IP", Value.str(ip(Arrays.copyOf(raw, half))))
                            .put("Mask", bytes(Arrays.copyOfRange(raw, half, raw.length))).build());
                }
                default -> { }
            }
        }
    }

    private static Value crlDistributionPoints(Extensions exts) {
        ASN1Encodable v = extension(exts, Extension.cRLDistributionPoints);
        List<Value> out = new ArrayList<>();
        if (v != null) {
            for (DistributionPoint dp : CRLDistPoint.getInstance(v).getDistributionPoints()) {
                DistributionPointName name = dp.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) continue;
                for (GeneralName g : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (g.getTagNo() == GeneralName.uniformResourceIdentifier) out.add(Value.str(((ASN1String) g.getName()).getString()));
                }
            }
        }
        return list(out);
    }

    private static void policies(Extensions exts, Value.Obj.Builder b) {
        ASN1Encodable v = extension(exts, Extension.certificatePolicies);
        List<Value> ids = new ArrayList<>(), oids = new ArrayList<>();
        if (v != null) {
            for (PolicyInformation p : CertificatePolicies.getInstance(v).getPolicyInformation()) {
                ids.add(oid(p.getPolicyIdentifier()));
                oids.add(Value.str(p.getPolicyIdentifier().getId()));
            }
        }
        b.put("PolicyIdentifiers", list(ids)).put("Policies", list(oids));
    }

    private static Value list(List<Value> items) {
        return items.isEmpty() ? Value.NULL : Value.Arr.copyOf(items);
    }

}
