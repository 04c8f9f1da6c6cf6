package dev.tollgate.rego.builtin.crypto;

import dev.tollgate.rego.builtin.crypto.X509Json.Cert;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Certificate chain verification as OPA sets it up with Go's x509.Certificate.Verify: the first certificate is
 * the only trusted root, the last is the leaf, the ones between are intermediates. Checks signatures (refusing
 * MD5 and SHA-1 ones, as Go does), validity periods, CA constraints and path lengths, key usages for the
 * requested extended key usages (server authentication unless told otherwise) and, if asked, the DNS name.
 * Name constraints are not enforced.
 */
public final class CertChains {
    private CertChains() {}

    public static final int EKU_ANY = 0, EKU_SERVER_AUTH = 1;

    /** What to verify against; a null time means now, an empty usage list means server authentication. */
    public record Options(String dnsName, Instant currentTime, List<Integer> keyUsages) {
        public static final Options DEFAULT = new Options("", null, List.of());
    }

    private static final Set<String> INSECURE_SIGNATURES = Set.of("1.2.840.113549.1.1.2", "1.2.840.113549.1.1.4",
            "1.2.840.113549.1.1.5", "1.3.14.3.2.29", "1.2.840.10040.4.3", "1.2.840.10045.4.1");

    /** The verified chain, leaf first and root last; throws with Go's reason when there is none. */
    public static List<Cert> verify(List<Cert> certs, Options o) {
        if (certs.size() < 2) throw new GoError("must supply at least two certificates to be able to verify");
        Cert root = certs.get(0), leaf = certs.get(certs.size() - 1);
        List<Cert> intermediates = certs.subList(1, certs.size() - 1);
        Date now = Date.from(o.currentTime() == null ? Instant.now() : o.currentTime());
        checkUsable(leaf, now);
        if (!o.dnsName().isEmpty()) verifyHostname(leaf.jdk(), o.dnsName());
        List<List<Cert>> chains = new ArrayList<>();
        if (sameCert(leaf, root)) chains.add(List.of(leaf));
        else build(new ArrayList<>(List.of(leaf)), root, intermediates, now, chains);
        if (chains.isEmpty()) throw new GoError("x509: certificate signed by unknown authority");
        List<Integer> usages = o.keyUsages().isEmpty() ? List.of(EKU_SERVER_AUTH) : o.keyUsages();
        if (usages.contains(EKU_ANY)) return chains.get(0);
        for (List<Cert> chain : chains) if (keyUsagesAllowed(chain, usages)) return chain;
        throw new GoError("x509: certificate specifies an incompatible key usage");
    }

    private static void build(List<Cert> chain, Cert root, List<Cert> intermediates, Date now, List<List<Cert>> out) {
        Cert current = chain.get(chain.size() - 1);
        List<Cert> candidates = new ArrayList<>();
        candidates.add(root);
        candidates.addAll(intermediates);
        for (Cert parent : candidates) {
            boolean isRoot = parent == root;
            if (chain.stream().anyMatch(c -> sameCert(c, parent))) continue;
            if (!Arrays.equals(parent.jdk().getSubjectX500Principal().getEncoded(), current.jdk().getIssuerX500Principal().getEncoded())) continue;
            if (!signedBy(current, parent) || !validIssuer(parent, isRoot, chain.size() - 1, now)) continue;
            List<Cert> next = new ArrayList<>(chain);
            next.add(parent);
            if (isRoot) out.add(next);
            else if (next.size() < 16) build(next, root, intermediates, now, out);
        }
    }

    private static void checkUsable(Cert c, Date now) {
        Extensions exts = c.asn1().getTBSCertificate().getExtensions();
        if (exts != null) {
            for (var id : exts.getCriticalExtensionOIDs()) {
                if (!Set.of("2.5.29.15", "2.5.29.19", "2.5.29.17", "2.5.29.30", "2.5.29.31", "2.5.29.32", "2.5.29.35",
                        "2.5.29.37", "2.5.29.14", "1.3.6.1.5.5.7.1.1", "2.5.29.54", "2.5.29.33", "2.5.29.36").contains(id.getId())) {
                    throw new GoError("x509: unhandled critical extension");
                }
            }
        }
        if (now.before(c.jdk().getNotBefore()) || now.after(c.jdk().getNotAfter())) {
            throw new GoError("x509: certificate has expired or is not yet valid");
        }
    }

