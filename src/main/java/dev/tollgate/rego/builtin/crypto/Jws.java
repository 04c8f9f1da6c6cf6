package dev.tollgate.rego.builtin.crypto;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Set;

/**
 * JWS signatures (RFC 7515/7518): HS, RS, PS, ES at 256/384/512 bits and EdDSA. RSASSA-PSS verification
 * detects the salt length, as Go's rsa.VerifyPSS does by default; ES signatures are r||s.
 */
public final class Jws {
    private Jws() {}

    public static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "EdDSA");

    public static Digests digest(String alg) {
        return switch (alg.substring(alg.length() - 3)) {
            case "384" -> Digests.SHA384;
            case "512" -> Digests.SHA512;
            default -> Digests.SHA256;
        };
    }

    /** Signs with a key from a JWK; the key type must suit the algorithm. */
    public static byte[] sign(Jwk key, String alg, byte[] input) {
        try {
            if (alg.startsWith("HS")) {
                if (key.secret() == null) throw mismatch(key, alg);
                return digest(alg).hmac(key.secret(), input);
            }
            String family = switch (alg.substring(0, 2)) {
                case "RS", "PS" -> "RSA";
                case "ES" -> "EC";
                default -> "OKP";
            };
            if (!key.kty().equals(family)) throw mismatch(key, alg);
            PrivateKey priv = key.privateKey();
            if (priv == null) throw new GoError("failed to sign: " + alg + " needs a private key");
            Signature s;
            String hash = digest(alg).jcaName().replace("-", "");
            switch (alg.substring(0, 2)) {
                case "RS" -> s = Signature.getInstance(hash + "withRSA");
                case "PS" -> {
                    s = Signature.getInstance("RSASSA-PSS");
                    Digests d = digest(alg);
                    s.setParameter(new PSSParameterSpec(d.jcaName(), "MGF1", new MGF1ParameterSpec(d.jcaName()), d.size(), 1));
                }
                case "ES" -> s = Signature.getInstance(hash + "withECDSAinP1363Format");
                default -> s = Signature.getInstance("Ed25519");
            }
            s.initSign(priv);
            s.update(input);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new GoError("failed to sign: " + e.getMessage());
        }
    }

    private static GoError mismatch(Jwk key, String alg) {
        return new GoError("failed to sign: a key of type " + key.kty() + " cannot sign with " + alg);
    }

    /**
     * Verification as the jwx library does it for io.jwt.decode_verify: the algorithm comes from the token
     * header, ES signatures must be exactly twice the curve size. A secret is used only for HS algorithms.
     */
    public static boolean verify(TokenKeys.Key key, String alg, byte[] input, byte[] sig) {
        if (!ALGORITHMS.contains(alg)) return false;
        if (alg.startsWith("HS")) {
            return key.secret() != null && Digests.constantTimeEquals(digest(alg).hmac(key.secret(), input), sig);
        }
        PublicKey pub = key.publicKey();
        if (pub == null) return false;
        return switch (alg.substring(0, 2)) {
            case "RS" -> pub instanceof RSAPublicKey r && pkcs1(r, digest(alg), input, sig);
            case "PS" -> pub instanceof RSAPublicKey r && pss(r, digest(alg), digest(alg).hash(input), sig);
            case "ES" -> pub instanceof ECPublicKey e && sig.length == 2 * curveBytes(e) && ecdsa(e, digest(alg).hash(input), sig);
            default -> ed25519(pub, input, sig);
        };
    }

    /** RSASSA-PKCS1-v1_5; the signature must be as long as the modulus. */
    public static boolean pkcs1(RSAPublicKey key, Digests d, byte[] input, byte[] sig) {
        if (sig.length != (key.getModulus().bitLength() + 7) / 8) return false;
        try {
            Signature s = Signature.getInstance(d.jcaName().replace("-", "") + "withRSA");
            s.initVerify(key);
            s.update(input);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** EMSA-PSS verification (RFC 8017 section 9.1.2) with the salt length read from the encoded message. */
    public static boolean pss(RSAPublicKey key, Digests d, byte[] mHash, byte[] sig) {
        BigInteger n = key.getModulus();
        int modBits = n.bitLength();
        if (sig.length != (modBits + 7) / 8) return false;
        BigInteger s = new BigInteger(1, sig);
        if (s.compareTo(n) >= 0) return false;
        BigInteger m = s.modPow(key.getPublicExponent(), n);
        int emBits = modBits - 1, emLen = (emBits + 7) / 8, hLen = d.size();
        if (m.bitLength() > emBits || emLen < hLen + 2) return false;
        byte[] em = leftPad(Jwk.unsigned(m), emLen);
        if ((em[emLen - 1] & 0xff) != 0xbc) return false;
        byte[] maskedDb = Arrays.copyOfRange(em, 0, emLen - hLen - 1);
        byte[] h = Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
        int unusedBits = 8 * emLen - emBits;
        if (unusedBits > 0 && (maskedDb[0] & 0xff) >> (8 - unusedBits) != 0) return false;
        byte[] mask = mgf1(d, h, maskedDb.length);
        byte[] db = new byte[maskedDb.length];
        for (int i = 0; i < db.length; i++) db[i] = (byte) (maskedDb[i] ^ mask[i]);
        if (unusedBits > 0) db[0] &= (byte) (0xff >> unusedBits);
        int i = 0;
        while (i < db.length && db[i] == 0) i++;
        if (i == db.length || db[i] != 1) return false;
        byte[] salt = Arrays.copyOfRange(db, i + 1, db.length);
        byte[] prime = new byte[8 + hLen + salt.length];
        System.arraycopy(mHash, 0, prime, 8, hLen);
        System.arraycopy(salt, 0, prime, 8 + hLen, salt.length);
        return Digests.constantTimeEquals(d.hash(prime), h);
    }

    private static byte[] mgf1(Digests d, byte[] seed, int length) {
        byte[] out = new byte[length];
        int done = 0;
        for (int counter = 0; done < length; counter++) {
            byte[] in = Arrays.copyOf(seed, seed.length + 4);
            in[seed.length] = (byte) (counter >>> 24);
            in[seed.length + 1] = (byte) (counter >>> 16);
            in[seed.length + 2] = (byte) (counter >>> 8);
            in[seed.length + 3] = (byte) counter;
            byte[] block = d.hash(in);
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** ECDSA over a precomputed digest, r and s being the two halves of the signature. */
    public static boolean ecdsa(ECPublicKey key, byte[] digest, byte[] sig) {
        if (sig.length < 2) return false;
        int half = sig.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, half, sig.length));
        try {
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key));
            return signer.verifySignature(digest, r, s);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public static boolean ed25519(PublicKey key, byte[] input, byte[] sig) {
        if (!key.getAlgorithm().equals("Ed25519") && !key.getAlgorithm().equals("EdDSA")) return false;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(input);
            return s.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static int curveBytes(ECPublicKey key) {
        return (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    }

    private static byte[] leftPad(byte[] b, int len) {
        if (b.length >= len) return b;
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }
}
