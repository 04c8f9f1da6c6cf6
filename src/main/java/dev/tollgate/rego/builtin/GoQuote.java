package dev.tollgate.rego.builtin;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv.Quote} and {@code %#U}: OPA's error texts embed values quoted this way
 * (URL parse errors, hex decode errors, JSON syntax errors), and conformance cases match them.
 */
final class GoQuote {
    private GoQuote() {}

    /** {@code strconv.Quote(s)}: double quotes, Go escapes, printable Unicode kept as is. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        appendEscaped(sb, s, '"');
        return sb.append('"').toString();
    }

    /**
     * How encoding/json names an offending byte: {@code 'x'}, {@code '\n'}, {@code '\''}.
     * Go quotes the byte as if it were a code point, so the lead byte 0xC3 of "é" reads as 'Ã'.
     */
    static String quoteByte(int b) {
        if (b == '\'') return "'\\''";
        if (b == '"') return "'\"'";
        StringBuilder sb = new StringBuilder("'");
        appendEscaped(sb, String.valueOf((char) b), '"');
        return sb.append('\'').toString();
    }

    /** {@code fmt.Sprintf("%#U", r)}: {@code U+0067 'g'}, without the quoted form when not printable. */
    static String unicodeVerb(int codePoint) {
        String hex = String.format("U+%04X", codePoint);
        return isPrint(codePoint) ? hex + " '" + new String(Character.toChars(codePoint)) + "'" : hex;
    }

    /** The first UTF-8 byte of the code point at {@code i}: what a Go byte loop would see there. */
    static int leadByte(String s, int i) {
        int cp = s.codePointAt(i);
        if (cp < 0x80) return cp;
        return new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)[0] & 0xff;
    }

    private static void appendEscaped(StringBuilder sb, String s, char quote) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isSurrogate((char) cp)) cp = 0xFFFD; // a lone surrogate is what Go calls invalid UTF-8
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (isPrint(cp)) {
                sb.appendCodePoint(cp);
            } else {
                switch (cp) {
                    case 0x07 -> sb.append("\\a");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case 0x0b -> sb.append("\\v");
                    default -> {
                        if (cp < ' ' || cp == 0x7f) sb.append(String.format("\\x%02x", cp));
                        else if (cp < 0x10000) sb.append(String.format("\\u%04x", cp));
                        else sb.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
    }

    /** Go's {@code unicode.IsPrint}: graphic characters plus the ASCII space, nothing else of the spaces. */
    static boolean isPrint(int cp) {
        if (cp == ' ') return true;
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