    private static boolean validIssuer(Cert c, boolean isRoot, int intermediatesBelow, Date now) {
        try {
            checkUsable(c, now);
        } catch (GoError e) {
            return false;
        }
        BasicConstraints bc = basicConstraints(c);
        if (!isRoot && (bc == null || !bc.isCA())) return false;
        // a path length limit counts the intermediates between this certificate and the leaf
        return bc == null || bc.getPathLenConstraint() == null || intermediatesBelow <= bc.getPathLenConstraint().intValue();
    }

    /** Go's CheckSignatureFrom: the parent must be allowed to sign certificates, and the algorithm must be sound. */
    private static boolean signedBy(Cert child, Cert parent) {
        X509Certificate p = parent.jdk();
        BasicConstraints bc = basicConstraints(parent);
        if ((p.getVersion() == 3 && bc == null) || (bc != null && !bc.isCA())) return false;
        boolean[] ku = p.getKeyUsage();
        if (ku != null && (ku.length <= 5 || !ku[5])) {
            boolean any = false;
            for (boolean b : ku) any |= b;
            if (any) return false;
        }
        if (INSECURE_SIGNATURES.contains(child.jdk().getSigAlgOID())) return false;
        try {
            child.jdk().verify(p.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static BasicConstraints basicConstraints(Cert c) {
        Extensions exts = c.asn1().getTBSCertificate().getExtensions();
        if (exts == null || exts.getExtension(Extension.basicConstraints) == null) return null;
        return BasicConstraints.getInstance(exts.getExtension(Extension.basicConstraints).getParsedValue());
    }

    /** Go's checkChainForKeyUsage: each certificate with key usages must allow every requested one still standing. */
    private static boolean keyUsagesAllowed(List<Cert> chain, List<Integer> requested) {
        List<Integer> remaining = new ArrayList<>(requested);
        for (int i = chain.size() - 1; i >= 0; i--) {
            List<Integer> known = new ArrayList<>();
            boolean hasAny = false, unknown = false;
            Extensions exts = chain.get(i).asn1().getTBSCertificate().getExtensions();
            Extension eku = exts == null ? null : exts.getExtension(Extension.extendedKeyUsage);
            if (eku == null) continue;
            for (ASN1Encodable e : ASN1Sequence.getInstance(eku.getParsedValue())) {
                Integer n = X509Json.EXT_KEY_USAGES.get(KeyPurposeId.getInstance(e).toOID().getId());
                if (n == null) unknown = true;
                else known.add(n);
                if (n != null && n == EKU_ANY) hasAny = true;
            }
            if (known.isEmpty() && !unknown) continue;
            if (hasAny) continue;
            remaining.removeIf(u -> !known.contains(u));
            if (remaining.isEmpty()) return false;
        }
        return true;
    }

    private static boolean sameCert(Cert a, Cert b) {
        try {
            return Arrays.equals(a.jdk().getEncoded(), b.jdk().getEncoded());
        } catch (Exception e) {
            return false;
        }
    }

    /** Go's VerifyHostname: IP literals against IP SANs, names against DNS SANs with a leading-label wildcard. */
    static void verifyHostname(X509Certificate cert, String host) {
        String candidate = host.length() >= 3 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<String> dns = new ArrayList<>(), ips = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if ((Integer) san.get(0) == 2) dns.add((String) san.get(1));
                    if ((Integer) san.get(0) == 7) ips.add((String) san.get(1));
                }
            }
        } catch (Exception e) {
            throw new GoError("x509: certificate is not valid for any names");
        }
        if (candidate.matches("[0-9.]+") || candidate.contains(":")) {
            try {
                InetAddress want = InetAddress.getByName(candidate);
                for (String ip : ips) if (InetAddress.getByName(ip).equals(want)) return;
                throw new GoError("x509: certificate is not valid for IP " + candidate);
            } catch (java.net.UnknownHostException notAnIp) {
                // fall through to name matching
            }
        }
        String name = candidate.toLowerCase(Locale.ROOT);
        for (String pattern : dns) if (matchHostnames(pattern.toLowerCase(Locale.ROOT), name)) return;
        throw new GoError("x509: certificate is valid for " + String.join(", ", dns) + ", not " + host);
    }

    private static boolean matchHostnames(String pattern, String host) {
        pattern = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (pattern.isEmpty() || host.isEmpty()) return false;
        String[] p = pattern.split("\\.", -1), h = host.split("\\.", -1);
        if (p.length != h.length) return false;
        for (int i = 0; i < p.length; i++) {
            if (i == 0 && p[i].equals("*")) continue;
            if (!p[i].equals(h[i])) return false;
        }
        return true;
    }
}
