package dev.tollgate.rego.builtin;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv.Quote} family. OPA writes strings into messages and {@code sprintf("%q")} results
 * this way, which differs from JSON quoting for control and non-printable characters ({@code \x01}, {@code \u00a0}).
 */
public final class GoQuote {
    private GoQuote() {}

    public static String quote(String s) {
        return quote(s, '"', false);
    }

    /** {@code strconv.QuoteToASCII}: also escapes everything above U+007E. */
    static String quoteToAscii(String s) {
        return quote(s, '"', true);
    }

    /** {@code strconv.QuoteRune}: a single-quoted character literal. */
    static String quoteRune(int codePoint, boolean asciiOnly) {
        StringBuilder sb = new StringBuilder("'");
        appendEscaped(sb, codePoint, '\'', asciiOnly);
        return sb.append('\'').toString();
    }

    /** {@code strconv.CanBackquote}: no control characters other than tab, and no backquote. */
    static boolean canBackquote(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == '`' || c == 0xFEFF || (c < ' ' && c != '\t') || c == 0x7F) return false;
            if (Character.isSurrogate((char) c)) return false;
        }
        return true;
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int c) {
        if (c == ' ') return true;
        switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }

    /**
     * How encoding/json names an offending byte: {@code 'x'}, {@code '\n'}, {@code '\''}.
     * Go quotes the byte as if it were a code point, so the lead byte 0xC3 of "é" reads as 'Ã'.
     */
    static String quoteByte(int b) {
        if (b == '\'') return "'\\''";
        if (b == '"') return "'\"'";
        StringBuilder sb = new StringBuilder("'");
        appendEscaped(sb, b, '"', false);
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

    private static String quote(String s, char q, boolean asciiOnly) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append(q);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            appendEscaped(sb, c, q, asciiOnly);
        }
        return sb.append(q).toString();
    }

    private static void appendEscaped(StringBuilder sb, int c, char q, boolean asciiOnly) {
        if (c == q || c == '\\') {
            sb.append('\\').appendCodePoint(c);
            return;
        }
        boolean printable = isPrint(c) && !(c <= 0xFFFF && Character.isSurrogate((char) c));
        if (asciiOnly ? c < 0x7F && printable : printable) {
            sb.appendCodePoint(c);
            return;
        }
        switch (c) {
            case 0x07 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 0x0B -> sb.append("\\v");
            default -> {
                if (c < ' ' || c == 0x7F) sb.append(String.format("\\x%02x", c));
                else if (Character.isSurrogate((char) c) && c <= 0xFFFF) sb.append("\\ufffd");
                else if (c < 0x10000) sb.append(String.format("\\u%04x", c));
                else sb.append(String.format("\\U%08x", c));
            }
        }
    }
}
