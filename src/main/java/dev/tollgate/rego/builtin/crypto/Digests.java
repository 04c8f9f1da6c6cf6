package dev.tollgate.rego.builtin.crypto;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.function.Supplier;

/** Hashes and HMACs by name. BouncyCastle's HMAC is used because, like Go's, it accepts an empty key. */
public enum Digests {
    MD5(MD5Digest::new), SHA1(SHA1Digest::new), SHA256(SHA256Digest::new), SHA384(SHA384Digest::new), SHA512(SHA512Digest::new);

    private final Supplier<Digest> factory;

    Digests(Supplier<Digest> factory) {
        this.factory = factory;
    }

    public byte[] hash(byte[] data) {
        Digest d = factory.get();
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    public byte[] hmac(byte[] key, byte[] data) {
        HMac mac = new HMac(factory.get());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    public int size() {
        return factory.get().getDigestSize();
    }

    /** The JCA name, for Signature and MGF1 parameters. */
    public String jcaName() {
        return switch (this) {
            case MD5 -> "MD5";
            case SHA1 -> "SHA-1";
            case SHA256 -> "SHA-256";
            case SHA384 -> "SHA-384";
            case SHA512 -> "SHA-512";
        };
    }

    /** Go's hmac.Equal: constant-time comparison that also treats different lengths as unequal. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return java.security.MessageDigest.isEqual(a, b);
    }
}
