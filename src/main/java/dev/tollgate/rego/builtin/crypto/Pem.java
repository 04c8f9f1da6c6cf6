package dev.tollgate.rego.builtin.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Go's encoding/pem: finds the next well-formed block and returns it with the bytes after it. Malformed blocks
 * are skipped silently, exactly as Go does, which decides what "extra data after a PEM block" means.
 */
public final class Pem {
    private Pem() {}

    public record Block(String type, Map<String, String> headers, byte[] bytes) {}

    /** A decoded block (null when none) and the remaining input (the whole input when none). */
    public record Decoded(Block block, byte[] rest) {}

    private static final byte[] START = "\n-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n-----END ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DASHES = "-----".getBytes(StandardCharsets.US_ASCII);

    public static Decoded decode(String text) {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Decoded decode(byte[] data) {
        byte[] rest = data;
        while (true) {
            if (startsWith(rest, START, 1)) {
                rest = Arrays.copyOfRange(rest, START.length - 1, rest.length);
            } else {
                int at = indexOf(rest, START, 0);
                if (at < 0) return new Decoded(null, data);
                rest = Arrays.copyOfRange(rest, at + START.length, rest.length);
            }
            Line typeLine = line(rest);
            rest = typeLine.rest;
            if (!endsWith(typeLine.text, DASHES)) continue;
            byte[] type = Arrays.copyOf(typeLine.text, typeLine.text.length - DASHES.length);
            Map<String, String> headers = new LinkedHashMap<>();
            while (true) {
                if (rest.length == 0) return new Decoded(null, data);
                Line l = line(rest);
                int colon = indexOf(l.text, new byte[]{':'}, 0);
                if (colon < 0) break;
                headers.put(new String(l.text, 0, colon, StandardCharsets.UTF_8).strip(),
                        new String(l.text, colon + 1, l.text.length - colon - 1, StandardCharsets.UTF_8).strip());
                rest = l.rest;
            }
            int endIndex, trailerIndex;
            if (headers.isEmpty() && startsWith(rest, END, 1)) {
                endIndex = 0;
                trailerIndex = END.length - 1;
            } else {
                endIndex = indexOf(rest, END, 0);
                trailerIndex = endIndex + END.length;
            }
            if (endIndex < 0) continue;
            int trailerLen = type.length + DASHES.length;
            if (rest.length - trailerIndex < trailerLen) continue;
            byte[] trailer = Arrays.copyOfRange(rest, trailerIndex, trailerIndex + trailerLen);
            if (!startsWith(trailer, type, 0) || !endsWith(trailer, DASHES)) continue;
            if (line(Arrays.copyOfRange(rest, trailerIndex + trailerLen, rest.length)).text.length != 0) continue;
            ByteArrayOutputStream b64 = new ByteArrayOutputStream();
            for (int i = 0; i < endIndex; i++) if (rest[i] != ' ' && rest[i] != '\t') b64.write(rest[i]);
            byte[] bytes;
            try {
                bytes = GoBase64.decode(b64.toByteArray(), GoBase64.Alphabet.STD, true);
            } catch (GoError e) {
                continue;
            }
            byte[] after = line(Arrays.copyOfRange(rest, endIndex + END.length - 1, rest.length)).rest;
            return new Decoded(new Block(new String(type, StandardCharsets.UTF_8), headers, bytes), after);
        }
    }

    /** PEM text for a block, 64 characters a line, as Go's pem.Encode writes it. */
    public static String encode(String type, byte[] bytes) {
        StringBuilder sb = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
        String b64 = GoBase64.encodeStd(bytes);
        for (int i = 0; i < b64.length(); i += 64) sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        return sb.append("-----END ").append(type).append("-----\n").toString();
    }

    private record Line(byte[] text, byte[] rest) {}

    /** Go's getLine: up to the next LF, without a CR before it, trailing spaces and tabs trimmed. */
    private static Line line(byte[] data) {
        int i = indexOf(data, new byte[]{'\n'}, 0);
        int j;
        if (i < 0) {
            i = data.length;
            j = i;
        } else {
            j = i + 1;
            if (i > 0 && data[i - 1] == '\r') i--;
        }
        while (i > 0 && (data[i - 1] == ' ' || data[i - 1] == '\t')) i--;
        return new Line(Arrays.copyOf(data, i), Arrays.copyOfRange(data, j, data.length));
    }

    private static boolean startsWith(byte[] data, byte[] prefix, int prefixFrom) {
        int n = prefix.length - prefixFrom;
        if (data.length < n) return false;
        for (int i = 0; i < n; i++) if (data[i] != prefix[prefixFrom + i]) return false;
        return true;
    }

    private static boolean endsWith(byte[] data, byte[] suffix) {
        if (data.length < suffix.length) return false;
        for (int i = 0; i < suffix.length; i++) if (data[data.length - suffix.length + i] != suffix[i]) return false;
        return true;
    }

    static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) if (data[i + k] != needle[k]) continue outer;
            return i;
        }
        return -1;
    }
}
