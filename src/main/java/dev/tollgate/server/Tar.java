package dev.tollgate.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a gzipped POSIX ustar archive of regular files, the container of an OPA bundle. Every header has mtime 0,
 * owner 0:0 and mode 0644, as {@code opa build} writes them, so the same files make the same bytes (and ETag).
 */
final class Tar {

    private static final int BLOCK = 512;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final GZIPOutputStream out;

    Tar() {
        try {
            out = new GZIPOutputStream(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Tar add(String name, byte[] content) {
        try {
            out.write(header(name, content.length));
            out.write(content);
            int pad = (BLOCK - content.length % BLOCK) % BLOCK;
            out.write(new byte[pad]);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the archive (two zero blocks) and returns the gzipped bytes. */
    byte[] finish() {
        try {
            out.write(new byte[2 * BLOCK]);
            out.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] header(String name, long size) {
        byte[] h = new byte[BLOCK];
        byte[] full = name.getBytes(StandardCharsets.UTF_8);
        String prefix = "";
        String rest = name;
        if (full.length > 100) {
            // ustar splits a long name at a '/' into a 155-byte prefix and a 100-byte name.
            int cut = name.lastIndexOf('/', Math.min(name.length() - 1, 155));
            if (cut <= 0 || name.substring(0, cut).getBytes(StandardCharsets.UTF_8).length > 155
                    || name.substring(cut + 1).getBytes(StandardCharsets.UTF_8).length > 100) {
                throw new IllegalArgumentException("bundle file name too long for a tar header: " + name);
            }
            prefix = name.substring(0, cut);
            rest = name.substring(cut + 1);
        }
        put(h, 0, 100, rest.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        h[156] = '0';
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(h, 345, 155, prefix.getBytes(StandardCharsets.UTF_8));
        // The checksum is computed with its own field as spaces, then written as six octal digits, NUL, space.
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        String digits = String.format("%06o", sum);
        put(h, 148, 6, digits.getBytes(StandardCharsets.US_ASCII));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int at, int len, byte[] value) {
        System.arraycopy(value, 0, h, at, Math.min(len, value.length));
    }

    /** An octal number left-padded with zeros to len-1 digits and NUL-terminated. */
    private static void octal(byte[] h, int at, int len, long value) {
        String s = Long.toOctalString(value);
        s = "0".repeat(len - 1 - s.length()) + s;
        put(h, at, len - 1, s.getBytes(StandardCharsets.US_ASCII));
        h[at + len - 1] = 0;
    }
}
