package dev.tollgate.rego.builtin;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Go's net.IP and net.IPNet, byte for byte. OPA's net.cidr_* builtins lean on Go's quirks: IPv4 addresses live in
 * 16-byte form until masked, an IPv4 network keeps a 4-byte mask, {@code IPNet.String()} prints the stored
 * (possibly unmasked) address, and IPv4-mapped IPv6 addresses print as dotted quads. Parsing follows net/netip:
 * strict dotted decimal (no leading zeros), RFC 4291 text for IPv6, no zones.
 */
final class GoNet {
    private GoNet() {}

    private static final byte[] V4_IN_V6_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    /** Go's {@code net.IPNet}: an address (4 or 16 bytes) and a mask (4 or 16 bytes). */
    record IpNet(byte[] ip, byte[] mask) {

        /** {@code IPNet.Contains}. */
        boolean contains(byte[] addr) {
            byte[][] nm = networkNumberAndMask();
            if (nm == null) return false;
            byte[] x = to4(addr);
            if (x != null) addr = x;
            byte[] nn = nm[0];
            byte[] m = nm[1];
            if (addr.length != nn.length) return false;
            for (int i = 0; i < addr.length; i++) {
                if ((nn[i] & m[i]) != (addr[i] & m[i])) return false;
            }
            return true;
        }

        /** {@code IPMask.Size()}: leading ones and total bits, or {0, 0} for a non-canonical mask. */
        int[] maskSize() {
            int ones = leadingOnes(mask);
            return ones < 0 ? new int[] {0, 0} : new int[] {ones, mask.length * 8};
        }

        private byte[][] networkNumberAndMask() {
            byte[] nn = to4(ip);
            if (nn == null) {
                nn = ip;
                if (nn.length != 16) return null;
            }
            byte[] m = mask;
            if (m.length == 4) {
                if (nn.length != 4) return null;
            } else if (m.length == 16) {
                if (nn.length == 4) m = Arrays.copyOfRange(m, 12, 16);
            } else {
                return null;
            }
            return new byte[][] {nn, m};
        }

        /** {@code IPNet.String()}: the stored address (not re-masked) and the prefix length. */
        @Override
        public String toString() {
            byte[][] nm = networkNumberAndMask();
            if (nm == null) return "<nil>";
            int l = leadingOnes(nm[1]);
            return l < 0 ? ipString(nm[0]) + "/" + hex(nm[1]) : ipString(nm[0]) + "/" + l;
        }

        @Override public boolean equals(Object o) {
            return o instanceof IpNet n && Arrays.equals(ip, n.ip) && Arrays.equals(mask, n.mask);
        }

        @Override public int hashCode() { return Arrays.hashCode(ip) * 31 + Arrays.hashCode(mask); }
    }

    // ---------------------------------------------------------------- parsing

    /** {@code net.ParseIP}: 16 bytes (IPv4 as IPv4-mapped), or null. */
    static byte[] parseIp(String s) {
        byte[] a = parseAddr(s);
        if (a == null) return null;
        return a.length == 16 ? a : v4ToV6(a);
    }

