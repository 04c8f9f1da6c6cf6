package dev.tollgate.rego.builtin;

import dev.tollgate.rego.BuiltinContext;
import dev.tollgate.rego.BuiltinRegistry;
import dev.tollgate.rego.Value;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * uuid.rfc4122 (a random version-4 UUID, the same one for the same key throughout a query) and uuid.parse
 * (the fields of a UUID, accepting the four spellings Go's google/uuid does).
 */
public final class Uuid implements BuiltinRegistry.Family {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 100-ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch. */
    private static final long GREGORIAN_TO_UNIX = 122_192_928_000_000_000L;

    @Override
    public void register(BuiltinRegistry r) {
        r.registerNondeterministic("uuid.rfc4122", 1, Uuid::rfc4122);
        r.register("uuid.parse", 1, (ctx, a) -> parse(Operands.string("uuid.parse", a, 0)));
    }

    private record Key(Value seed) {}

    private static Value rfc4122(BuiltinContext ctx, Value[] a) {
        return (Value) ctx.cache().computeIfAbsent(new Key(a[0]), k -> Value.str(randomV4()));
    }

    static String randomV4() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        String h = HexFormat.of().formatHex(b);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }

    /** Undefined (null) for anything that is not a UUID. */
    static Value parse(String s) {
        byte[] u = bytes(s);
        if (u == null) return null;
        int version = (u[6] & 0xff) >> 4;
        Value.Obj.Builder out = Value.Obj.builder()
                .put("version", Value.num(version))
                .put("variant", Value.str(variant(u[8] & 0xff)));
        if (version == 1 || version == 2) {
            out.put("time", Value.num(unixNanos(u)));
            out.put("nodeid", Value.str(nodeId(u)));
            out.put("macvariables", Value.str(macVariables(u[10] & 0xff)));
            out.put("clocksequence", Value.num(((u[8] & 0xff) << 8 | (u[9] & 0xff)) & 0x3fff));
            if (version == 2) {
                out.put("id", Value.num(be32(u, 0)));
                out.put("domain", Value.str(domain(u[9] & 0xff)));
            }
        }
        return out.build();
    }

    /**
     * The 16 bytes, from "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", the same with a case-insensitive "urn:uuid:" prefix,
     * wrapped in any two characters (only the middle is read, as google/uuid does), or 32 bare hex digits.
     */
    private static byte[] bytes(String s) {
        String hex;
        switch (s.length()) {
            case 36 -> hex = dashed(s);
            case 45 -> hex = s.substring(0, 9).toLowerCase(Locale.ROOT).equals("urn:uuid:") ? dashed(s.substring(9)) : null;
            case 38 -> hex = dashed(s.substring(1, 37));
            case 32 -> hex = s;
            default -> hex = null;
        }
        if (hex == null || !hex.chars().allMatch(Uuid::isHexDigit)) return null;
        return HexFormat.of().parseHex(hex);
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String dashed(String s) {
        if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') return null;
        return s.substring(0, 8) + s.substring(9, 13) + s.substring(14, 18) + s.substring(19, 23) + s.substring(24);
    }

    private static String variant(int b) {
        if ((b & 0xc0) == 0x80) return "RFC4122";
        if ((b & 0xe0) == 0xc0) return "Microsoft";
        if ((b & 0xe0) == 0xe0) return "Future";
        return "Reserved";
    }

    /** The 60-bit timestamp (100-ns steps since 1582) as Unix nanoseconds. */
    private static long unixNanos(byte[] u) {
        long t = be32(u, 0) | ((long) be16(u, 4) << 32) | ((long) (be16(u, 6) & 0x0fff) << 48);
        long since = t - GREGORIAN_TO_UNIX;
        return (since / 10_000_000L) * 1_000_000_000L + (since % 10_000_000L) * 100;
    }

    private static String nodeId(byte[] u) {
        StringBuilder sb = new StringBuilder();
        for (int i = 10; i < 16; i++) {
            if (i > 10) sb.append('-');
            sb.append(String.format("%02x", u[i] & 0xff));
        }
        return sb.toString();
    }

    /** The local/global and multicast/unicast bits of the node's first byte. */
    private static String macVariables(int b) {
        if ((b & 0b11) == 0b11) return "local:multicast";
        if ((b & 0b01) == 0b01) return "global:multicast";
        if ((b & 0b10) == 0b10) return "local:unicast";
        return "global:unicast";
    }

    private static String domain(int d) {
        return switch (d) {
            case 0 -> "Person";
            case 1 -> "Group";
            case 2 -> "Org";
            default -> "Domain" + d;
        };
    }

    private static long be32(byte[] u, int i) {
        return ((long) (u[i] & 0xff) << 24) | ((u[i + 1] & 0xff) << 16) | ((u[i + 2] & 0xff) << 8) | (u[i + 3] & 0xff);
    }

    private static int be16(byte[] u, int i) {
        return ((u[i] & 0xff) << 8) | (u[i + 1] & 0xff);
    }
}
