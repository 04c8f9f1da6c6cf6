package dev.tollgate.rego.builtin.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Go's encoding/base64, including its error texts and offsets ("illegal base64 data at input byte 17"),
 * its skipping of CR and LF anywhere in the input, and its tolerance of non-zero padding bits.
 */
public final class GoBase64 {
    private GoBase64() {}

    public enum Alphabet {
        STD("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
        URL("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

        private final char[] encode;
        private final byte[] decode = new byte[256];

        Alphabet(String chars) {
            encode = chars.toCharArray();
            Arrays.fill(decode, (byte) -1);
            for (int i = 0; i < encode.length; i++) decode[encode[i]] = (byte) i;
        }
    }

    public static byte[] decodeStd(String s) { return decode(s.getBytes(StandardCharsets.UTF_8), Alphabet.STD, true); }

    public static byte[] decodeUrl(String s) { return decode(s.getBytes(StandardCharsets.UTF_8), Alphabet.URL, true); }

    public static String encodeStd(byte[] b) { return encode(b, Alphabet.STD, true); }

    public static String encodeRawUrl(byte[] b) { return encode(b, Alphabet.URL, false); }

    /** OPA's base64url.decode: adds the padding RFC 7515 appendix C leaves out, then decodes strictly padded. */
    public static byte[] decodeUrlLenient(String s) {
        if (!s.endsWith("=")) {
            switch (s.length() % 4) {
                case 0 -> { }
                case 2 -> s += "==";
                case 3 -> s += "=";
                default -> throw new GoError("illegal base64url string: " + s);
            }
        }
        return decodeUrl(s);
    }

    public static String encode(byte[] src, Alphabet a, boolean pad) {
        StringBuilder sb = new StringBuilder((src.length + 2) / 3 * 4);
        int i = 0;
        for (; i + 2 < src.length; i += 3) {
            int v = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8 | (src[i + 2] & 0xff);
            sb.append(a.encode[v >> 18 & 63]).append(a.encode[v >> 12 & 63]).append(a.encode[v >> 6 & 63]).append(a.encode[v & 63]);
        }
        int rest = src.length - i;
        if (rest > 0) {
            int v = (src[i] & 0xff) << 16 | (rest == 2 ? (src[i + 1] & 0xff) << 8 : 0);
            sb.append(a.encode[v >> 18 & 63]).append(a.encode[v >> 12 & 63]);
            if (rest == 2) sb.append(a.encode[v >> 6 & 63]);
            else if (pad) sb.append('=');
            if (pad) sb.append('=');
        }
        return sb.toString();
    }

    /** Decodes four characters at a time as Go's decodeQuantum does; errors carry Go's byte offsets. */
    public static byte[] decode(byte[] src, Alphabet a, boolean padded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length * 3 / 4);
        int si = 0;
        while (true) {
            int[] buf = new int[4];
            int len = 4;
            boolean done = false;
            for (int j = 0; j < 4; j++) {
                if (si == src.length) {
                    if (j == 0) return out.toByteArray();
                    if (j == 1 || padded) throw corrupt(si - j);
                    len = j;
                    done = true;
                    break;
                }
                int in = src[si] & 0xff;
                si++;
                int v = a.decode[in];
                if (v >= 0) {
                    buf[j] = v;
                    continue;
                }
                if (in == '\n' || in == '\r') {
                    j--;
                    continue;
                }
                if (in != '=' || !padded) throw corrupt(si - 1);
                if (j < 2) throw corrupt(si - 1);
                if (j == 2) {
                    while (si < src.length && (src[si] == '\n' || src[si] == '\r')) si++;
                    if (si == src.length) throw corrupt(src.length);
                    if (src[si] != '=') throw corrupt(si - 1);
                    si++;
                }
                while (si < src.length && (src[si] == '\n' || src[si] == '\r')) si++;
                if (si < src.length) throw corrupt(si);
                len = j;
                done = true;
                break;
            }
            int v = buf[0] << 18 | buf[1] << 12 | buf[2] << 6 | buf[3];
            out.write(v >> 16);
            if (len > 2) out.write(v >> 8);
            if (len > 3) out.write(v);
            if (done) return out.toByteArray();
        }
    }

    private static GoError corrupt(int offset) {
        return new GoError("illegal base64 data at input byte " + offset);
    }
}