    /** {@code net.ParseCIDR}'s network, or null when {@code s} is not "address/prefix". */
    static IpNet parseCidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) return null;
        byte[] addr = parseAddr(s.substring(0, slash));
        if (addr == null) return null;
        String prefix = s.substring(slash + 1);
        int n = 0;
        int i = 0;
        for (; i < prefix.length() && prefix.charAt(i) >= '0' && prefix.charAt(i) <= '9'; i++) {
            n = n * 10 + (prefix.charAt(i) - '0');
            if (n >= 0xFFFFFF) return null;
        }
        int bits = addr.length * 8;
        if (i == 0 || i != prefix.length() || n > bits) return null;
        byte[] mask = cidrMask(n, bits);
        byte[] ip16 = addr.length == 16 ? addr : v4ToV6(addr);
        return new IpNet(maskIp(ip16, mask), mask);
    }

    /** net/netip's ParseAddr without zones: 4 bytes for dotted decimal, 16 for IPv6 text. */
    static byte[] parseAddr(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') return parseV4(s, 0, s.length());
            if (c == ':') return parseV6(s);
            if (c == '%') return null;
        }
        return null;
    }

    private static byte[] parseV4(String s, int from, int to) {
        byte[] out = new byte[4];
        int val = 0;
        int digits = 0;
        int pos = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && val == 0) return null; // leading zero
                val = val * 10 + (c - '0');
                digits++;
                if (val > 255) return null;
            } else if (c == '.') {
                if (i == from || i == to - 1 || s.charAt(i - 1) == '.') return null;
                if (pos == 3) return null;
                out[pos++] = (byte) val;
                val = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (pos < 3) return null;
        out[3] = (byte) val;
        return out;
    }

    private static byte[] parseV6(String in) {
        if (in.indexOf('%') >= 0) return null; // zones are not accepted by ParseIP or ParseCIDR
        byte[] ip = new byte[16];
        int ellipsis = -1;
        int p = 0;
        if (in.startsWith("::")) {
            ellipsis = 0;
            p = 2;
            if (p == in.length()) return ip;
        }
        int i = 0;
        while (i < 16) {
            int off = p;
            int acc = 0;
            for (; off < in.length(); off++) {
                int d = hexDigit(in.charAt(off));
                if (d < 0) break;
                acc = (acc << 4) + d;
                if (off - p > 3) return null; // more than four digits
            }
            if (off == p) return null;
            if (off < in.length() && in.charAt(off) == '.') {
                if (ellipsis < 0 && i != 12) return null;
                if (i + 4 > 16) return null;
                byte[] v4 = parseV4(in, p, in.length());
                if (v4 == null) return null;
                System.arraycopy(v4, 0, ip, i, 4);
                i += 4;
                p = in.length();
                break;
            }
            ip[i] = (byte) (acc >> 8);
            ip[i + 1] = (byte) acc;
            i += 2;
            p = off;
            if (p == in.length()) break;
            if (in.charAt(p) != ':' || p + 1 == in.length()) return null;
            p++;
            if (in.charAt(p) == ':') {
                if (ellipsis >= 0) return null;
                ellipsis = i;
                p++;
                if (p == in.length()) break;
            }
        }
        if (p != in.length()) return null;
        if (i < 16) {
            if (ellipsis < 0) return null;
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
            Arrays.fill(ip, ellipsis, ellipsis + n, (byte) 0);
        } else if (ellipsis >= 0) {
            return null; // "::" must stand for at least one group
        }
        return ip;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    // ---------------------------------------------------------------- bytes

    static byte[] v4ToV6(byte[] v4) {
        byte[] out = Arrays.copyOf(V4_IN_V6_PREFIX, 16);
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    /** {@code IP.To4()}: the 4-byte form of an IPv4 or IPv4-mapped address, else null. */
    static byte[] to4(byte[] ip) {
        if (ip.length == 4) return ip;
        if (ip.length == 16 && Arrays.equals(ip, 0, 12, V4_IN_V6_PREFIX, 0, 12)) return Arrays.copyOfRange(ip, 12, 16);
        return null;
    }

    /** {@code net.CIDRMask(ones, bits)}. */
    static byte[] cidrMask(int ones, int bits) {
        byte[] m = new byte[bits / 8];
        for (int i = 0; i < m.length; i++) {
            int n = Math.min(8, Math.max(0, ones - i * 8));
            m[i] = (byte) (0xff00 >> n);
        }
        return m;
    }

    /** {@code IP.Mask(mask)}, including Go's conversions between 4- and 16-byte forms. */
    static byte[] maskIp(byte[] ip, byte[] mask) {
        if (mask.length == 16 && ip.length == 4 && allFf(mask, 0, 12)) mask = Arrays.copyOfRange(mask, 12, 16);
        if (mask.length == 4 && ip.length == 16 && Arrays.equals(ip, 0, 12, V4_IN_V6_PREFIX, 0, 12)) {
            ip = Arrays.copyOfRange(ip, 12, 16);
        }
        if (ip.length != mask.length) return null;
        byte[] out = new byte[ip.length];
        for (int i = 0; i < ip.length; i++) out[i] = (byte) (ip[i] & mask[i]);
        return out;
    }

    private static boolean allFf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != (byte) 0xff) return false;
        return true;
    }

    private static int leadingOnes(byte[] mask) {
        int n = 0;
        int i = 0;
        for (; i < mask.length && mask[i] == (byte) 0xff; i++) n += 8;
        if (i < mask.length) {
            int b = mask[i] & 0xff;
            while ((b & 0x80) != 0) {
                n++;
                b = (b << 1) & 0xff;
            }
            if (b != 0) return -1;
            for (i++; i < mask.length; i++) if (mask[i] != 0) return -1;
        }
        return n;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x & 0xff));
        return sb.toString();
    }

    // ---------------------------------------------------------------- text

    /** {@code IP.String()}: dotted quad for IPv4 and IPv4-mapped, RFC 5952 for the rest. */
    static String ipString(byte[] ip) {
        byte[] v4 = to4(ip);
        if (v4 != null) return (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (ip[2 * i] & 0xff) << 8 | ip[2 * i + 1] & 0xff;
        int zeroStart = -1;
        int zeroEnd = -1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i >= 2 && j - i > zeroEnd - zeroStart) {
                zeroStart = i;
                zeroEnd = j;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == zeroStart) {
                sb.append("::");
                i = zeroEnd;
                if (i >= 8) break;
            } else if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** The address as an unsigned 128-bit number, IPv4 in its IPv4-mapped place. */
    static BigInteger toBig(byte[] ip) {
        return new BigInteger(1, ip.length == 16 ? ip : v4ToV6(ip));
    }

    /** A 128-bit number as 16 bytes. */
    static byte[] fromBig(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[16];
        int n = Math.min(16, raw.length);
        System.arraycopy(raw, raw.length - n, out, 16 - n, n);
        return out;
    }
}
